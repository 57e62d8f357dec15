import type { Rect } from '../api/maskCodec.js';
import type { Cv, Mat } from './cv.js';
import { imageMat, type VisionImage } from './visionImage.js';

/**
 * The image the assists were given last, kept in OpenCV's heap between calls with what was
 * derived from it: its grey plane and the wand's flood mask. A wand dragged through tolerances,
 * or a threshold level dragged, then re-runs only the step that depends on the new value, instead
 * of copying 48 MB into the heap (and converting it to grey, and zeroing a 16 MB mask) on every
 * step. (A per-seed map of colour distances, flooded instead of the image, halves the fill but
 * costs ten fills to make: measured, and not kept.) The image's pixels must not change while it
 * is held: new pixels come in a new object (or a new array), which replaces everything held.
 */

/**
 * What may be held, in bytes of the wasm heap (the image, its grey plane, the flood mask: an RGB
 * image up to 51 megapixels). The heap cannot grow past 1 GB and the assists need room of their
 * own, so a larger image is not held: each call then works on a copy of its own, only slower.
 */
export const HELD_BYTES = 256 * 1024 * 1024;

export class HeldImage {
  /** The pixels as given (grey or RGB). */
  readonly mat: Mat;
  /** The pixel array the image had when it was taken: a new array is a new image. */
  readonly data: Uint8Array;
  private greyMat: Mat | null = null;
  private flood: Mat | null = null;
  /** The part of the flood mask's inside (in image pixels) the last fill may have set; null when clear. */
  private dirty: Rect | null = null;

  constructor(
    private readonly cv: Cv,
    readonly source: VisionImage,
  ) {
    // Outside any scope: this Mat lives until free().
    this.mat = imageMat(cv, { add: (m) => m }, source);
    this.data = source.data;
  }

  /** Whether `grey()` is ready (a grey image is its own). */
  hasGrey(): boolean {
    return this.source.channels === 1 || this.greyMat !== null;
  }

  /** The image as grey (luma), made once. */
  grey(): Mat {
    if (this.source.channels === 1) return this.mat;
    if (!this.greyMat) {
      const g = new this.cv.Mat();
      this.cv.cvtColor(this.mat, g, this.cv.COLOR_RGB2GRAY);
      this.greyMat = g;
    }
    return this.greyMat;
  }

  /** A (h + 2)×(w + 2) mask for floodFill, all 0 inside; `filled` says what the fill then set. */
  floodMask(): Mat {
    const { width: w, height: h } = this.source;
    if (!this.flood) {
      this.flood = this.cv.Mat.zeros(h + 2, w + 2, this.cv.CV_8UC1);
    } else if (this.dirty) {
      const r = this.dirty;
      const inside = this.flood.roi(new this.cv.Rect(r.x + 1, r.y + 1, r.w, r.h));
      inside.setTo([0, 0, 0, 0]);
      inside.delete();
    }
    // Until the fill reports back (it may throw half way), all of it may be set.
    this.dirty = { x: 0, y: 0, w, h };
    return this.flood;
  }

  /** The last fill on `floodMask()` set pixels inside `r` only (image pixels). */
  filled(r: Rect): void {
    this.dirty = r.w > 0 && r.h > 0 ? r : null;
  }

  free(): void {
    this.mat.delete();
    this.greyMat?.delete();
    this.flood?.delete();
    this.greyMat = null;
    this.flood = null;
  }
}

const held = new WeakMap<Cv, HeldImage>();

/**
 * The held state of `img` (made on first use, replacing another image's), or null when the image
 * is too large to hold: the caller then works on a temporary copy.
 */
export function holdImage(cv: Cv, img: VisionImage): HeldImage | null {
  const h = held.get(cv);
  if (h && h.source === img && h.data === img.data) return h;
  if (h) {
    h.free();
    held.delete(cv);
  }
  const n = img.width * img.height;
  // Room for the image, its grey plane and the flood mask.
  if (n * (img.channels + 2) > HELD_BYTES) return null;
  const made = new HeldImage(cv, img);
  held.set(cv, made);
  return made;
}

/**
 * Hold `img` now, with its grey plane and a clear flood mask, so the first wand step or threshold
 * costs what the later ones do. False when the image is too large to hold.
 */
export function prepareHeld(cv: Cv, img: VisionImage): boolean {
  const h = holdImage(cv, img);
  if (!h) return false;
  h.grey();
  h.floodMask();
  h.filled({ x: 0, y: 0, w: 0, h: 0 });
  return true;
}
