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
 * `orig_im_size` is the decoder's frame (see decoderFrame), not always the image's size.
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
    orig_im_size: (() => {
      const f = decoderFrame(orig, resized);
      return { data: Float32Array.of(f.height, f.width), dims: [2] };
    })(),
  };
}

/**
 * The size Lightbox asks the decoder to answer at (`orig_im_size`): the image's own size when it is
 * no larger than the resized image, else the resized size (longest side 1024, the frame the
 * embedding was made in). A decoder upsamples its 256² logits to orig_im_size inside the graph
 * (segment-anything's mask_postprocessing), and on a 4096² image that full-size float upsample of
 * every candidate mask is nearly all of a click's time; Lightbox scales the kept mask up itself,
 * only around the mask. X-AnyLabeling likewise feeds the decoder its fixed encoder size and warps the
 * masks back to the image.
 */
export function decoderFrame(orig: { width: number; height: number }, resized: { width: number; height: number }): { width: number; height: number } {
  return orig.width * orig.height <= resized.width * resized.height ? { width: orig.width, height: orig.height } : { width: resized.width, height: resized.height };
}

export interface SamMask {
  /** The kept mask as a tight crop in upright pixels, or null when the model found nothing. */
  mask: MaskCrop | null;
  /** The model's own estimate of the kept mask's quality (its IoU prediction). */
  score: number;
  /** Which of the decoder's masks was kept (its low-res mask is the next click's mask_input). */
  best: number;
}

type Plane = { data: ArrayLike<number>; dims: readonly number[] };

/**
 * Where each output index samples its source along one axis, as a bilinear resize with
 * PyTorch's align_corners=False (ONNX Resize half_pixel) does: source (o + 0.5)·src/out − 0.5,
 * clamped to the source; for the first `count` outputs.
 */
function axisTable(src: number, out: number, count: number): { i0: Int32Array; i1: Int32Array; w: Float32Array } {
  const i0 = new Int32Array(count);
  const i1 = new Int32Array(count);
  const w = new Float32Array(count);
  const k = src / out;
  for (let o = 0; o < count; o++) {
    const s = Math.min(Math.max((o + 0.5) * k - 0.5, 0), src - 1);
    const a = Math.floor(s);
    i0[o] = a;
    i1[o] = Math.min(a + 1, src - 1);
    w[o] = s - a;
  }
  return { i0, i1, w };
}

/** The bounds of the logits above 0 in a sw × sh plane, or null when there are none. */
function positiveBounds(src: ArrayLike<number>, sw: number, sh: number): { x0: number; x1: number; y0: number; y1: number } | null {
  let x0 = sw;
  let x1 = -1;
  let y0 = -1;
  let y1 = -1;
  for (let y = 0; y < sh; y++) {
    const row = y * sw;
    let first = -1;
    for (let x = 0; x < sw; x++) {
      if (src[row + x]! > 0) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    let last = sw - 1;
    while (!(src[row + last]! > 0)) last--;
    if (y0 < 0) y0 = y;
    y1 = y;
    if (first < x0) x0 = first;
    if (last > x1) x1 = last;
  }
  return y0 < 0 ? null : { x0, x1, y0, y1 };
}

/** The outputs whose two source samples reach the source range [lo, hi] (the tables are monotone). */
function reaching(t: { i0: Int32Array; i1: Int32Array }, n: number, lo: number, hi: number): [number, number] {
  let a = 0;
  while (a < n && t.i1[a]! < lo) a++;
  let b = n - 1;
  while (b >= a && t.i0[b]! > hi) b--;
  return [a, b];
}

/**
 * A bilinear resize of a sw × sh plane of logits to ow × oh, of which the top-left cw × ch is kept.
 * Only around the logits above 0 (and one pixel more, so a second resize of the result is exact
 * there); elsewhere it holds -1, which is below 0 as the true values are.
 */
function resample(src: ArrayLike<number>, sw: number, sh: number, ow: number, oh: number, cw: number, ch: number): Float32Array {
  const out = new Float32Array(cw * ch).fill(-1);
  const b = positiveBounds(src, sw, sh);
  if (!b) return out;
  const tx = axisTable(sw, ow, cw);
  const ty = axisTable(sh, oh, ch);
  const [xa0, xb0] = reaching(tx, cw, b.x0, b.x1);
  const [ya0, yb0] = reaching(ty, ch, b.y0, b.y1);
  const xa = Math.max(xa0 - 1, 0);
  const xb = Math.min(xb0 + 1, cw - 1);
  const ya = Math.max(ya0 - 1, 0);
  const yb = Math.min(yb0 + 1, ch - 1);
  const line = new Float32Array(sw);
  for (let y = ya; y <= yb; y++) {
    const r0 = ty.i0[y]! * sw;
    const r1 = ty.i1[y]! * sw;
    const wy = ty.w[y]!;
    for (let j = 0; j < sw; j++) line[j] = src[r0 + j]! * (1 - wy) + src[r1 + j]! * wy;
    const row = y * cw;
    for (let x = xa; x <= xb; x++) {
      const wx = tx.w[x]!;
      out[row + x] = line[tx.i0[x]!]! * (1 - wx) + line[tx.i1[x]!]! * wx;
    }
  }
  return out;
}

/**
 * A plane of logits (sw × sh) resized bilinearly to the image (width × height) and thresholded at 0,
 * as a tight crop. Only the output pixels whose source neighbours touch the positive logits are
 * computed: a mask on a 4096² image costs its bounding box, not the image.
 */
export function upscaledMask(src: ArrayLike<number>, sw: number, sh: number, width: number, height: number): MaskCrop | null {
  const pb = positiveBounds(src, sw, sh);
  if (!pb) return null;
  const tx = axisTable(sw, width, width);
  const ty = axisTable(sh, height, height);
  const [xa, xb] = reaching(tx, width, pb.x0, pb.x1);
  const [ya, yb] = reaching(ty, height, pb.y0, pb.y1);
  const cw = xb - xa + 1;
  const ch = yb - ya + 1;
  if (cw <= 0 || ch <= 0) return null;
  const j0 = tx.i0[xa]!;
  const j1 = tx.i1[xb]!;
  // The output columns in runs that share their two source columns: inside the mask (both logits
  // above 0) a run is all ones and outside all zeros, so only runs across the edge are interpolated.
  const runJ: number[] = [];
  const runFrom: number[] = [];
  for (let x = xa; x <= xb; x++) {
    if (runJ.length === 0 || tx.i0[x] !== runJ[runJ.length - 1]) {
      runJ.push(tx.i0[x]!);
      runFrom.push(x - xa);
    }
  }
  runFrom.push(cw);
  const line = new Float32Array(sw);
  const bits = new Uint8Array(cw * ch);
  let bx0 = cw;
  let bx1 = -1;
  let by0 = -1;
  let by1 = -1;
  for (let y = 0; y < ch; y++) {
    const r0 = ty.i0[ya + y]! * sw;
    const r1 = ty.i1[ya + y]! * sw;
    const wy = ty.w[ya + y]!;
    for (let j = j0; j <= j1; j++) line[j] = src[r0 + j]! * (1 - wy) + src[r1 + j]! * wy;
    const row = y * cw;
    let first = -1;
    let last = -1;
    // Consecutive inside runs are filled at once.
    let fillFrom = -1;
    for (let g = 0; g < runJ.length; g++) {
      const j = runJ[g]!;
      const a = line[j]!;
      const b = line[Math.min(j + 1, sw - 1)]!;
      const from = runFrom[g]!;
      const to = runFrom[g + 1]!;
      if (a > 0 && b > 0) {
        if (fillFrom < 0) fillFrom = from;
        if (first < 0) first = from;
        last = to - 1;
        continue;
      }
      if (fillFrom >= 0) {
        bits.fill(1, row + fillFrom, row + from);
        fillFrom = -1;
      }
      if (a > 0 || b > 0) {
        for (let x = from; x < to; x++) {
          const wx = tx.w[xa + x]!;
          if (a * (1 - wx) + b * wx > 0) {
            bits[row + x] = 1;
            if (first < 0) first = x;
            last = x;
          }
        }
      }
    }
    if (fillFrom >= 0) bits.fill(1, row + fillFrom, row + cw);
    if (first >= 0) {
      if (by0 < 0) by0 = y;
      by1 = y;
      if (first < bx0) bx0 = first;
      if (last > bx1) bx1 = last;
    }
  }
  if (by0 < 0) return null;
  const w = bx1 - bx0 + 1;
  const h = by1 - by0 + 1;
  if (w === cw && h === ch) return { x: xa, y: ya, w, h, bits };
  const tight = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) tight.set(bits.subarray((by0 + y) * cw + bx0, (by0 + y) * cw + bx0 + w), y * w);
  return { x: xa + bx0, y: ya + by0, w, h, bits: tight };
}

