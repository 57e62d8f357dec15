import type { MaskCrop, Rect } from '../api/maskCodec.js';
import { type Cv, heapTop } from './cv.js';
import { maskToPolygons, type PolygonPart, polygonsToMask } from './contours.js';
import { grabCut, type GrabCutHint } from './grabCut.js';
import { type DisplayWindow, throughWindow } from './displayWindow.js';
import type { EncodedMask } from './encodedMask.js';
import { prepareHeld } from './heldImage.js';
import { combineMasks } from './maskCombine.js';
import { type CleanStep, cleanMask } from './maskCleanup.js';
import { type Polarity, thresholdInBox } from './threshold.js';
import type { VisionImage } from './visionImage.js';
import { magicWand } from './wand.js';

/**
 * The assists as messages: what a worker (a Node worker thread now, a Web Worker in the renderer
 * later) receives and answers. Plain data only, so it crosses postMessage as it is. An image is
 * seen through `display` (the viewer's window/level) when one is given.
 */
export interface VisionOps {
  /** Flood from each seed in turn: a positive seed adds its fill to the mask (Shift), a negative one subtracts it (Alt); starts from `base`. */
  wand: {
    params: { image: VisionImage; display?: DisplayWindow; seeds: { x: number; y: number; positive: boolean }[]; tolerance: number; connectivity: 4 | 8; base?: MaskCrop | null };
    result: { mask: MaskCrop | null };
  };
  grabcut: { params: { image: VisionImage; display?: DisplayWindow; box: Rect; iterations: number; hints: GrabCutHint[] }; result: { mask: MaskCrop | null } };
  threshold: {
    params: { image: VisionImage; display?: DisplayWindow; box: Rect; level?: number; polarity: Polarity };
    result: { mask: MaskCrop | null; level: number; polarity: 'brighter' | 'darker' };
  };
  clean: { params: { mask: MaskCrop; width: number; height: number; steps: CleanStep[] }; result: { mask: MaskCrop | null } };
  toPolygons: { params: { mask: MaskCrop; tolerance: number }; result: { parts: PolygonPart[] } };
  fromPolygons: { params: { parts: PolygonPart[]; width: number; height: number }; result: { mask: MaskCrop | null } };
  /**
   * Take the image (through `display`) into the heap ahead of the first assist, with its grey
   * plane and the wand's flood mask made: the tool was picked, the person has not clicked yet.
   * `held` is false when the image is too large to hold (each call then copies what it needs).
   */
  hold: { params: { image: VisionImage; display?: DisplayWindow }; result: { held: boolean } };
  /** Bytes of the wasm heap in use (its high-water mark): for leak checks. */
  heap: { params: Record<string, never>; result: { bytes: number } };
}
export type VisionOp = keyof VisionOps;
export type VisionParams<K extends VisionOp> = VisionOps[K]['params'];
export type VisionResult<K extends VisionOp> = VisionOps[K]['result'];

type Impl = { [K in VisionOp]: (cv: Cv, p: VisionParams<K>) => VisionResult<K> };

const impl: Impl = {
  wand: (cv, p) => {
    const image = throughWindow(p.image, p.display);
    let mask = p.base ?? null;
    for (const seed of p.seeds) {
      const fill = magicWand(cv, image, { seed, tolerance: p.tolerance, connectivity: p.connectivity });
      mask = combineMasks(mask, fill, seed.positive ? 'add' : 'subtract');
    }
    return { mask };
  },
  grabcut: (cv, p) => ({ mask: grabCut(cv, throughWindow(p.image, p.display), p) }),
  threshold: (cv, p) => thresholdInBox(cv, throughWindow(p.image, p.display), p),
  clean: (cv, p) => ({ mask: cleanMask(cv, p.mask, p.width, p.height, p.steps) }),
  toPolygons: (cv, p) => ({ parts: maskToPolygons(cv, p.mask, p.tolerance) }),
  fromPolygons: (cv, p) => ({ mask: polygonsToMask(cv, p.parts, p.width, p.height) }),
  hold: (cv, p) => ({ held: prepareHeld(cv, throughWindow(p.image, p.display)) }),
  heap: (cv) => ({ bytes: heapTop(cv) }),
};

/** The operations whose result holds a mask. */
export type MaskOp = { [K in VisionOp]: VisionResult<K> extends { mask: MaskCrop | null } ? K : never }[VisionOp];

/** A result with its mask encoded. */
export type EncodedResult<K extends MaskOp> = Omit<VisionResult<K>, 'mask'> & { mask: EncodedMask | null };

/** Run one assist with a loaded OpenCV. */
export function runVisionOp<K extends VisionOp>(cv: Cv, op: K, params: VisionParams<K>): VisionResult<K> {
  const fn = impl[op] as (cv: Cv, p: VisionParams<K>) => VisionResult<K>;
  if (!fn) throw new Error(`unknown vision operation ${String(op)}`);
  return fn(cv, params);
}
