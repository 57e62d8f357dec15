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
  const inside = crop.x >= 0 && crop.x + crop.w <= width;
  // The common case (painting a crop that lies inside the image) ORs four pixels at a time;
  // DataView reads and writes words at any byte offset, and 0/1 bytes OR like pixels.
  const from = value === 1 && inside ? new DataView(crop.bits.buffer, crop.bits.byteOffset, crop.bits.byteLength) : null;
  const to = from && new DataView(full.buffer, full.byteOffset, full.byteLength);
  for (let row = 0; row < crop.h; row++) {
    const y = crop.y + row;
    if (y < 0 || y >= height) continue;
    const src = row * crop.w;
    const dst = y * width + crop.x;
    let col = from && to ? orWords(from, to, src, dst, crop.w) : 0;
    for (; col < crop.w; col++) {
      const x = crop.x + col;
      if (x >= 0 && x < width && crop.bits[src + col] === 1) full[dst + col] = value;
    }
  }
}

/** OR the whole words of `n` bytes at `src` into `dst`; returns how many bytes that covered. */
function orWords(from: DataView, to: DataView, src: number, dst: number, n: number): number {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const w = from.getUint32(src + i, true);
    if (w !== 0) to.setUint32(dst + i, to.getUint32(dst + i, true) | w, true);
  }
  return i;
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
export class Runs {
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

/** Whether a 32-bit word read over four bytes holds the first byte in its low bits. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Index (0–3, in memory order) of the first non-zero byte of a non-zero word. */
function firstByte(d: number): number {
  return LITTLE_ENDIAN ? (31 - Math.clz32(d & -d)) >> 3 : Math.clz32(d) >> 3;
}

/**
 * Run lengths of a 0/1 array, alternating 0s and 1s, starting with the 0s (possibly a 0-length run).
 * Runs are measured four pixels at a time (one 32-bit word of the array) for the first
 * SHORT_RUN pixels, then with indexOf: on a busy mask most runs are short and a native call per
 * run costs more than the scan; on a blob a few native calls cover a whole row.
 */
export function encodeRuns(bits: Uint8Array): Uint32Array {
  const runs = new RunEncoder();
  runs.add(bits);
  return runs.done();
}

/**
 * Run lengths of the w×h pixels at `offset` of a buffer whose rows are `stride` bytes apart (a
 * crop of a larger 0/1 mask, e.g. the part of OpenCV's flood mask a fill set), as `encodeRuns`
 * would give for the crop copied out: the rows are read where they are, nothing is copied.
 */
export function encodeRunsOfRows(data: Uint8Array, offset: number, stride: number, w: number, h: number): Uint32Array {
  if (w < 0 || h < 0 || (h > 0 && offset + (h - 1) * stride + w > data.length)) throw new Error('mask rows lie outside the buffer');
  const runs = new RunEncoder();
  for (let row = 0; row < h; row++) runs.add(data.subarray(offset + row * stride, offset + row * stride + w));
  return runs.done();
}

/**
 * Run lengths of 0/1 pixels handed in pieces (rows), a run carrying on from one piece to the
 * next. Runs are measured four pixels at a time (one 32-bit word of the array) for the first
 * SHORT_RUN pixels, then with indexOf: on a busy mask most runs are short and a native call per
 * run costs more than the scan; on a blob a few native calls cover a whole row.
 */
class RunEncoder {
  private readonly counts = new Runs();
  /** The value of the run still open, and its length so far. */
  private v = 0;
  private open = 0;

