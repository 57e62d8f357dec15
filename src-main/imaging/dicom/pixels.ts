import { DicomError } from './DicomError.js';
import type { DicomInfo } from './info.js';

export interface DicomFrame {
  width: number;
  height: number;
  /**
   * 1: modality values (after RescaleSlope/Intercept or the Modality LUT; MONOCHROME1 is NOT inverted here, see `invert`)
   * as a Float32Array; 3: 8-bit RGB interleaved as a Uint8Array (YBR and palette colour converted).
   */
  channels: 1 | 3;
  data: Float32Array | Uint8Array;
  /** MONOCHROME1: the display inverts after windowing (low values are white). */
  invert: boolean;
  /** Of the modality values (channels 1); 0 and 255 for RGB. */
  min: number;
  max: number;
}

/** Stored samples of one frame, as a decoder hands them over. */
export interface Samples {
  /** Stored values (bit patterns, BitsAllocated wide) in row order; interleaved unless `planar`. */
  data: ArrayLike<number>;
  planar: boolean;
  /** The colour model of `data`: a JPEG decoder has already turned YBR into RGB, native data has not. */
  photometric: string;
}

/** What the conversion needs beyond DicomInfo: the palette and HighBit come from the data set. */
export interface PixelExtras {
  highBit: number;
  palette: Palette | null;
}

export interface Palette {
  /** Stored value mapped to entry 0. */
  firstMapped: number;
  red: Uint8Array;
  green: Uint8Array;
  blue: Uint8Array;
}

/** Stored samples → the frame Lightbox shows: modality values for grey images, RGB for colour. */
export function toFrame(samples: Samples, info: DicomInfo, extras: PixelExtras): DicomFrame {
  const { rows: height, columns: width } = info;
  const n = width * height;
  const photometric = samples.photometric;
  if (photometric === 'MONOCHROME1' || photometric === 'MONOCHROME2') {
    if (samples.data.length < n) throw new DicomError('file is truncated or damaged (a frame has too few pixels)');
    const data = new Float32Array(n);
    const stored = storedValueReader(info, extras.highBit);
    const slope = info.rescaleSlope;
    const intercept = info.rescaleIntercept;
    let min = Infinity;
    let max = -Infinity;
    const src = samples.data;
    const lut = info.modalityLut;
    const last = lut ? lut.data.length - 1 : 0;
    for (let i = 0; i < n; i++) {
      let v: number;
      if (lut) {
        // Stored values outside the table take its first or last entry (PS3.3 C.11.1.1).
        const k = stored(src[i]!) - lut.firstMapped;
        v = lut.data[k < 0 ? 0 : k > last ? last : k]!;
      } else {
        v = stored(src[i]!) * slope + intercept;
      }
      data[i] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    // min/max of the Float32 values, so a window built from them matches what is stored.
    return { width, height, channels: 1, data, invert: photometric === 'MONOCHROME1', min: Math.fround(min), max: Math.fround(max) };
  }
  if (photometric === 'PALETTE COLOR') {
    if (!extras.palette) throw new DicomError('palette colour image without its palette (the lookup tables are missing)');
    if (samples.data.length < n) throw new DicomError('file is truncated or damaged (a frame has too few pixels)');
    return { width, height, channels: 3, data: applyPalette(samples.data, n, storedValueReader(info, extras.highBit), extras.palette), invert: false, min: 0, max: 255 };
  }
  if (info.samplesPerPixel !== 3) throw new DicomError(`photometric interpretation ${photometric} with one sample per pixel is not supported`);
  return { width, height, channels: 3, data: toRgb(samples, info, n), invert: false, min: 0, max: 255 };
}

/**
 * A function from a stored bit pattern to its value: shifted down to HighBit, masked to
 * BitsStored, sign-extended when PixelRepresentation is 1 (two's complement of BitsStored bits).
 */
function storedValueReader(info: DicomInfo, highBit: number): (raw: number) => number {
  const bits = info.bitsStored;
  const shift = Math.max(0, Math.min(info.bitsAllocated - bits, highBit + 1 - bits));
  const signed = info.pixelRepresentation === 1;
  if (bits >= 31) {
    const size = 2 ** bits;
    return (raw) => {
      const v = (raw >>> shift) % size;
      return signed && v >= size / 2 ? v - size : v;
    };
  }
  const mask = (1 << bits) - 1;
  const sign = 1 << (bits - 1);
  if (!signed) return (raw) => (raw >>> shift) & mask;
  return (raw) => {
    const v = (raw >>> shift) & mask;
    return v & sign ? v - 2 * sign : v;
  };
}

function applyPalette(src: ArrayLike<number>, n: number, stored: (raw: number) => number, p: Palette): Uint8Array {
  const out = new Uint8Array(n * 3);
  const last = p.red.length - 1;
  for (let i = 0; i < n; i++) {
    let k = stored(src[i]!) - p.firstMapped;
    k = k < 0 ? 0 : k > last ? last : k;
    out[i * 3] = p.red[k]!;
    out[i * 3 + 1] = p.green[k]!;
    out[i * 3 + 2] = p.blue[k]!;
  }
  return out;
}

function clamp8(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/** YCbCr full range → RGB, the inverse of PS3.3 C.7.6.3.1.2. */
function ybrToRgb(out: Uint8Array, o: number, y: number, cb: number, cr: number): void {
  out[o] = clamp8(y + 1.402 * (cr - 128));
  out[o + 1] = clamp8(y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128));
  out[o + 2] = clamp8(y + 1.772 * (cb - 128));
}

function toRgb(samples: Samples, info: DicomInfo, n: number): Uint8Array {
  const src = samples.data;
  const out = new Uint8Array(n * 3);
  const photometric = samples.photometric;
  // 16-bit colour (rare) is brought down to 8 bits by its stored depth.
  const down = Math.max(0, info.bitsStored - 8);
  const at = (v: number): number => (down ? v >>> down : v) & 0xff;
  if (photometric === 'YBR_FULL_422') {
    // Native 4:2:2: Y1 Y2 Cb Cr for each horizontal pair of pixels (PS3.3 C.7.6.3.1.2).
    if (src.length < n * 2) throw new DicomError('file is truncated or damaged (a frame has too few pixels)');
    const { columns, rows } = info;
    const pairs = columns >> 1;
    const stride = columns * 2;
    for (let y = 0; y < rows; y++) {
      for (let p = 0; p < pairs; p++) {
        const s = y * stride + p * 4;
        const cb = at(src[s + 2]!);
        const cr = at(src[s + 3]!);
        const o = (y * columns + p * 2) * 3;
        ybrToRgb(out, o, at(src[s]!), cb, cr);
        ybrToRgb(out, o + 3, at(src[s + 1]!), cb, cr);
      }
    }
    return out;
  }
  if (src.length < n * 3) throw new DicomError('file is truncated or damaged (a frame has too few pixels)');
  const rgb = photometric === 'RGB' || photometric === 'YBR_RCT' || photometric === 'YBR_ICT';
  if (!rgb && photometric !== 'YBR_FULL') throw new DicomError(`photometric interpretation ${photometric} is not supported`);
  const planar = samples.planar;
  for (let i = 0; i < n; i++) {
    const a = at(src[planar ? i : i * 3]!);
    const b = at(src[planar ? n + i : i * 3 + 1]!);
    const c = at(src[planar ? 2 * n + i : i * 3 + 2]!);
    if (rgb) {
      out[i * 3] = a;
      out[i * 3 + 1] = b;
      out[i * 3 + 2] = c;
    } else {
      ybrToRgb(out, i * 3, a, b, c);
    }
  }
  return out;
}
