import { type MaskCrop, runsFromString, runsToString, tightenCrop } from '../api/maskCodec.js';

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

/** Column-major run lengths of a mask given as a crop of a width×height image. */
export function cropToColumnRuns(crop: MaskCrop, width: number, height: number): number[] {
  if (crop.x < 0 || crop.y < 0 || crop.x + crop.w > width || crop.y + crop.h > height) throw new Error('mask crop lies outside the image');
  const counts: number[] = [];
  let v = 0;
  let run = 0;
  const zeros = (n: number) => {
    if (n <= 0) return;
    if (v === 1) {
      counts.push(run);
      run = 0;
      v = 0;
    }
    run += n;
  };
  const { bits, w, h, x: cx, y: cy } = crop;
  const below = height - cy - h;
  zeros(cx * height); // columns left of the crop
  for (let col = 0; col < w; col++) {
    zeros(cy); // rows above the crop in this column
    for (let i = col, row = 0; row < h; row++, i += w) {
      const b = bits[i]!;
      if (b === v) {
        run++;
      } else {
        counts.push(run);
        run = 1;
        v = b;
      }
    }
    zeros(below);
  }
  zeros((width - cx - w) * height); // columns right of the crop
  counts.push(run);
  return counts;
}

/** A crop (bounding box + row-major bits) on a width×height image, in COCO's compressed form. */
export function cropToCocoRle(crop: MaskCrop, width: number, height: number): CocoRle {
  return { size: [height, width], counts: runsToString(cropToColumnRuns(crop, width, height)) };
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
  // First pass: the bounds, so only the crop is allocated (a whole 4096² image would be 16 MB).
  let pos = 0;
  let x0 = width;
  let x1 = -1;
  let y0 = height;
  let y1 = -1;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (!Number.isInteger(c) || c < 0 || pos + c > n) throw new Error('COCO RLE counts do not match its size');
    if (i % 2 === 1 && c > 0) {
      const colA = Math.floor(pos / height);
      const colB = Math.floor((pos + c - 1) / height);
      if (colA < x0) x0 = colA;
      if (colB > x1) x1 = colB;
      if (colA !== colB) {
        // The run wraps from the bottom of one column to the top of the next.
        y0 = 0;
        y1 = height - 1;
      } else {
        const rowA = pos % height;
        if (rowA < y0) y0 = rowA;
        if (rowA + c - 1 > y1) y1 = rowA + c - 1;
      }
    }
    pos += c;
  }
  if (pos !== n) throw new Error('COCO RLE counts do not match its size');
  if (x1 < 0) return null;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const bits = new Uint8Array(w * h);
  pos = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (i % 2 === 1) {
      for (let p = pos, end = pos + c; p < end; ) {
        const col = Math.floor(p / height);
        const row = p % height;
        const stop = Math.min(end, (col + 1) * height);
        let k = (row - y0) * w + (col - x0);
        for (let q = p; q < stop; q++, k += w) bits[k] = 1;
        p = stop;
      }
    }
    pos += c;
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
