import { type MaskCrop, Runs, runsFromString, runsToString, tightenCrop } from '../api/maskCodec.js';

/**
 * COCO's run-length encoding of a whole-image binary mask, as pycocotools writes it: pixels read
 * column by column (column-major, "Fortran order"), alternating runs of 0s and 1s starting with
 * the 0s, and `counts` either a list of numbers (uncompressed, often with iscrowd 1) or the
 * compressed string of rleToString. `size` is [height, width].
 */
export interface CocoRle {
  size: [number, number];
  counts: string;
}

export interface CocoRleAny {
  size: [number, number];
  counts: string | number[];
}

/*
 * Both directions work with transitions (a pixel that differs from the one before it in column
 * order, i.e. where a run starts) instead of stepping down the row-major crop one pixel at a time:
 * that walk lands on a new cache line (for a 4096-wide crop, a new memory page) at every pixel,
 * and on a busy 4096² mask (8-px checkerboard, 2M runs) it took most of the time. Encoding finds
 * the vertical transitions by comparing each row with the row above, four pixels at a time;
 * decoding groups the transitions by row and builds each row from the one above. Only the
 * transitions (one per run) are handled one by one.
 */

/** Column-major run lengths of a mask given as a crop of a width×height image. */
export function cropToColumnRuns(crop: MaskCrop, width: number, height: number): number[] {
  return Array.from(columnRuns(crop, width, height));
}

/** A crop (bounding box + row-major bits) on a width×height image, in COCO's compressed form. */
export function cropToCocoRle(crop: MaskCrop, width: number, height: number): CocoRle {
  return { size: [height, width], counts: runsToString(columnRuns(crop, width, height)) };
}

/** Columns per strip for a crop `h` rows high: a strip of a 4096-row crop is 256 KB of pixels. */
function stripWidth(h: number): number {
  return Math.max(4, Math.min(256, Math.floor(0x40000 / (h + 1))) & ~3);
}

/**
 * The runs of cropToColumnRuns as a typed array: Uint32 while every run fits (an image under
 * 2^32 pixels), doubles beyond.
 */
function columnRuns(crop: MaskCrop, width: number, height: number): Uint32Array | Float64Array {
  if (crop.x < 0 || crop.y < 0 || crop.x + crop.w > width || crop.y + crop.h > height) throw new Error('mask crop lies outside the image');
  const { bits, w, h, x: cx, y: cy } = crop;
  if (bits.length !== w * h) throw new Error(`mask crop has ${bits.length} pixels, expected ${w}×${h}`);
  const n = width * height;
  if (w === 0 || h === 0) return Uint32Array.of(n);
  const below = height - cy - h;
  // The crop spans the full height: the top of a column follows the bottom of the one before.
  const joined = cy === 0 && below === 0;
  const big = n > 0xffffffff;
  const runs: Runs | number[] = big ? [] : new Runs(Math.max(1024, 2 * w));
  const view = new DataView(bits.buffer, bits.byteOffset, bits.byteLength);
  const last = (h - 1) * w;
  const S = stripWidth(h);
  // The transitions of a strip, column by column: the crop rows (0..h) where column s0+j
  // changes value are found[j * (h + 1) + t] for t < count[j]. Narrow enough that the strip's
  // rows stay in the CPU cache while the strip is scanned.
  const found = new Uint32Array(S * (h + 1));
  const count = new Uint32Array(S);
  let prev = 0; // image position of the last transition emitted
  for (let s0 = 0; s0 < w; s0 += S) {
    const s1 = Math.min(w, s0 + S);
    count.fill(0);
    for (let c = s0; c < s1; c++) {
      // Above row 0 lie 0s (rows above the crop, columns left of it, or the start of the image),
      // unless the previous column ends right there.
      const before = joined && c > 0 ? bits[last + c - 1]! : 0;
      if (bits[c] !== before) found[(c - s0) * (h + 1) + count[c - s0]!++] = 0;
    }
    const wordEnd = s0 + ((s1 - s0) & ~3);
    for (let r = 1; r < h; r++) {
      const a = r * w;
      const b = a - w;
      let c = s0;
      for (; c < wordEnd; c += 4) {
        // Four pixels against the four above them; little-endian reads put pixel c in the low byte.
        const d = view.getUint32(a + c, true) ^ view.getUint32(b + c, true);
        if (d !== 0) {
          const j = c - s0;
          if (d & 0xff) found[j * (h + 1) + count[j]!++] = r;
          if (d & 0xff00) found[(j + 1) * (h + 1) + count[j + 1]!++] = r;
          if (d & 0xff0000) found[(j + 2) * (h + 1) + count[j + 2]!++] = r;
          if (d & 0xff000000) found[(j + 3) * (h + 1) + count[j + 3]!++] = r;
        }
      }
      for (; c < s1; c++) if (bits[a + c] !== bits[b + c]) found[(c - s0) * (h + 1) + count[c - s0]!++] = r;
    }
    for (let c = s0; c < s1; c++) {
      // Below row h-1 lie 0s, except where the next column starts right there (its row 0 counted
      // that transition) or the image ends (no run starts there).
      if (bits[last + c] === 1 && !(joined && c < w - 1) && (cx + c) * height + cy + h < n) {
        found[(c - s0) * (h + 1) + count[c - s0]!++] = h;
      }
    }
    for (let c = s0; c < s1; c++) {
      const top = (cx + c) * height + cy;
      const from = (c - s0) * (h + 1);
      for (let t = from, end = from + count[c - s0]!; t < end; t++) {
        const p = top + found[t]!;
        runs.push(p - prev);
        prev = p;
      }
    }
  }
  runs.push(n - prev);
  return big ? Float64Array.from(runs as number[]) : (runs as Runs).done();
}

