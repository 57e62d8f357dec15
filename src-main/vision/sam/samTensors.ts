import type { MaskCrop } from '../../api/maskCodec.js';
import { LightboxError } from '../../api/errors.js';
import { type EncoderLayout, SAM_MASK_SIDE, SAM_MEAN, SAM_SIDE, SAM_STD } from './samLayout.js';

/**
 * The numbers that go into and come out of a SAM model, as plain typed arrays (no runtime here):
 * the encoder's image, the decoder's prompt, and the best mask of its answer.
 */

/** Raw pixels of the resized image (longest side 1024): `data[(y * width + x) * channels + c]`. */
export interface ResizedImage {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** A click in upright-image pixels; `positive: false` marks background. */
export interface SamPoint {
  x: number;
  y: number;
  positive: boolean;
}

/** A box prompt in upright-image pixels. */
export interface SamBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface EncoderFeed {
  data: Float32Array | Uint8Array;
  dims: number[];
}

/** The encoder's input for the layout: normalised NCHW padded to 1024², or HWC 0–255 (padded if the model's size is fixed). */
export function encoderFeed(img: ResizedImage, layout: EncoderLayout): EncoderFeed {
  const { width: w, height: h, channels, data } = img;
  if (data.length !== w * h * channels) throw new Error(`resized image has ${data.length} bytes, expected ${w}×${h}×${channels}`);
  if (layout.format === 'nchw') {
    const plane = SAM_SIDE * SAM_SIDE;
    // Padding is zero after normalisation, as segment-anything pads.
    const out = new Float32Array(3 * plane);
    for (let c = 0; c < 3; c++) {
      const mean = SAM_MEAN[c]!;
      const inv = 1 / SAM_STD[c]!;
      const src = channels === 3 ? c : 0;
      const base = c * plane;
      for (let y = 0; y < h; y++) {
        const row = base + y * SAM_SIDE;
        let i = y * w * channels + src;
        for (let x = 0; x < w; x++, i += channels) out[row + x] = (data[i]! - mean) * inv;
      }
    }
    return { data: out, dims: [1, 3, SAM_SIDE, SAM_SIDE] };
  }
  const ow = layout.padded ? SAM_SIDE : w;
  const oh = layout.padded ? SAM_SIDE : h;
  const out = layout.dtype === 'uint8' ? new Uint8Array(ow * oh * 3) : new Float32Array(ow * oh * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * channels;
      const o = (y * ow + x) * 3;
      out[o] = data[i]!;
      out[o + 1] = data[i + (channels === 3 ? 1 : 0)]!;
      out[o + 2] = data[i + (channels === 3 ? 2 : 0)]!;
    }
  }
  return { data: out, dims: [oh, ow, 3] };
}

export interface DecoderFeeds {
  point_coords: { data: Float32Array; dims: number[] };
  point_labels: { data: Float32Array; dims: number[] };
  mask_input: { data: Float32Array; dims: number[] };
  has_mask_input: { data: Float32Array; dims: number[] };
  orig_im_size: { data: Float32Array; dims: number[] };
}

/**
 * The prompt as the decoder takes it: points scaled into the resized image's pixels per axis (as
 * ResizeLongestSide.apply_coords does), labels 1 (object) / 0 (background), a box as its two
 * corners labelled 2 and 3, and without a box the padding point (0,0) labelled -1. `prior` is the
 * previous answer's low-res mask (256², logits), fed back with has_mask_input 1 as segment-anything's
 * predictor does from the second click on; without it mask_input is zeros and has_mask_input 0.
 */
