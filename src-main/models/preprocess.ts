/**
 * Where an upright image lands in a model's input, and the way back: the geometry of each resize
 * mode, and the pixels-to-tensor step (scale, mean/std, channel order, NCHW). Pure: sharp does the
 * resampling in modelInput.ts, following the placement computed here.
 */
import type { ModelInputSpec, ResizeMode } from './modelConfig.js';

/** Grey of Ultralytics' letterbox padding. */
export const LETTERBOX_GREY = 114;

/**
 * The image is resized to `resizeW`×`resizeH`, then sits at (`left`, `top`) in the model input
 * (`inputW`×`inputH`): positive offsets are padding (letterbox), negative ones are cropped off.
 */
export interface Placement {
  resizeW: number;
  resizeH: number;
  left: number;
  top: number;
  inputW: number;
  inputH: number;
  /** The upright image size the placement was made for. */
  imageW: number;
  imageH: number;
}

export function placement(imageW: number, imageH: number, inputW: number, inputH: number, mode: ResizeMode): Placement {
  const base = { inputW, inputH, imageW, imageH };
  if (mode === 'fill') return { ...base, resizeW: inputW, resizeH: inputH, left: 0, top: 0 };
  // letterbox: the whole image inside, padded; crop: the input covered, the overhang cut off evenly.
  const r = mode === 'letterbox' ? Math.min(inputW / imageW, inputH / imageH) : Math.max(inputW / imageW, inputH / imageH);
  const resizeW = Math.max(1, Math.round(imageW * r));
  const resizeH = Math.max(1, Math.round(imageH * r));
  // Ultralytics' rounding of the padding (round(d − 0.1) on the top/left side).
  const left = mode === 'letterbox' ? Math.round((inputW - resizeW) / 2 - 0.1) : -Math.round((resizeW - inputW) / 2);
  const top = mode === 'letterbox' ? Math.round((inputH - resizeH) / 2 - 0.1) : -Math.round((resizeH - inputH) / 2);
  // `+ 0` turns the -0 of a rounding into 0.
  return { ...base, resizeW, resizeH, left: left + 0, top: top + 0 };
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * A box in model-input pixels back to upright-image pixels, clipped to the image; null when nothing
 * of it lies on the image (a box in the letterbox padding).
 */
export function boxToImage(p: Placement, b: Box): Box | null {
  const sx = p.resizeW / p.imageW;
  const sy = p.resizeH / p.imageH;
  const x0 = Math.min(p.imageW, Math.max(0, (b.x - p.left) / sx));
  const y0 = Math.min(p.imageH, Math.max(0, (b.y - p.top) / sy));
  const x1 = Math.min(p.imageW, Math.max(0, (b.x + b.w - p.left) / sx));
  const y1 = Math.min(p.imageH, Math.max(0, (b.y + b.h - p.top) / sy));
  if (x1 - x0 < 1 || y1 - y0 < 1) return null;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * Interleaved 8-bit pixels of the model input (`width`×`height`, RGB or, for a model that takes one
 * channel, grey) as the float tensor data the model takes: [1, C, H, W], each value
 * (pixel × scale − mean[c]) / std[c], in the model's channel order (a grey model uses mean[0], std[0]).
 */
export function toTensorData(
  pixels: Uint8Array,
  width: number,
  height: number,
  spec: Pick<ModelInputSpec, 'mean' | 'std' | 'scale' | 'channels'>,
  channels: 1 | 3 = 3,
): Float32Array {
  const plane = width * height;
  if (pixels.length !== plane * channels) throw new Error(`expected ${plane * channels} bytes of ${channels === 3 ? 'RGB' : 'grey'}, got ${pixels.length}`);
  const out = new Float32Array(plane * channels);
  const order = channels === 1 ? [0] : spec.channels === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  for (let c = 0; c < channels; c++) {
    const src = order[c]!;
    const k = spec.scale / spec.std[c]!;
    const off = spec.mean[c]! / spec.std[c]!;
    const base = c * plane;
    for (let i = 0, j = src; i < plane; i++, j += channels) out[base + i] = pixels[j]! * k - off;
  }
  return out;
}
