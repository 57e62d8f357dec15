import type { Editor } from '../editor/Editor.js';
import { samState } from '../editor/tools/sam/samState.js';
import type { View } from './drawOverlay.js';
import { maskCanvas } from './maskPaint.js';

/**
 * The SAM tool's prompt and preview over the image: the mask the model made (translucent, in the
 * prompt's class colour), the box, and the clicks (green on the object, red on the background).
 */
export function drawSamOverlay(ctx: CanvasRenderingContext2D, editor: Editor, view: View): void {
  const s = samState(editor);
  const X = (x: number) => x * view.scale + view.x;
  const Y = (y: number) => y * view.scale + view.y;
  const colour = editor.classById(s.classId ?? editor.activeClassId)?.color ?? '#e0e0e0';
  if (s.mask) {
    ctx.imageSmoothingEnabled = view.scale < 1;
    ctx.globalAlpha = Math.max(0.35, editor.maskOpacity);
    ctx.drawImage(maskCanvas(s.mask, colour), X(s.mask.x), Y(s.mask.y), s.mask.w * view.scale, s.mask.h * view.scale);
    ctx.globalAlpha = 1;
  }
  if (s.box) {
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = colour;
    ctx.strokeRect(X(s.box.x), Y(s.box.y), s.box.w * view.scale, s.box.h * view.scale);
    ctx.setLineDash([]);
  }
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = '#ffffff';
  for (const p of s.points) {
    ctx.beginPath();
    ctx.arc(X(p.x + 0.5), Y(p.y + 0.5), 5, 0, Math.PI * 2);
    ctx.fillStyle = p.positive ? '#2ca02c' : '#d62728';
    ctx.fill();
    ctx.stroke();
  }
}