/**
 * The mask the decoder rates best (highest `iou_predictions`), as a crop in the image's pixels.
 * From its `low_res_masks` when the decoder gives them (one per mask): segment-anything's own
 * postprocessing (bilinear 256² → 1024², crop to the resized size, bilinear to the image), done
 * here around the mask only. This is what samexporter's inference does, because some exports froze
 * the crop to the tracing image's aspect ratio, so their `masks` are wrong on other shapes.
 * Without low-res masks, from `masks`, which must come at the decoder's frame (decoderFrame):
 * bilinear from there to the image. Logits are thresholded at 0.
 */
export function keptMask(masks: Plane, iou: Plane, low: Plane | undefined, orig: { width: number; height: number }, resized: { width: number; height: number }, what: string): SamMask {
  const frame = decoderFrame(orig, resized);
  const d = masks.dims;
  const k = d[1] ?? 0;
  const lowFits = !!low && low.dims.length === 4 && low.dims[0] === 1 && low.dims[1] === k && low.dims[2] === SAM_MASK_SIDE && low.dims[3] === SAM_MASK_SIDE;
  if (d.length !== 4 || d[0] !== 1 || k < 1 || (!lowFits && (d[2] !== frame.height || d[3] !== frame.width))) {
    throw new LightboxError('BAD_FILE', `${what} answered with masks of [${d.join(',')}], expected [1,N,${frame.height},${frame.width}] (the size given as orig_im_size).`);
  }
  if (iou.data.length !== k) throw new LightboxError('BAD_FILE', `${what} gave ${iou.data.length} quality scores for ${k} masks.`);
  let best = 0;
  for (let i = 1; i < k; i++) if (iou.data[i]! > iou.data[best]!) best = i;
  const score = Number(iou.data[best]);
  const plane = (p: Plane, size: number) => {
    const from = best * size;
    return p.data instanceof Float32Array ? p.data.subarray(from, from + size) : Array.prototype.slice.call(p.data, from, from + size);
  };
  let mask: MaskCrop | null;
  if (lowFits) {
    const side = SAM_MASK_SIDE;
    const up = resample(plane(low!, side * side), side, side, SAM_SIDE, SAM_SIDE, resized.width, resized.height);
    mask = upscaledMask(up, resized.width, resized.height, orig.width, orig.height);
  } else {
    mask = upscaledMask(plane(masks, frame.width * frame.height), frame.width, frame.height, orig.width, orig.height);
  }
  return { mask, score, best };
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
