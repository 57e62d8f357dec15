import type { Rect } from '../editor/types.js';

/**
 * Masks drawn as coloured bitmaps. A saved mask is turned into a canvas of its bounding box once
 * (cached by the shape value, which is immutable); the mask being painted lives at full image
 * resolution (in tiles) and only the rectangle a stroke segment touched is recoloured each frame.
 */

export function rgbOf(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Runs shorter than this are walked pixel by pixel; longer ones are found with indexOf and filled at once. */
const SHORT_RUN = 16;

/**
 * Colour the 1s of `bits` (row-major, `w` wide) inside `r` into `out` (RGBA of `r`'s size); the
 * 0s become transparent. Run by run: a blob's row is a few native fills, not a pixel loop (a
 * 2800×2000 wand preview coloured pixel by pixel took longer than the fill that made it).
 */
export function colourRect(bits: Uint8Array, w: number, r: Rect, rgb: [number, number, number], out: Uint8ClampedArray): void {
  const px = new Uint32Array(out.buffer, out.byteOffset, r.w * r.h);
  // Little-endian RGBA as one 32-bit word; 0 is transparent.
  const word = (255 << 24) | (rgb[2] << 16) | (rgb[1] << 8) | rgb[0];
  for (let y = 0; y < r.h; y++) {
    const src = (r.y + y) * w + r.x;
    const row = bits.subarray(src, src + r.w);
    const dst = y * r.w;
    let x = 0;
    while (x < r.w) {
      const on = row[x] === 1;
      // The end of the run of this value: a few pixels by hand, then the rest with indexOf.
      let end = x + 1;
      const stop = Math.min(r.w, x + SHORT_RUN);
      while (end < stop && (row[end] === 1) === on) end++;
      if (end === stop && end < r.w) {
        end = on ? row.indexOf(0, end) : row.indexOf(1, end);
        if (end < 0) end = r.w;
      }
      if (end - x < SHORT_RUN) for (let k = dst + x, e = dst + end; k < e; k++) px[k] = on ? word : 0;
      else px.fill(on ? word : 0, dst + x, dst + end);
      x = end;
    }
  }
}

const cache = new WeakMap<object, { color: string; canvas: OffscreenCanvas }>();

/** The coloured canvas of a saved mask (its bounding box), built once per mask value and colour. */
export function maskCanvas(mask: { w: number; h: number; bits: Uint8Array }, color: string): OffscreenCanvas {
  const hit = cache.get(mask);
  if (hit && hit.color === color) return hit.canvas;
  const canvas = new OffscreenCanvas(mask.w, mask.h);
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(mask.w, mask.h);
  colourRect(mask.bits, mask.w, { x: 0, y: 0, w: mask.w, h: mask.h }, rgbOf(color), img.data);
  ctx.putImageData(img, 0, 0);
  cache.set(mask, { color, canvas });
  return canvas;
}

/**
 * Image pixels per canvas pixel for a preview seen at `scale` screen pixels per image pixel: the
 * largest power of two that keeps a canvas pixel within one screen pixel (1 at 100 % and closer).
 */
export function previewStep(scale: number): number {
  if (!(scale > 0) || scale >= 0.5) return 1;
  return 2 ** Math.floor(Math.log2(1 / scale));
}

/**
 * Colour a w×h mask sampled every `k` pixels into `out` (RGBA of ceil(w/k)×ceil(h/k)): canvas
 * pixel (i, j) shows mask pixel (i·k, j·k). The 0s become transparent.
 */
export function colourSampled(bits: Uint8Array, w: number, h: number, k: number, rgb: [number, number, number], out: Uint8ClampedArray): void {
  const cw = Math.ceil(w / k);
  const ch = Math.ceil(h / k);
  const px = new Uint32Array(out.buffer, out.byteOffset, cw * ch);
  const word = (255 << 24) | (rgb[2] << 16) | (rgb[1] << 8) | rgb[0];
  for (let j = 0; j < ch; j++) {
    const src = j * k * w;
    const dst = j * cw;
    for (let i = 0; i < cw; i++) px[dst + i] = bits[src + i * k] === 1 ? word : 0;
  }
}

/**
 * The same picture as `colourSampled`, made from the crop's runs (row-major, from a run of 0s)
 * without its bits: only the sampled rows' runs of 1s are filled, so a wand step need not decode
 * megapixels to show its preview.
 */
export function colourSampledRuns(runs: ArrayLike<number>, w: number, h: number, k: number, rgb: [number, number, number], out: Uint8ClampedArray): void {
  const cw = Math.ceil(w / k);
  const ch = Math.ceil(h / k);
  const px = new Uint32Array(out.buffer, out.byteOffset, cw * ch);
  px.fill(0);
  const word = (255 << 24) | (rgb[2] << 16) | (rgb[1] << 8) | rgb[0];
  let pos = 0;
  for (let r = 0; r < runs.length; r++) {
    const c = runs[r]!;
    if (r % 2 === 1 && c > 0) {
      const end = Math.min(pos + c, w * h);
      // The sampled rows (multiples of k) this run of 1s crosses.
      for (let y = Math.ceil(Math.floor(pos / w) / k) * k; y * w < end; y += k) {
        const from = Math.max(pos, y * w) - y * w;
        const to = Math.min(end, (y + 1) * w) - y * w;
        const i0 = Math.ceil(from / k);
        const i1 = Math.ceil(to / k);
        if (i1 > i0) px.fill(word, (y / k) * cw + i0, (y / k) * cw + i1);
      }
    }
    pos += c;
  }
}

const previews = new WeakMap<object, { color: string; k: number; canvas: OffscreenCanvas }>();

/**
 * The coloured canvas of an assist's preview seen at `scale`: zoomed out, it is made at about
 * screen resolution (every k-th pixel, `previewStep`) rather than the mask's own, so a 2800×2000
 * wand preview on a 4096² image fitted to the window colours and uploads a sixteenth of the
 * pixels on every tolerance step. Drawn over `k·width × k·height` image pixels. Made once per mask, colour and step.
 */
export function previewCanvas(mask: { w: number; h: number; bits: Uint8Array; runs?: Uint32Array }, color: string, scale: number): { canvas: OffscreenCanvas; k: number } {
  const k = previewStep(scale);
  if (k === 1) return { canvas: maskCanvas(mask, color), k };
  const hit = previews.get(mask);
  if (hit && hit.color === color && hit.k === k) return hit;
  const cw = Math.ceil(mask.w / k);
  const ch = Math.ceil(mask.h / k);
  const canvas = new OffscreenCanvas(cw, ch);
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(cw, ch);
  // A preview that came as runs is coloured from them: its bits are decoded only if it is kept.
  if (mask.runs) colourSampledRuns(mask.runs, mask.w, mask.h, k, rgbOf(color), img.data);
  else colourSampled(mask.bits, mask.w, mask.h, k, rgbOf(color), img.data);
  ctx.putImageData(img, 0, 0);
  const made = { color, k, canvas };
  previews.set(mask, made);
  return made;
}

/** Side of the square tiles the stroke canvas is cut into, in image pixels. */
const TILE = 512;

interface Tile {
  canvas: OffscreenCanvas;
  ctx: OffscreenCanvasRenderingContext2D;
  /** The image pixels the tile covers (edge tiles are cut to the image). */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Painted since the last reset (drawn, and cleared at the next reset). */
  inUse: boolean;
}

/**
 * The stroke in progress at full image resolution, updated rectangle by rectangle. It is cut into
 * tiles made when a stroke first reaches them and kept for the next strokes on an image of the
 * same size: one 4096×4096 canvas is 64 MB, and making it (or clearing it) when a stroke starts
 * cost 35–50 ms, a visible stall; a tile costs well under a millisecond.
 */
export class StrokeCanvas {
  private width = 0;
  private height = 0;
  private cols = 0;
  /** Row-major grid of tiles; undefined until a stroke reaches that tile. */
  private tiles: (Tile | undefined)[] = [];

  /** Make the canvas match the raster (all of it), e.g. when a stroke starts; `area` is where the raster has 1s. */
  reset(bits: Uint8Array, width: number, height: number, color: string, area: Rect | null): void {
    if (width !== this.width || height !== this.height) {
      this.width = width;
      this.height = height;
      this.cols = Math.ceil(width / TILE);
      this.tiles = new Array<Tile | undefined>(this.cols * Math.ceil(height / TILE));
    } else {
      for (const t of this.tiles) {
        if (!t?.inUse) continue;
        t.ctx.clearRect(0, 0, t.w, t.h);
        t.inUse = false;
      }
    }
    if (area) this.update(bits, width, area, color);
  }

  /** Recolour the rectangle `r` from the raster (`width` pixels a row). */
  update(bits: Uint8Array, width: number, r: Rect, color: string): void {
    const x0 = Math.max(0, r.x);
    const y0 = Math.max(0, r.y);
    const x1 = Math.min(this.width, r.x + r.w);
    const y1 = Math.min(this.height, r.y + r.h);
    if (x0 >= x1 || y0 >= y1) return;
    const rgb = rgbOf(color);
    for (let ty = Math.floor(y0 / TILE); ty * TILE < y1; ty++) {
      for (let tx = Math.floor(x0 / TILE); tx * TILE < x1; tx++) {
        const px = Math.max(x0, tx * TILE);
        const py = Math.max(y0, ty * TILE);
        let part: Rect | null = { x: px, y: py, w: Math.min(x1, (tx + 1) * TILE) - px, h: Math.min(y1, (ty + 1) * TILE) - py };
        const existing = this.tiles[ty * this.cols + tx];
        // A clear tile needs only the 1s, and no tile at all when there are none (a stroke that
        // continues a mask far from where it starts spans the whole image, mostly empty).
        if (!existing?.inUse) part = onesIn(bits, width, part);
        if (!part) continue;
        const t = existing ?? this.tile(tx, ty);
        const img = t.ctx.createImageData(part.w, part.h);
        colourRect(bits, width, part, rgb, img.data);
        t.ctx.putImageData(img, part.x - t.x, part.y - t.y);
        t.inUse = true;
      }
    }
  }

  /**
   * Draw the painted tiles: the image's top-left at (x, y), `scale` units per image pixel. Tile
   * edges are put on whole device pixels (`dpr` of them a unit) so neighbours neither overlap nor
   * leave a hairline between them.
   */
  draw(ctx: CanvasRenderingContext2D, x: number, y: number, scale: number, dpr: number): void {
    const snap = (v: number) => Math.round(v * dpr) / dpr;
    for (const t of this.tiles) {
      if (!t?.inUse) continue;
      const left = snap(x + t.x * scale);
      const top = snap(y + t.y * scale);
      ctx.drawImage(t.canvas, left, top, snap(x + (t.x + t.w) * scale) - left, snap(y + (t.y + t.h) * scale) - top);
    }
  }

  private tile(tx: number, ty: number): Tile {
    const i = ty * this.cols + tx;
    let t = this.tiles[i];
    if (!t) {
      const x = tx * TILE;
      const y = ty * TILE;
      const w = Math.min(TILE, this.width - x);
      const h = Math.min(TILE, this.height - y);
      const canvas = new OffscreenCanvas(w, h);
      t = { canvas, ctx: canvas.getContext('2d')!, x, y, w, h, inUse: false };
      this.tiles[i] = t;
    }
    return t;
  }
}

/** The tight box of the 1s of `bits` (`width` pixels a row) inside `r`, or null when there are none. */
function onesIn(bits: Uint8Array, width: number, r: Rect): Rect | null {
  let x0 = r.w;
  let x1 = -1;
  let y0 = -1;
  let y1 = -1;
  for (let j = r.y; j < r.y + r.h; j++) {
    const row = bits.subarray(j * width + r.x, j * width + r.x + r.w);
    const a = row.indexOf(1);
    if (a < 0) continue;
    if (y0 < 0) y0 = j;
    y1 = j;
    if (a < x0) x0 = a;
    if (x1 < r.w - 1) x1 = Math.max(x1, row.lastIndexOf(1));
  }
  return y0 < 0 ? null : { x: r.x + x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}