/**
 * A COCO RLE (compressed string or uncompressed counts) back to its tight crop, or null when the
 * mask is empty. Throws when the runs do not cover exactly height × width pixels.
 */
export function cocoRleToCrop(rle: CocoRleAny): MaskCrop | null {
  const [height, width] = rle.size;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height <= 0 || width <= 0) throw new Error('COCO RLE has an invalid size');
  const counts = typeof rle.counts === 'string' ? runsFromString(rle.counts) : rle.counts;
  const n = height * width;
  // First pass: the bounds, so only the crop is allocated (a whole 4096² image would be 16 MB),
  // and how many transitions (the first pixel of a run of 1s, and the pixel just below its last)
  // each image row has. The position is followed as a column and a row, divided only when a run
  // crosses a column.
  const perRow = new Uint32Array(height + 1);
  let pos = 0;
  let col = 0;
  let row = 0;
  let x0 = width;
  let x1 = -1;
  let y0 = height;
  let y1 = -1;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (!Number.isInteger(c) || c < 0 || pos + c > n) throw new Error('COCO RLE counts do not match its size');
    if (i % 2 === 1 && c > 0) {
      const lastRow = row + c - 1;
      if (col < x0) x0 = col;
      perRow[row]!++;
      if (lastRow < height) {
        if (col > x1) x1 = col;
        if (row < y0) y0 = row;
        if (lastRow > y1) y1 = lastRow;
        perRow[lastRow + 1]!++;
      } else {
        // The run wraps from the bottom of one column to the top of the next (and maybe more).
        const q = Math.floor(lastRow / height);
        if (col + q > x1) x1 = col + q;
        y0 = 0;
        y1 = height - 1;
        perRow[0]! += q;
        perRow[lastRow - q * height + 1]!++;
      }
    }
    pos += c;
    row += c;
    if (row >= height) {
      const q = Math.floor(row / height);
      col += q;
      row -= q * height;
    }
  }
  if (pos !== n) throw new Error('COCO RLE counts do not match its size');
  if (x1 < 0) return null;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;

  // Second pass: the transitions' crop columns, grouped by row (row r's are at [start[r],
  // start[r+1])). Row `height` collects the ends of runs that reach the bottom of the image.
  const start = new Uint32Array(height + 2);
  for (let r = 0; r < height + 1; r++) start[r + 1] = start[r]! + perRow[r]!;
  const next = start.slice(0, height + 1);
  const cols = w <= 0x10000 ? new Uint16Array(start[height + 1]!) : new Uint32Array(start[height + 1]!);
  col = 0;
  row = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (i % 2 === 1 && c > 0) {
      const lastRow = row + c - 1;
      const k = col - x0;
      cols[next[row]!++] = k;
      if (lastRow < height) {
        cols[next[lastRow + 1]!++] = k;
      } else {
        const q = Math.floor(lastRow / height);
        for (let j = 1; j <= q; j++) cols[next[0]!++] = k + j;
        cols[next[lastRow - q * height + 1]!++] = k + q;
      }
    }
    row += c;
    if (row >= height) {
      const q = Math.floor(row / height);
      col += q;
      row -= q * height;
    }
  }

  // Each crop row is the row above with its transitions flipped, built top to bottom in memory
  // order (a pixel whose column turns on and off at the same row is flipped twice: unchanged).
  const bits = new Uint8Array(w * h);
  for (let r = 0; r < h; r++) {
    const a = r * w;
    if (r > 0) bits.copyWithin(a, a - w, a);
    for (let t = start[y0 + r]!, end = start[y0 + r + 1]!; t < end; t++) bits[a + cols[t]!]! ^= 1;
  }
  return tightenCrop({ x: x0, y: y0, w, h, bits });
}

/** Number of foreground pixels of a COCO RLE. */
export function cocoRleArea(rle: CocoRleAny): number {
  const counts = typeof rle.counts === 'string' ? runsFromString(rle.counts) : rle.counts;
  let a = 0;
  for (let i = 1; i < counts.length; i += 2) a += counts[i]!;
  return a;
}
