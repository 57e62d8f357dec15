/**
 * The mask codec shared by the editor (renderer) and the store (main): pure TypeScript, no Node,
 * no DOM. A mask is kept as its bounding box plus the run lengths of the pixels inside it, read
 * row by row (row-major), starting with a run of background pixels (which may be 0 long). The
 * runs travel as text in COCO's compressed alphabet (a LEB128 variant with 5 data bits per
 * character, ASCII 48–111), so they are JSON-safe and compact; the store keeps the same bytes.
 */

/** A binary mask cropped to its bounding box, in upright-image pixels. `bits[row * w + col]` is 1 inside, 0 outside. */
export interface MaskCrop {
  x: number;
  y: number;
  w: number;
  h: number;
  bits: Uint8Array;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The tight bounding box of the 1s of a full-image mask, or null when the mask is empty. */
export function maskBounds(full: Uint8Array, width: number, height: number): Rect | null {
  if (full.length !== width * height) throw new Error(`mask has ${full.length} pixels, expected ${width}×${height}`);
  const first = full.indexOf(1);
  if (first < 0) return null;
  const last = full.lastIndexOf(1);
  const y0 = Math.floor(first / width);
  const y1 = Math.floor(last / width);
  let x0 = width;
  let x1 = -1;
  for (let y = y0; y <= y1; y++) {
    const row = full.subarray(y * width, (y + 1) * width);
    // Only the parts of the row outside [x0, x1] can widen the box.
    const a = row.indexOf(1);
    if (a < 0) continue;
    if (a < x0) x0 = a;
    if (x1 < width - 1) {
      const b = row.lastIndexOf(1);
      if (b > x1) x1 = b;
    }
  }
  return { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/** Copy the part of a full-image mask inside `r` (default: its tight bounds); null when empty. */
export function cropMask(full: Uint8Array, width: number, height: number, r: Rect | null = maskBounds(full, width, height)): MaskCrop | null {
  if (!r || r.w <= 0 || r.h <= 0) return null;
  const bits = new Uint8Array(r.w * r.h);
  for (let row = 0; row < r.h; row++) {
    const start = (r.y + row) * width + r.x;
    bits.set(full.subarray(start, start + r.w), row * r.w);
  }
  return { x: r.x, y: r.y, w: r.w, h: r.h, bits };
}

/** Write the 1s of `crop` into a full-image mask (`value` 1 paints, 0 erases where the crop has 1s). */
export function pasteMask(crop: MaskCrop, full: Uint8Array, width: number, height: number, value: 0 | 1 = 1): void {
  for (let row = 0; row < crop.h; row++) {
    const y = crop.y + row;
    if (y < 0 || y >= height) continue;
    const src = row * crop.w;
    const dst = y * width + crop.x;
    if (value === 1 && crop.x >= 0 && crop.x + crop.w <= width) {
      // The common case: OR the row in. Set where the crop has a 1.
      let i = crop.bits.indexOf(1, src);
      const end = src + crop.w;
      while (i >= 0 && i < end) {
        let j = crop.bits.indexOf(0, i);
        if (j < 0 || j > end) j = end;
        full.fill(1, dst + (i - src), dst + (j - src));
        i = crop.bits.indexOf(1, j);
      }
      continue;
    }
    for (let col = 0; col < crop.w; col++) {
      const x = crop.x + col;
      if (x >= 0 && x < width && crop.bits[src + col] === 1) full[dst + col] = value;
    }
  }
}

/** Number of 1s. */
export function maskArea(bits: Uint8Array): number {
  let n = 0;
  let i = bits.indexOf(1);
  while (i >= 0) {
    let j = bits.indexOf(0, i);
    if (j < 0) j = bits.length;
    n += j - i;
    i = bits.indexOf(1, j);
  }
  return n;
}

/** Runs shorter than this are scanned byte by byte; longer ones are found with indexOf (memchr). */
const SHORT_RUN = 24;

/** A growable list of run lengths (a typed array: a busy 4096² mask has millions of runs). */
class Runs {
  buf: Uint32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.buf = new Uint32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Uint32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  done(): Uint32Array {
    return this.buf.subarray(0, this.length);
  }
}

/** Run lengths of a 0/1 array, alternating 0s and 1s, starting with the 0s (possibly a 0-length run). */
export function encodeRuns(bits: Uint8Array): Uint32Array {
  const counts = new Runs();
  const n = bits.length;
  let pos = 0;
  let v = 0;
  while (pos < n) {
    // Look a few bytes ahead by hand: on a busy mask most runs are short and a native call per
    // run costs more than the scan.
    let next = pos;
    const stop = pos + SHORT_RUN < n ? pos + SHORT_RUN : n;
    while (next < stop && bits[next] === v) next++;
    if (next === stop && next < n) {
      next = bits.indexOf(v ^ 1, next);
      if (next < 0) next = n;
    }
    counts.push(next - pos);
    pos = next;
    v ^= 1;
  }
  if (counts.length === 0) counts.push(0);
  return counts.done();
}

/** Inverse of encodeRuns; throws when the runs do not add up to `n`. */
export function decodeRuns(counts: ArrayLike<number>, n: number, out: Uint8Array = new Uint8Array(n)): Uint8Array {
  let pos = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (!Number.isInteger(c) || c < 0 || pos + c > n) throw new Error('mask runs do not match its size');
    if (i % 2 === 1) {
      if (c < SHORT_RUN) for (let k = pos, end = pos + c; k < end; k++) out[k] = 1;
      else out.fill(1, pos, pos + c);
    }
    pos += c;
  }
  if (pos !== n) throw new Error('mask runs do not match its size');
  return out;
}

/**
 * Run lengths to COCO's compressed string (pycocotools `rleToString`): each count (from the
 * fourth on, as the difference with the count two before) in 5-bit groups, low first, a 6th bit
 * saying "more follows", plus 48. Arithmetic is done on doubles so counts above 2^31 survive.
 */
export function runsToString(counts: ArrayLike<number>): string {
  // At most 7 characters per count for counts below 2^32 (sign included).
  const buf = new Uint8Array(Math.max(16, counts.length * 8));
  let p = 0;
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i]!;
    if (i > 2) x -= counts[i - 2]!;
    if (x >= -0x40000000 && x < 0x40000000) {
      // Fits an int32 with room: bit operations are exact and fast.
      for (;;) {
        let c = x & 0x1f;
        x >>= 5;
        const more = c & 0x10 ? x !== -1 : x !== 0;
        if (more) c |= 0x20;
        buf[p++] = c + 48;
        if (!more) break;
      }
    } else {
      for (;;) {
        let c = ((x % 32) + 32) % 32;
        x = Math.floor(x / 32);
        const more = c & 0x10 ? x !== -1 : x !== 0;
        if (more) c |= 0x20;
        buf[p++] = c + 48;
        if (!more) break;
      }
    }
  }
  let out = '';
  for (let i = 0; i < p; i += 0x4000) out += String.fromCharCode.apply(null, buf.subarray(i, Math.min(p, i + 0x4000)) as unknown as number[]);
  return out;
}