  add(bits: Uint8Array): void {
    const n = bits.length;
    // The 4-aligned middle of `bits` as words: bytes [a0, aEnd) are words [0, (aEnd - a0) / 4).
    const a0 = Math.min(n, (4 - (bits.byteOffset & 3)) & 3);
    const nWords = (n - a0) >> 2;
    const aEnd = a0 + 4 * nWords;
    const words = nWords > 0 ? new Uint32Array(bits.buffer, bits.byteOffset + a0, nWords) : null;
    let pos = 0;
    let v = this.v;
    while (pos < n) {
      let next = pos;
      scan: {
        if (words && next < aEnd) {
          // Byte by byte up to a word boundary, then word by word.
          const edge = next < a0 ? a0 : a0 + ((next - a0 + 3) & ~3);
          for (; next < edge; next++) if (bits[next] !== v) break scan;
          const pattern = v === 1 ? 0x01010101 : 0;
          let w = (next - a0) >> 2;
          const wStop = w + SHORT_RUN / 4 < nWords ? w + SHORT_RUN / 4 : nWords;
          for (; w < wStop; w++) {
            const d = words[w]! ^ pattern;
            if (d !== 0) {
              next = a0 + (w << 2) + firstByte(d);
              break scan;
            }
          }
          next = a0 + (w << 2);
          if (w < nWords) {
            next = bits.indexOf(v ^ 1, next);
            if (next < 0) next = n;
            break scan;
          }
        }
        while (next < n && bits[next] === v) next++;
      }
      this.open += next - pos;
      pos = next;
      // The run ends inside this piece: the next one starts.
      if (next < n) {
        this.counts.push(this.open);
        this.open = 0;
        v ^= 1;
      }
    }
    this.v = v;
  }

  done(): Uint32Array {
    // The open run (a 0-length run of 0s for no pixels at all).
    this.counts.push(this.open);
    return this.counts.done();
  }
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
  // Two characters a count to start with (most take one or two), grown as needed: a count
  // (or delta) under 2^52 takes at most 11 characters, so 16 free bytes always suffice.
  let buf = new Uint8Array(Math.max(64, counts.length * 2));
  let p = 0;
  for (let i = 0; i < counts.length; i++) {
    if (p + 16 > buf.length) {
      const next = new Uint8Array(buf.length * 2);
      next.set(buf);
      buf = next;
    }
    let x = counts[i]!;
    if (i > 2) x -= counts[i - 2]!;
    if (x >= -16 && x < 16) {
      // One character: the usual delta on a busy mask.
      buf[p++] = (x & 0x1f) + 48;
    } else if (x >= -0x40000000 && x < 0x40000000) {
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
  return asciiText(buf.subarray(0, p));
}

/**
 * TextDecoder where the platform has one (Node, browsers, Electron: this module declares it
 * itself because it is built without DOM or Node types); it turns megabytes of ASCII into a
 * string in a millisecond or so.
 */
const asciiDecoder = (() => {
  const TD = (globalThis as { TextDecoder?: new (label: string) => { decode(bytes: Uint8Array): string } }).TextDecoder;
  return TD ? new TD('utf-8') : null;
})();

/** Bytes 0–127 as a string of the same characters. */
function asciiText(bytes: Uint8Array): string {
  if (asciiDecoder) return asciiDecoder.decode(bytes);
  // 4 KB at a time: V8 turns a typed array into call arguments fastest in pieces this size
  // (16 KB pieces took three times as long on a 2-million-run mask).
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x1000) out += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x1000) as unknown as number[]);
  return out;
}

/** COCO's compressed string back to run lengths (pycocotools `rleFrString`); throws on a malformed string. */
export function runsFromString(s: string): Uint32Array {
  const len = s.length;
  // Every count takes at least one character: `len` counts at most.
  const counts = new Uint32Array(len);
  let m = 0;
  let p = 0;
  while (p < len) {
    let x: number;
    const c0 = s.charCodeAt(p) - 48;
    if (c0 >= 0 && c0 < 32) {
      // One character (no "more" bit): most counts of a busy mask, whose deltas are small.
      x = c0 & 0x10 ? c0 - 32 : c0;
      p++;
    } else {
      x = 0;
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
    }
    if (m > 2) x += counts[m - 2]!;
    if (x < 0) throw new Error('mask string has a negative run');
    if (x > 0xffffffff) throw new Error('mask string has a run that is too long');
    counts[m++] = x;
  }
  return counts.subarray(0, m);
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
