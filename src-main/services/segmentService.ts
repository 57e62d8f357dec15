import type { MaskShape, PolygonShape, Region, SegmentParams } from '../api/annotations.js';
import { LightboxError } from '../api/errors.js';
import { decodeMask, type MaskCrop } from '../api/maskCodec.js';
import type { z } from 'zod';
import { fileOfRow } from '../dataset/imageFrames.js';
import { resolveInside } from '../dataset/pathSafety.js';
import { DicomError } from '../imaging/dicom/index.js';
import { decodeFailureReason } from '../imaging/sharpSafe.js';
import { renderOf } from '../imaging/thumbnails.js';
import { decodeUprightPixels } from '../imaging/uprightPixels.js';
import { dicomDisplayPixelsOffThread } from '../imaging/dicomThread.js';
import { grey16DisplayPixels } from '../imaging/windowedPixels.js';
import { imageSource } from '../store/imageStateRepo.js';
import { getRegion, shapeToStored } from '../store/regionsRepo.js';
import type { VisionImage } from '../vision/visionImage.js';
import { type EncodedMask, encodeCrop } from '../vision/encodedMask.js';
import { visionThread } from '../vision/visionThread.js';
import { checkShape, createRegion, imageSize } from './annotationsService.js';
import { replaceRegions } from './regionCommands.js';
import { samMask, samSegment } from './samService.js';
import type { Handlers } from './handlers.js';
import { assertLiveClass } from './labelCommands.js';
import type { Session } from './Session.js';

/**
 * `annotations.segment`: a classic assist (wand, GrabCut, threshold) on the upright image, run on
 * the vision thread, its mask stored through the same door as a drawn region (one undoable command).
 */

/** The assists hold the whole image in OpenCV's heap (plus a mask the same size): 100 megapixels at most. */
export const MAX_ASSIST_PIXELS = 100_000_000;

type Params = Omit<z.output<typeof SegmentParams>, 'classId'>;

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

/**
 * The image as the workspace displays it, 8-bit: a photo as decoded; a DICOM frame through its
 * file's window (or VOI LUT, or histogram window); a 16-bit greyscale image through its histogram
 * window, as its previews are made. The viewer's window/level (`display`) goes on top in the
 * vision worker, which holds this image: a change of window sends it nothing new.
 */
async function displayedImage(s: Session, imageId: number, width: number, height: number): Promise<VisionImage> {
  const { db, root } = s.require();
  const row = imageSource(db, imageId);
  if (!row) throw new LightboxError('NOT_FOUND', `There is no image with id ${imageId}.`);
  if (width * height > MAX_ASSIST_PIXELS) {
    throw new LightboxError('BAD_PARAMS', `This image is too large for the assists (${width}×${height} px; at most ${MAX_ASSIST_PIXELS / 1e6} megapixels). Draw or brush the region instead.`);
  }
  const key = `${root}\u0000${imageId}\u0000${row.sha256 ?? row.path}`;
  const cache = imageCache(s);
  const hit = cache.find((c) => c.key === key);
  if (hit) return hit.image;
  const image = await decodeDisplayed(resolveInside(root, fileOfRow(row.path, row.frame)), row, width, height);
  if (image.width !== width || image.height !== height) {
    throw new LightboxError('CONFLICT', `This image changed on disk since it was scanned (now ${image.width}×${image.height} px): scan the dataset again.`);
  }
  remember(cache, key, image);
  return image;
}

async function decodeDisplayed(file: string, row: { frame: number | null; format: string | null; bitsStored: number | null }, width: number, height: number): Promise<VisionImage> {
  try {
    const render = renderOf(row);
    // A DICOM frame is decoded on the DICOM thread, so a large or compressed file does not hold up other calls.
    if (render === 'dicom') return await dicomDisplayPixelsOffThread(file, (row.frame ?? 1) - 1);
    if (render === 'grey16') return await grey16DisplayPixels(file, Math.max(width, height));
    return await decodeUprightPixels(file);
  } catch (e) {
    if (e instanceof LightboxError) throw e;
    if (e instanceof DicomError) throw new LightboxError('UNREADABLE', `This image could not be read (${e.message}).`);
    throw new LightboxError('UNREADABLE', `This image could not be read (${decodeFailureReason(e)}).`);
  }
}

