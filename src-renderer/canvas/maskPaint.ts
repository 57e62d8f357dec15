import type { Rect } from '../editor/types.js';

/**
 * Masks drawn as coloured bitmaps. A saved mask is turned into a canvas of its bounding box once
 * (cached by the shape value, which is immutable); the mask being painted lives at full image
 * resolution and only the rectangle a stroke segment touched is recoloured each frame.
 */

export function rgbOf(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Colour the 1s of `bits` (row-major, `w` wide) inside `r` into `out` (RGBA of `r`'s size). */
export function colourRect(bits: Uint8Array, w: number, r: Rect, rgb: [number, number, number], out: Uint8ClampedArray): void {
  const px = new Uint32Array(out.buffer, out.byteOffset, r.w * r.h);
  // Little-endian RGBA as one 32-bit word; 0 is transparent.
  const word = (255 << 24) | (rgb[2] << 16) | (rgb[1] << 8) | rgb[0];
  for (let y = 0; y < r.h; y++) {
    const src = (r.y + y) * w + r.x;
    const dst = y * r.w;
    for (let x = 0; x < r.w; x++) px[dst + x] = bits[src + x] === 1 ? word : 0;
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

/** The full-resolution canvas of the stroke in progress, updated rectangle by rectangle. */
export class StrokeCanvas {
  canvas: OffscreenCanvas | null = null;
  private ctx: OffscreenCanvasRenderingContext2D | null = null;

  /** Make the canvas match the raster (all of it), e.g. when a stroke starts. */
  reset(bits: Uint8Array, width: number, height: number, color: string, area: Rect | null): void {
    if (!this.canvas || this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas = new OffscreenCanvas(width, height);
      this.ctx = this.canvas.getContext('2d')!;
    } else {
      this.ctx!.clearRect(0, 0, width, height);
    }
    if (area) this.update(bits, width, area, color);
  }

  /** Recolour the rectangle `r` from the raster. */
  update(bits: Uint8Array, width: number, r: Rect, color: string): void {
    if (!this.ctx || r.w <= 0 || r.h <= 0) return;
    const img = this.ctx.createImageData(r.w, r.h);
    colourRect(bits, width, r, rgbOf(color), img.data);
    this.ctx.putImageData(img, r.x, r.y);
  }
}
