import type { Editor } from '../../Editor.js';

/** Image pixels. */
export const MIN_BRUSH_RADIUS = 0.5;
export const MAX_BRUSH_RADIUS = 1000;
/** Screen pixels, for a brush sized on screen. */
const MAX_SCREEN_RADIUS = 400;

const clamp = (r: number) => Math.min(MAX_BRUSH_RADIUS, Math.max(MIN_BRUSH_RADIUS, r));

/** The next brush size up or down: about 25% a step, at least half a pixel. */
export function stepBrushRadius(r: number, dir: 1 | -1): number {
  return clamp(dir > 0 ? Math.max(r + 0.5, Math.round(r * 1.25 * 2) / 2) : Math.min(r - 0.5, Math.round((r / 1.25) * 2) / 2));
}

/** [ and ]: one step smaller or larger, in the unit the brush is sized in (image or screen pixels). */
export function stepBrush(ed: Editor, dir: 1 | -1): void {
  if (!ed.brushOnScreen) {
    ed.brushRadius = stepBrushRadius(ed.brushRadius, dir);
    return;
  }
  ed.brushScreenRadius = Math.min(MAX_SCREEN_RADIUS, stepBrushRadius(ed.brushScreenRadius, dir));
  ed.brushRadius = clamp(ed.brushScreenRadius / ed.viewScale);
}

/** Keep the brush's size on screen from now on (its current one), or go back to image pixels. */
export function sizeBrushOnScreen(ed: Editor, on: boolean): void {
  ed.brushOnScreen = on;
  if (on) ed.brushScreenRadius = ed.brushRadius * ed.viewScale;
}

/** After a zoom: a brush sized on screen gets the image radius that keeps its screen size. */
export function followZoom(ed: Editor): void {
  if (ed.brushOnScreen) ed.brushRadius = clamp(ed.brushScreenRadius / ed.viewScale);
}
