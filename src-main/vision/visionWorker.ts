import { parentPort } from 'node:worker_threads';
import { cv as opencv } from 'opencv-wasm';
import { whenReady } from './cv.js';
import type { MaskCrop } from '../api/maskCodec.js';
import { throughWindow } from './displayWindow.js';
import { encodeCrop, type EncodedMask } from './encodedMask.js';
import { runVisionOp, type VisionOp, type VisionParams } from './visionOps.js';
import { magicWandEncoded } from './wand.js';

/**
 * The Node worker thread that runs the assists (bundled into visionThread.ts as `?thread` code).
 * It is the only Node-specific part: the algorithms take OpenCV as an argument.
 */

interface Request {
  id: number;
  op: VisionOp;
  params: VisionParams<VisionOp>;
  /** The params' image is the one sent last (kept here), not sent again. */
  sameImage?: boolean;
  /** Answer the result's mask encoded (EncodedMask) instead of as bits. */
  encode?: boolean;
}

/** The last image received: the next call may refer to it. */
let lastImage: unknown = undefined;

const ready = whenReady(opencv);

parentPort!.on('message', (req: Request) => {
  void ready.then(({ cv }) => {
    try {
      const params = req.params as { image?: unknown };
      if (req.sameImage) params.image = lastImage;
      else if (params.image !== undefined) lastImage = params.image;
      if (req.encode && req.op === 'wand') {
        const mask = wandEncoded(cv, req.params as VisionParams<'wand'>);
        if (mask !== undefined) {
          parentPort!.postMessage({ id: req.id, result: { mask } });
          return;
        }
      }
      const result = runVisionOp(cv, req.op, req.params) as { mask?: MaskCrop | null };
      const mask = result.mask;
      if (req.encode && mask !== undefined) {
        parentPort!.postMessage({ id: req.id, result: { ...result, mask: mask && encodeCrop(mask) } });
      } else {
        parentPort!.postMessage({ id: req.id, result }, mask ? [mask.bits.buffer as ArrayBuffer] : []);
      }
    } catch (e) {
      // OpenCV throws a pointer to its exception; say what it was.
      const message = typeof e === 'number' ? describeCvException(cv, e) : e instanceof Error ? e.message : String(e);
      parentPort!.postMessage({ id: req.id, error: message });
    }
  });
});

/**
 * A wand step as the app asks for it (one click, no mask to add to), encoded straight from the
 * flood mask; undefined for what takes the general path (several seeds, a base mask).
 */
function wandEncoded(cv: Parameters<typeof runVisionOp>[0], p: VisionParams<'wand'>): EncodedMask | null | undefined {
  const seed = p.seeds[0];
  if (p.seeds.length !== 1 || !seed?.positive || p.base) return undefined;
  return magicWandEncoded(cv, throughWindow(p.image, p.display), { seed, tolerance: p.tolerance, connectivity: p.connectivity });
}

function describeCvException(cv: unknown, ptr: number): string {
  try {
    return `OpenCV: ${(cv as { exceptionFromPtr(p: number): { msg: string } }).exceptionFromPtr(ptr).msg}`;
  } catch {
    return `OpenCV exception ${ptr}`;
  }
}
