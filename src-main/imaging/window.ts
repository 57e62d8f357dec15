/**
 * Display windows over modality values (DICOM after its Modality LUT, or the raw values of a 16-bit
 * PNG/TIFF). Pure: no Node, no DOM, so any side that holds the values can use it.
 */

/** What a window is applied to: grey modality values, or 8-bit RGB that a window leaves as it is. */
export interface WindowInput {
  data: ArrayLike<number>;
  /** 3: interleaved 8-bit RGB, returned unchanged (a VOI window applies to grey images only). */
  channels?: 1 | 3;
  /** MONOCHROME1: low values are white, so the windowed result is inverted. */
  invert?: boolean;
}

/** VOILUTFunction (0028,1056): how a window's centre and width map values to grey levels. */
export type VoiFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

/**
 * The VOI functions of DICOM PS3.3 C.11.2.1.2 into 0..255, rounded to the nearest step.
 * LINEAR (the default, C.11.2.1.2.1):
 *   x <= c - 0.5 - (w-1)/2  → 0
 *   x >  c - 0.5 + (w-1)/2  → 255
 *   else ((x - (c - 0.5)) / (w-1) + 0.5) × 255
 * A width below 1 is taken as 1 (the standard requires w ≥ 1).
 * LINEAR_EXACT (C.11.2.1.3.2): x <= c − w/2 → 0, x > c + w/2 → 255, else ((x − c)/w + 0.5) × 255 (w > 0).
 * SIGMOID (C.11.2.1.3.1): 255 / (1 + exp(−4 (x − c) / w)) (w > 0).
 * MONOCHROME1 gives 255 − y.
 */
export function applyWindow(input: WindowInput, center: number, width: number, fn: VoiFunction = 'LINEAR'): Uint8Array {
  const { data } = input;
  const out = new Uint8Array(data.length);
  if (input.channels === 3) {
    for (let i = 0; i < data.length; i++) out[i] = data[i]!;
    return out;
  }
  const c = Number.isFinite(center) ? center : 0;
  if (fn !== 'LINEAR') return applyExactOrSigmoid(data, out, c, Number.isFinite(width) && width > 0 ? width : 1, fn, input.invert === true);
  const w = Number.isFinite(width) && width >= 1 ? width : 1;
  const lo = c - 0.5 - (w - 1) / 2;
  const hi = c - 0.5 + (w - 1) / 2;
  const invert = input.invert === true;
  // w = 1 makes the ramp a step at c − 0.5 (lo === hi): every x is either below-or-at or above.
  // The expression keeps the standard's order of operations, so results match it to the last bit.
  const wm1 = w - 1;
  const base = c - 0.5;
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    let y: number;
    if (x <= lo) y = 0;
    else if (x > hi) y = 255;
    else y = Math.round(((x - base) / wm1 + 0.5) * 255);
    out[i] = invert ? 255 - y : y;
  }
  return out;
}

function applyExactOrSigmoid(data: ArrayLike<number>, out: Uint8Array, c: number, w: number, fn: 'LINEAR_EXACT' | 'SIGMOID', invert: boolean): Uint8Array {
  const lo = c - w / 2;
  const hi = c + w / 2;
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    let y: number;
    if (fn === 'SIGMOID') y = Math.round(255 / (1 + Math.exp((-4 * (x - c)) / w)));
    else if (x <= lo) y = 0;
    else if (x > hi) y = 255;
    else y = Math.round(((x - c) / w + 0.5) * 255);
    out[i] = invert ? 255 - y : y;
  }
  return out;
}

/** A VOI LUT (PS3.3 C.11.2.1.1): modality value `firstMapped + k` shows as grey `data[k]` of `bits` bits. */
export interface VoiLut {
  firstMapped: number;
  /** Bits per entry (8–16); entries are scaled to 0..255 by 2^bits − 1. */
  bits: number;
  data: Uint16Array;
  /** LUTExplanation, e.g. 'SOFT TISSUE', when the file names it. */
  explanation: string | null;
}

/**
 * Apply a VOI LUT into 0..255: values below the first mapped one take the first entry, values past
 * the last take the last (C.11.2.1.1); MONOCHROME1 gives 255 − y.
 */
export function applyVoiLut(input: WindowInput, lut: VoiLut): Uint8Array {
  const { data } = input;
  const out = new Uint8Array(data.length);
  if (input.channels === 3 || lut.data.length === 0) {
    for (let i = 0; i < data.length; i++) out[i] = data[i]!;
    return out;
  }
  const grey = new Uint8Array(lut.data.length);
  const top = 2 ** lut.bits - 1;
  for (let k = 0; k < grey.length; k++) grey[k] = Math.round((Math.min(lut.data[k]!, top) / top) * 255);
  const last = grey.length - 1;
  const invert = input.invert === true;
  for (let i = 0; i < data.length; i++) {
    let k = Math.round(data[i]!) - lut.firstMapped;
    k = k < 0 ? 0 : k > last ? last : k;
    out[i] = invert ? 255 - grey[k]! : grey[k]!;
  }
  return out;
}

/** Fraction of values cut at each end of the histogram window. */
const TAIL = 0.005;
const BINS = 65_536;

/**
 * A window spanning the 0.5th to 99.5th percentile of the values, for images whose file gives none
 * (MR, 16-bit PNG/TIFF): centre halfway, width the distance (at least 1). NaN and ±Infinity are
 * ignored. Integer values over a range of up to 65,536 are counted exactly; wider or fractional
 * ranges are binned into 65,536 steps, so the percentiles are exact to one step.
 */
export function histogramWindow(values: ArrayLike<number>): { center: number; width: number } {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  let integers = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integers && v !== Math.floor(v)) integers = false;
    count++;
  }
  if (count === 0) return { center: 0, width: 1 };
  if (max === min) return { center: min, width: 1 };
  const exact = integers && max - min < BINS;
  const bins = exact ? max - min + 1 : BINS;
  const step = exact ? 1 : (max - min) / (BINS - 1);
  const hist = new Uint32Array(bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    hist[Math.min(bins - 1, Math.floor((v - min) / step))]!++;
  }
  const lowRank = Math.floor(TAIL * (count - 1));
  const highRank = Math.ceil((1 - TAIL) * (count - 1));
  let lo = min;
  let hi = max;
  let seen = 0;
  let foundLo = false;
  for (let b = 0; b < bins; b++) {
    seen += hist[b]!;
    if (!foundLo && seen > lowRank) {
      lo = min + b * step;
      foundLo = true;
    }
    if (seen > highRank) {
      hi = min + b * step;
      break;
    }
  }
  return { center: (lo + hi) / 2, width: Math.max(1, hi - lo) };
}