/**
 * The last decoded images of a session, so a wand dragged through tolerances decodes its image
 * once (and, being the same object, the vision thread is sent it once). Two entries: going back
 * and forth between two images decodes neither again. Let go after a quiet minute: a large image
 * is hundreds of megabytes.
 */
interface ImageCache {
  entries: { key: string; image: VisionImage }[];
  timer: NodeJS.Timeout | null;
}
const caches = new WeakMap<Session, ImageCache>();
const CACHED_IMAGES = 2;
const CACHE_IDLE_MS = 60_000;

function imageCache(s: Session): { key: string; image: VisionImage }[] {
  let c = caches.get(s);
  if (!c) caches.set(s, (c = { entries: [], timer: null }));
  const cache = c;
  if (cache.timer) clearTimeout(cache.timer);
  cache.timer = setTimeout(() => {
    cache.entries = [];
    cache.timer = null;
  }, CACHE_IDLE_MS);
  cache.timer.unref();
  return cache.entries;
}

function remember(cache: { key: string; image: VisionImage }[], key: string, image: VisionImage): void {
  cache.unshift({ key, image });
  cache.length = Math.min(cache.length, CACHED_IMAGES);
}

const NOTHING: Record<Exclude<Params['method'], 'sam'>, string> = {
  wand: 'The magic wand found nothing there: click inside the object or raise the tolerance.',
  grabcut: 'GrabCut found no object in the box: draw the box snugly around the object, or add foreground points.',
  threshold: 'Nothing in the box is on the object side of the level: try another level or the other polarity.',
};

type AssistOut = { mask: EncodedMask | null; level?: number; polarity?: 'brighter' | 'darker' };

async function runAssist(p: Params, image: VisionImage): Promise<AssistOut> {
  const thread = visionThread();
  const points = p.points ?? [];
  switch (p.method) {
    case 'wand':
      return thread.callEncoded('wand', { image, display: p.display, seeds: points, tolerance: p.tolerance ?? DEFAULTS.tolerance, connectivity: p.connectivity ?? DEFAULTS.connectivity });
    case 'grabcut': {
      const box = p.box!;
      const radius = p.hintRadius ?? Math.max(2, Math.round(Math.min(box.w, box.h) / 50));
      const hints = points.map((pt) => ({ x: pt.x, y: pt.y, radius, foreground: pt.positive }));
      return thread.callEncoded('grabcut', { image, display: p.display, box, iterations: p.iterations ?? DEFAULTS.iterations, hints });
    }
    case 'threshold':
      return thread.callEncoded('threshold', { image, display: p.display, box: p.box!, level: p.level, polarity: p.polarity ?? DEFAULTS.polarity });
    case 'sam':
      throw new Error('SAM runs in samService.ts, not on the vision thread');
  }
}

/** The worker encodes masks (visionThread.callEncoded): the main thread only passes the text on. */
const maskShape = (m: EncodedMask): MaskShape => ({ kind: 'mask', x: m.x, y: m.y, w: m.w, h: m.h, counts: m.counts });
const cropOf = (m: MaskShape): MaskCrop => ({ x: m.x, y: m.y, w: m.w, h: m.h, bits: decodeMask(m.counts, m.w, m.h) });

/** A mask handed in must lie inside its image (what annotations.create would accept). */
function checkedCrop(s: Session, imageId: number, m: MaskShape): MaskCrop {
  const { db } = s.require();
  return cropOf(checkShape(db, imageId, m) as MaskShape);
}

type Handled = 'annotations.segment' | 'annotations.segmentPreview' | 'annotations.segmentPrepare' | 'annotations.cleanMask' | 'annotations.convertShape' | 'annotations.replace';

