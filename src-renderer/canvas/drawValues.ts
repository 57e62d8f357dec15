import type { View } from './drawOverlay.js';
import type { ValueImage, Window } from './valueLut.js';

/** Up to this many pixels (2048²) an image is windowed whole and scaled by drawImage; larger ones only where the screen shows them. */
export const FULL_RES_PIXELS = 4_194_304;

/**
 * Draws a medical image's values through the current window onto the image canvas. A small
 * image (a 512² CT) is windowed whole into a canvas of its own, again only when the window
 * changes, and drawn scaled like a picture; a large one (a 4096² scan) is windowed per screen
 * pixel of the visible part, so a window/level drag costs what the screen costs.
 */
export class ValueCanvas {
  private full: HTMLCanvasElement | null = null;
  private fullData: ImageData | null = null;
  private shown = '';
  private viewData: ImageData | null = null;

  constructor(readonly image: ValueImage) {}

  /** `ctx` has the dpr transform set; its canvas is the stage in device pixels. */
  draw(ctx: CanvasRenderingContext2D, w: Window, view: View, dpr: number): void {
    const img = this.image;
    if (img.width * img.height <= FULL_RES_PIXELS) {
      if (!this.full) {
        this.full = document.createElement('canvas');
        this.full.width = img.width;
        this.full.height = img.height;
        this.fullData = new ImageData(img.width, img.height);
      }
      const key = `${w.center}/${w.width}/${w.fn ?? ''}`;
      if (key !== this.shown) {
        img.render(w, new Uint32Array(this.fullData!.data.buffer));
        this.full.getContext('2d')!.putImageData(this.fullData!, 0, 0);
        this.shown = key;
      }
      ctx.imageSmoothingEnabled = view.scale < 2;
      ctx.drawImage(this.full, view.x, view.y, img.width * view.scale, img.height * view.scale);
      return;
    }
    const { width: cols, height: rows } = ctx.canvas;
    if (cols === 0 || rows === 0) return;
    if (!this.viewData || this.viewData.width !== cols || this.viewData.height !== rows) this.viewData = new ImageData(cols, rows);
    img.renderView(w, new Uint32Array(this.viewData.data.buffer), cols, rows, view, dpr);
    // Only the part of the canvas the image covers is copied (the rest stays as cleared): a fitted
    // square scan on a wide stage is a third less to move.
    const x0 = Math.max(0, Math.floor(view.x * dpr));
    const y0 = Math.max(0, Math.floor(view.y * dpr));
    const x1 = Math.min(cols, Math.ceil((view.x + img.width * view.scale) * dpr));
    const y1 = Math.min(rows, Math.ceil((view.y + img.height * view.scale) * dpr));
    if (x1 > x0 && y1 > y0) ctx.putImageData(this.viewData, 0, 0, x0, y0, x1 - x0, y1 - y0);
  }
}
