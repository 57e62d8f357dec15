import { LightboxError } from '../../api/errors.js';
import { RequestThread } from '../../jobs/requestThread.js';
import { decode } from '../../imaging/sharpSafe.js';
import type { FaceBox, FaceImage } from './faceDetector.js';
import faceWorkerCode from './faceWorker.js?thread';

/**
 * Face proposals for redaction, in upright image pixels. The image is scaled so its longer side is
 * at most DETECT_SIDE before detection (the detector works at 512 px inside; a 24 MP frame would
 * cost half a gigabyte as a tensor) and the boxes are scaled back.
 */
export const DETECT_SIDE = 1600;

export type FaceProposal = FaceBox;

let shared: RequestThread<{ image: FaceImage; minScore?: number }, { faces: FaceBox[] }> | null = null;

function faceThread(modelDir?: string) {
  if (modelDir !== undefined) return new RequestThread<{ image: FaceImage; minScore?: number }, { faces: FaceBox[] }>(faceWorkerCode, 'face detector', { workerData: { modelDir }, idleMs: 1000 });
  shared ??= new RequestThread(faceWorkerCode, 'face detector');
  return shared;
}

/** The upright image at detection size, and the factor from its pixels back to the image's. */
export async function faceInput(file: string): Promise<{ image: FaceImage; scale: number; width: number; height: number }> {
  const meta = await decode(file).rotate().metadata();
  const quarterTurn = (meta.orientation ?? 1) >= 5;
  const width = (quarterTurn ? meta.height : meta.width) ?? 0;
  const height = (quarterTurn ? meta.width : meta.height) ?? 0;
  const longer = Math.max(width, height);
  const scale = longer > DETECT_SIDE ? longer / DETECT_SIDE : 1;
  const pipeline = decode(file).rotate().removeAlpha().toColourspace('srgb');
  const sized = scale > 1 ? pipeline.resize({ width: DETECT_SIDE, height: DETECT_SIDE, fit: 'inside' }) : pipeline;
  const { data, info } = await sized.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new LightboxError('UNREADABLE', `The image decoded to ${info.channels} channels; faces can only be looked for in colour or grey images.`);
  return {
    image: { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) },
    scale: width / info.width,
    width,
    height,
  };
}

/**
 * Propose face boxes for one image file. `modelDir` replaces the packaged weights (tests of a
 * damaged install). A detector that cannot load is BAD_FILE with the reason.
 */
export async function proposeFaces(file: string, opts: { minScore?: number; modelDir?: string } = {}): Promise<FaceProposal[]> {
  const { image, scale, width, height } = await faceInput(file);
  const thread = faceThread(opts.modelDir);
  let faces: FaceBox[];
  try {
    ({ faces } = await thread.call({ image, minScore: opts.minScore }, [image.data.buffer as ArrayBuffer]));
  } catch (e) {
    throw new LightboxError('BAD_FILE', `Faces could not be looked for: ${e instanceof Error ? e.message : String(e)}.`);
  } finally {
    if (opts.modelDir !== undefined) void thread.close();
  }
  return faces.map((f) => {
    const x = f.x * scale;
    const y = f.y * scale;
    return { x, y, w: Math.min(width - x, f.w * scale), h: Math.min(height - y, f.h * scale), score: f.score };
  });
}
