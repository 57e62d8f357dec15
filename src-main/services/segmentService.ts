import type { SegmentParams } from '../api/annotations.js';
import { LightboxError } from '../api/errors.js';
import { encodeMask, type MaskCrop, maskArea } from '../api/maskCodec.js';
import type { z } from 'zod';
import { resolveInside } from '../dataset/pathSafety.js';
import { decodeFailureReason } from '../imaging/sharpSafe.js';
import { decodeUprightPixels } from '../imaging/uprightPixels.js';
import { imageSource } from '../store/imageStateRepo.js';
import type { VisionImage } from '../vision/visionImage.js';
import { visionThread } from '../vision/visionThread.js';
import { samSegment } from './samService.js';
import { createRegion, imageSize } from './annotationsService.js';
import type { Handlers } from './handlers.js';
import { assertLiveClass } from './labelCommands.js';
import type { Session } from './Session.js';

/**
 * `annotations.segment`: a classic assist (wand, GrabCut, threshold) on the upright image, run on
 * the vision thread, its mask stored through the same door as a drawn region (one undoable command).
 */

/** The assists hold the whole image in OpenCV's heap (plus a mask the same size): 100 megapixels at most. */
export const MAX_ASSIST_PIXELS = 100_000_000;

type Params = z.output<typeof SegmentParams>;

const DEFAULTS = { tolerance: 32, iterations: 5, connectivity: 8 as const, polarity: 'auto' as const };

/** Refuse what the method cannot use, and clicks outside the image, before decoding anything. */
function checkParams(p: Params, width: number, height: number): void {
  const points = p.points ?? [];
  for (const pt of points) {
    if (pt.x < 0 || pt.y < 0 || pt.x >= width || pt.y >= height) {
      throw new LightboxError('BAD_PARAMS', `The point ${pt.x},${pt.y} is outside the image (${width}×${height} px).`);
    }
  }
  if (p.method === 'wand') {
    if (!points.some((pt) => pt.positive)) throw new LightboxError('BAD_PARAMS', 'The magic wand needs a point to start from: give at least one positive point.');
    if (p.box) throw new LightboxError('BAD_PARAMS', 'The magic wand takes points, not a box: use grabcut or threshold with a box.');
    return;
  }
  if (!p.box) throw new LightboxError('BAD_PARAMS', `${p.method === 'grabcut' ? 'GrabCut' : 'Threshold'} needs a box around the object.`);
  const { x, y, w, h } = p.box;
  if (x + w <= 0 || y + h <= 0 || x >= width || y >= height) throw new LightboxError('BAD_PARAMS', `The box is outside the image (${width}×${height} px).`);
  if (p.method === 'threshold' && points.length > 0) throw new LightboxError('BAD_PARAMS', 'Threshold takes a box only (no points): use grabcut for hints.');
}

async function uprightImage(s: Session, imageId: number, width: number, height: number): Promise<VisionImage> {
  const { db, root } = s.require();
  const row = imageSource(db, imageId);
  if (!row) throw new LightboxError('NOT_FOUND', `There is no image with id ${imageId}.`);
  if (width * height > MAX_ASSIST_PIXELS) {
    throw new LightboxError('BAD_PARAMS', `This image is too large for the assists (${width}×${height} px; at most ${MAX_ASSIST_PIXELS / 1e6} megapixels). Draw or brush the region instead.`);
  }
  let img: VisionImage;
  try {
    img = await decodeUprightPixels(resolveInside(root, row.path));
  } catch (e) {
    if (e instanceof LightboxError) throw e;
    throw new LightboxError('UNREADABLE', `This image could not be read (${decodeFailureReason(e)}).`);
  }
  if (img.width !== width || img.height !== height) {
    throw new LightboxError('CONFLICT', `This image changed on disk since it was scanned (now ${img.width}×${img.height} px): scan the dataset again.`);
  }
  return img;
}

const NOTHING: Record<Exclude<Params['method'], 'sam'>, string> = {
  wand: 'The magic wand found nothing there: click inside the object or raise the tolerance.',
  grabcut: 'GrabCut found no object in the box: draw the box snugly around the object, or add foreground points.',
  threshold: 'Nothing in the box is on the object side of the level: try another level or the other polarity.',
};

async function runAssist(p: Params, image: VisionImage): Promise<MaskCrop | null> {
  const thread = visionThread();
  const points = p.points ?? [];
  switch (p.method) {
    case 'wand':
      return (await thread.call('wand', { image, seeds: points, tolerance: p.tolerance ?? DEFAULTS.tolerance, connectivity: p.connectivity ?? DEFAULTS.connectivity })).mask;
    case 'grabcut': {
      const box = p.box!;
      const radius = p.hintRadius ?? Math.max(2, Math.round(Math.min(box.w, box.h) / 50));
      const hints = points.map((pt) => ({ x: pt.x, y: pt.y, radius, foreground: pt.positive }));
      return (await thread.call('grabcut', { image, box, iterations: p.iterations ?? DEFAULTS.iterations, hints })).mask;
    }
    case 'threshold':
      return (await thread.call('threshold', { image, box: p.box!, level: p.level, polarity: p.polarity ?? DEFAULTS.polarity })).mask;
    case 'sam':
      throw new Error('SAM runs in samService.ts, not on the vision thread');
  }
}

export const segmentHandlers: Handlers<'annotations.segment'> = {
  'annotations.segment': async (p, s) => {
    // The user's SAM model pair has its own path (samService.ts): a cached embedding, a decoder run.
    if (p.method === 'sam') return samSegment(p, s);
    const ds = s.require();
    const { db } = ds;
    assertLiveClass(db, p.classId);
    const { width, height } = imageSize(db, p.imageId);
    checkParams(p, width, height);
    const image = await uprightImage(s, p.imageId, width, height);
    const mask = await runAssist(p, image);
    // The assist took a while: the region must land in the dataset it was asked for.
    if (s.dataset !== ds) throw new LightboxError('CONFLICT', 'The dataset was closed while the assist ran: open it again and retry.');
    if (!mask) throw new LightboxError('BAD_PARAMS', NOTHING[p.method]);
    const region = createRegion(s, p.imageId, p.classId, { kind: 'mask', x: mask.x, y: mask.y, w: mask.w, h: mask.h, counts: encodeMask(mask.bits) });
    return { region, area: maskArea(mask.bits) };
  },
};