/** COCO's compressed string back to run lengths (pycocotools `rleFrString`); throws on a malformed string. */
export function runsFromString(s: string): Uint32Array {
  const counts = new Runs(Math.max(16, s.length >> 1));
  let p = 0;
  const len = s.length;
  while (p < len) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= len) throw new Error('mask string ends in the middle of a number');
      const c = s.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new Error('mask string has a character outside the RLE alphabet');
      // Up to 30 bits with integer shifts; beyond, plain arithmetic (JS shifts are 32-bit).
      x += k < 6 ? (c & 0x1f) << (5 * k) : (c & 0x1f) * 2 ** (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x -= k < 6 ? 1 << (5 * k) : 2 ** (5 * k);
      if (k > 12) throw new Error('mask string has a number that is too long');
    }
    const m = counts.length;
    if (m > 2) x += counts.buf[m - 2]!;
    if (x < 0) throw new Error('mask string has a negative run');
    if (x > 0xffffffff) throw new Error('mask string has a run that is too long');
    counts.push(x);
  }
  return counts.done();
}

/** A crop's runs as text (the form used by the contract and the store). */
export function encodeMask(bits: Uint8Array): string {
  return runsToString(encodeRuns(bits));
}

/** Text runs of a w×h crop back to its bits; throws when they do not describe exactly w×h pixels. */
export function decodeMask(text: string, w: number, h: number): Uint8Array {
  return decodeRuns(runsFromString(text), w * h);
}

/** Drop empty border rows/columns of a crop (after an erase); null when nothing is left. */
export function tightenCrop(crop: MaskCrop): MaskCrop | null {
  const r = maskBounds(crop.bits, crop.w, crop.h);
  if (!r) return null;
  if (r.x === 0 && r.y === 0 && r.w === crop.w && r.h === crop.h) return crop;
  const inner = cropMask(crop.bits, crop.w, crop.h, r)!;
  return { ...inner, x: crop.x + r.x, y: crop.y + r.y };
}