export function decoderFeeds(
  points: readonly SamPoint[],
  box: SamBox | undefined,
  orig: { width: number; height: number },
  resized: { width: number; height: number },
  prior?: Float32Array,
): DecoderFeeds {
  const sx = resized.width / orig.width;
  const sy = resized.height / orig.height;
  const coords: number[] = [];
  const labels: number[] = [];
  for (const p of points) {
    coords.push(p.x * sx, p.y * sy);
    labels.push(p.positive ? 1 : 0);
  }
  if (box) {
    coords.push(box.x * sx, box.y * sy, (box.x + box.w) * sx, (box.y + box.h) * sy);
    labels.push(2, 3);
  } else {
    coords.push(0, 0);
    labels.push(-1);
  }
  const n = labels.length;
  return {
    point_coords: { data: Float32Array.from(coords), dims: [1, n, 2] },
    point_labels: { data: Float32Array.from(labels), dims: [1, n] },
    mask_input: { data: prior ?? new Float32Array(SAM_MASK_SIDE * SAM_MASK_SIDE), dims: [1, 1, SAM_MASK_SIDE, SAM_MASK_SIDE] },
    has_mask_input: { data: Float32Array.of(prior ? 1 : 0), dims: [1] },
    orig_im_size: { data: Float32Array.of(orig.height, orig.width), dims: [2] },
  };
}

export interface SamMask {
  /** The kept mask as a tight crop in upright pixels, or null when the model found nothing. */
  mask: MaskCrop | null;
  /** The model's own estimate of the kept mask's quality (its IoU prediction). */
  score: number;
  /** Which of the decoder's masks was kept (its low-res mask is the next click's mask_input). */
  best: number;
}

/**
 * The mask the decoder rates best (highest `iou_predictions`), thresholded at 0 (the masks are
 * logits), as a crop. The decoder must answer at the image's own size: anything else is refused.
 */
export function bestMask(
  masks: { data: ArrayLike<number>; dims: readonly number[] },
  iou: { data: ArrayLike<number>; dims: readonly number[] },
  orig: { width: number; height: number },
  what: string,
): SamMask {
  const d = masks.dims;
  if (d.length !== 4 || d[0] !== 1 || d[2] !== orig.height || d[3] !== orig.width || d[1]! < 1) {
    throw new LightboxError('BAD_FILE', `${what} answered with masks of [${d.join(',')}], expected [1,N,${orig.height},${orig.width}] (the image's size, from orig_im_size).`);
  }
  const k = d[1]!;
  if (iou.data.length !== k) throw new LightboxError('BAD_FILE', `${what} gave ${iou.data.length} quality scores for ${k} masks.`);
  let best = 0;
  for (let i = 1; i < k; i++) if (iou.data[i]! > iou.data[best]!) best = i;
  const { width, height } = orig;
  const data = masks.data;
  const off = best * width * height;
  // First the bounds (a read-only pass over the logits: a 4096² mask is 16 M of them), then the
  // crop's bits only, so no full-size bitmap is allocated.
  let y0 = -1;
  let y1 = -1;
  let x0 = width;
  let x1 = -1;
  for (let y = 0; y < height; y++) {
    const from = off + y * width;
    let first = -1;
    for (let x = 0; x < width; x++) {
      if (data[from + x]! > 0) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    let last = width - 1;
    while (!(data[from + last]! > 0)) last--;
    if (y0 < 0) y0 = y;
    y1 = y;
    if (first < x0) x0 = first;
    if (last > x1) x1 = last;
  }
  const score = Number(iou.data[best]);
  if (y0 < 0) return { mask: null, score, best };
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const bits = new Uint8Array(w * h);
  for (let row = 0; row < h; row++) {
    const from = off + (y0 + row) * width + x0;
    const to = row * w;
    for (let x = 0; x < w; x++) if (data[from + x]! > 0) bits[to + x] = 1;
  }
  return { mask: { x: x0, y: y0, w, h, bits }, score, best };
}

/**
 * The low-res mask (256², logits) that goes with the kept mask, copied out of the decoder's
 * `low_res_masks` [1,N,256,256]; a decoder that gives one low-res mask for several masks gives that one.
 * Null when the shape is not that (the next click then goes without a previous mask).
 */
export function lowResOf(low: { data: ArrayLike<number>; dims: readonly number[] } | undefined, best: number): Float32Array | null {
  const side = SAM_MASK_SIDE;
  if (!low || low.dims.length !== 4 || low.dims[0] !== 1 || low.dims[2] !== side || low.dims[3] !== side || low.dims[1]! < 1) return null;
  const index = Math.min(best, low.dims[1]! - 1);
  const plane = side * side;
  const out = new Float32Array(plane);
  for (let i = 0, from = index * plane; i < plane; i++) out[i] = low.data[from + i]!;
  return out;
}