export const segmentHandlers: Handlers<Handled> = {
  'annotations.segment': async (p, s) => {
    // The user's SAM model pair has its own path (samService.ts): a cached embedding, a decoder run.
    if (p.method === 'sam') return samSegment(p, s);
    const ds = s.require();
    const { db } = ds;
    assertLiveClass(db, p.classId);
    const { width, height } = imageSize(db, p.imageId);
    checkParams(p, width, height);
    const image = await displayedImage(s, p.imageId, width, height);
    const { mask } = await runAssist(p, image);
    // The assist took a while: the region must land in the dataset it was asked for.
    if (s.dataset !== ds) throw new LightboxError('CONFLICT', 'The dataset was closed while the assist ran: open it again and retry.');
    if (!mask) throw new LightboxError('BAD_PARAMS', NOTHING[p.method]);
    const region = createRegion(s, p.imageId, p.classId, maskShape(mask));
    return { region, area: mask.area };
  },
  'annotations.segmentPreview': async (p, s) => {
    if (p.method === 'sam') {
      if (!p.model) throw new LightboxError('BAD_PARAMS', 'SAM needs a model: give the encoder and decoder .onnx files (model: {encoder, decoder}) or a registered pair (model: {id}).');
      const { mask } = await samMask({ imageId: p.imageId, model: p.model, points: p.points, box: p.box, display: p.display }, s);
      const encoded = mask && encodeCrop(mask);
      return { mask: encoded && maskShape(encoded), area: encoded?.area ?? 0 };
    }
    const { db } = s.require();
    const { width, height } = imageSize(db, p.imageId);
    checkParams(p, width, height);
    const image = await displayedImage(s, p.imageId, width, height);
    const out = await runAssist(p, image);
    const extra = out.polarity ? { level: out.level, polarity: out.polarity } : {};
    return { mask: out.mask && maskShape(out.mask), area: out.mask?.area ?? 0, ...extra };
  },
  'annotations.segmentPrepare': async ({ imageId, display }, s) => {
    const { width, height } = imageSize(s.require().db, imageId);
    const image = await displayedImage(s, imageId, width, height);
    return visionThread().call('hold', { image, display });
  },
  'annotations.cleanMask': async ({ imageId, mask, steps }, s) => {
    const { width, height } = imageSize(s.require().db, imageId);
    const out = (await visionThread().callEncoded('clean', { mask: checkedCrop(s, imageId, mask), width, height, steps })).mask;
    return { mask: out && maskShape(out), area: out?.area ?? 0 };
  },
  'annotations.convertShape': async ({ imageId, to, shapes, tolerance }, s) => {
    const { db } = s.require();
    const { width, height } = imageSize(db, imageId);
    const thread = visionThread();
    if (to === 'mask') {
      const parts = shapes.map((sh) => {
        if (sh.kind !== 'polygon') throw new LightboxError('BAD_PARAMS', 'Only polygons can be turned into a mask.');
        const poly = checkShape(db, imageId, sh) as PolygonShape;
        const ring = (r: readonly (readonly [number, number])[]) => r.map(([x, y]) => [x, y] as [number, number]);
        return { outer: ring(poly.points), holes: (poly.holes ?? []).map(ring) };
      });
      const m = (await thread.callEncoded('fromPolygons', { parts, width, height })).mask;
      if (!m) throw new LightboxError('BAD_PARAMS', 'These polygons cover no pixel of the image.');
      return { shapes: [maskShape(m)] };
    }
    const out: PolygonShape[] = [];
    for (const sh of shapes) {
      if (sh.kind !== 'mask') throw new LightboxError('BAD_PARAMS', 'Only masks can be turned into polygons.');
      const { parts } = await thread.call('toPolygons', { mask: checkedCrop(s, imageId, sh), tolerance: tolerance ?? 1 });
      for (const part of parts) {
        if (part.outer.length < 3) continue;
        // Holes are kept: a polygon region holds them (formats that cannot are told at export).
        const holes = part.holes.filter((h) => h.length >= 3);
        out.push({ kind: 'polygon', points: part.outer, ...(holes.length > 0 ? { holes } : {}) });
      }
    }
    if (out.length === 0) throw new LightboxError('BAD_PARAMS', 'This mask is too small to outline: grow it first, or keep it as a mask.');
    return { shapes: out };
  },
  'annotations.replace': ({ imageId, deleteIds, create }, s) => {
    const { db } = s.require();
    for (const id of deleteIds) {
      if (getRegion(db, id).imageId !== imageId) throw new LightboxError('BAD_PARAMS', `Region ${id} is not on image ${imageId}.`);
    }
    const items = create.map((c) => {
      assertLiveClass(db, c.classId);
      return { imageId, stored: shapeToStored(c.classId, checkShape(db, imageId, c.shape)) };
    });
    const ids = replaceRegions(db, deleteIds, items, s.author());
    s.emit('images.changed', { ids: [imageId] });
    return { regions: ids.map((id) => regionOf(db, id)) };
  },
};

function regionOf(db: ReturnType<Session['require']>['db'], id: number): Region {
  const { deleted: _deleted, ...r } = getRegion(db, id);
  return r;
}
