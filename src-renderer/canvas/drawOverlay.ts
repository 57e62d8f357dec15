import { type Spacing, areaMm2, segmentLength } from '../../src-main/api/index.js';
import type { Editor } from '../editor/Editor.js';
import { BOX_HANDLES, handlePosition } from '../editor/geometry/box.js';
import { polygonSelfIntersects } from '../editor/geometry/polygon.js';
import { shapeArea } from '../editor/geometry/area.js';
import type { Shape } from '../editor/types.js';
import { StrokeCanvas, maskCanvas, previewCanvas } from './maskPaint.js';
import { drawSamOverlay } from './samOverlay.js';

/** The view: a screen pixel (sx, sy) shows image pixel ((sx - x) / scale, (sy - y) / scale). */
export interface View {
  scale: number;
  x: number;
  y: number;
}

const FALLBACK = '#e0e0e0';

/**
 * Draw the regions, the selection with its handles, what a tool is drawing and the brush outline
 * onto the overlay canvas (screen pixels; the image is on its own canvas below, under the
 * window/level filter). Masks are drawn from bitmaps; the stroke in progress from `stroke`.
 */
export function drawOverlay(ctx: CanvasRenderingContext2D, editor: Editor, view: View, stroke: StrokeCanvas, dpr: number, spacing: Spacing | null = null): void {
  const { width, height } = ctx.canvas;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  // A redaction class draws black, whatever its colour: what exports will hide looks hidden.
  const redact = (classId: number) => editor.classById(classId)?.redact === true;
  const colour = (classId: number) => (redact(classId) ? REDACT_COLOUR : (editor.classById(classId)?.color ?? FALLBACK));
  const X = (x: number) => x * view.scale + view.x;
  const Y = (y: number) => y * view.scale + view.y;
  const selected = new Set(editor.selectedIds);
  const strokeTarget = editor.stroke?.targetId ?? null;

  if (!editor.hidden) {
    // Masks first (filled, translucent), then outlines on top so a box over a mask stays visible.
    ctx.imageSmoothingEnabled = view.scale < 1;
    const shown = editor.hiddenIds.size > 0 ? editor.shapes.filter((s) => !editor.hiddenIds.has(s.id)) : editor.shapes;
    for (const s of shown) {
      if (s.kind !== 'mask' || s.id === strokeTarget) continue;
      ctx.globalAlpha = editor.maskOpacity;
      ctx.drawImage(maskCanvas(s, colour(s.classId)), X(s.x), Y(s.y), s.w * view.scale, s.h * view.scale);
    }
    if (editor.stroke) {
      ctx.globalAlpha = editor.maskOpacity;
      stroke.draw(ctx, X(0), Y(0), view.scale, dpr);
    }
    ctx.globalAlpha = 1;
    for (const s of shown) {
      if (redact(s.classId)) drawRedaction(ctx, s, X, Y);
      drawShape(ctx, s, redact(s.classId) ? REDACT_OUTLINE : colour(s.classId), selected.has(s.id), X, Y);
    }
    for (const r of editor.rulers) drawRuler(ctx, r.from, r.to, spacing, X, Y);
    // The area of what is selected, beside it: mm² when the image has a pixel spacing.
    for (const s of editor.selectedShapes) {
      if (s.kind === 'point' || editor.hiddenIds.has(s.id)) continue;
      const b = s.kind === 'polygon' ? polygonBox(s.points) : { x: s.x, y: s.y };
      label(ctx, areaLabel(shapeArea(s), spacing), X(b.x), Y(b.y) - 6, '#ffffff');
    }
  }

  drawAssist(ctx, editor, view, colour(editor.activeClassId ?? -1));

  const p = editor.preview;
  ctx.setLineDash([6, 4]);
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = colour(editor.activeClassId ?? -1);
  if (p?.kind === 'box') {
    ctx.strokeRect(X(p.rect.x), Y(p.rect.y), p.rect.w * view.scale, p.rect.h * view.scale);
  } else if (p?.kind === 'polygon') {
    ctx.beginPath();
    p.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(X(x), Y(y)) : ctx.lineTo(X(x), Y(y))));
    if (p.cursor) ctx.lineTo(X(p.cursor[0]), Y(p.cursor[1]));
    ctx.stroke();
    for (const [i, [x, y]] of p.points.entries()) dot(ctx, X(x), Y(y), i === 0 && p.closable ? 6 : 3.5, '#ffffff');
  } else if (p?.kind === 'line') {
    ctx.lineWidth = Math.max(1, 2 * p.radius * view.scale);
    ctx.lineCap = 'round';
    ctx.globalAlpha = 0.5;
    ctx.beginPath();
    ctx.moveTo(X(p.from[0]), Y(p.from[1]));
    ctx.lineTo(X(p.to[0]), Y(p.to[1]));
    ctx.stroke();
    ctx.globalAlpha = 1;
  } else if (p?.kind === 'ruler') {
    ctx.setLineDash([]);
    drawRuler(ctx, p.from, p.to, spacing, X, Y);
  }
  ctx.setLineDash([]);
  if (editor.toolId === 'sam') drawSamOverlay(ctx, editor, view);

  if (editor.toolId === 'brush' || editor.toolId === 'eraser') {
    const [x, y] = editor.pointer;
    ctx.lineWidth = 1;
    ctx.strokeStyle = editor.toolId === 'eraser' ? '#ffffff' : colour(editor.activeClassId ?? -1);
    // The circle is the true size of the brush; one too small to see gets a crosshair around it.
    const r = editor.brushRadius * view.scale;
    ctx.beginPath();
    ctx.arc(X(x), Y(y), Math.max(0.5, r), 0, Math.PI * 2);
    ctx.stroke();
    if (r < 4) {
      ctx.beginPath();
      for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        ctx.moveTo(X(x) + dx * (r + 3), Y(y) + dy * (r + 3));
        ctx.lineTo(X(x) + dx * (r + 9), Y(y) + dy * (r + 9));
      }
      ctx.stroke();
    }
  }
}

/**
 * The active assist's preview: its mask in the current class colour (half the mask opacity again,
 * so it reads as not yet kept), its box dashed, its seeds and hints as dots (green adds, red takes away).
 */
function drawAssist(ctx: CanvasRenderingContext2D, editor: Editor, view: View, colour: string): void {
  const a = editor.assist;
  if (!a) return;
  const X = (x: number) => x * view.scale + view.x;
  const Y = (y: number) => y * view.scale + view.y;
  if (a.mask) {
    ctx.globalAlpha = Math.max(0.25, editor.maskOpacity * 0.9);
    // Zoomed out, the preview is coloured at about screen resolution: each tolerance step makes a new one.
    const { canvas, k } = previewCanvas(a.mask, colour, view.scale);
    ctx.drawImage(canvas, X(a.mask.x), Y(a.mask.y), canvas.width * k * view.scale, canvas.height * k * view.scale);
    ctx.globalAlpha = 1;
  }
  if (a.box) {
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = colour;
    ctx.strokeRect(X(a.box.x), Y(a.box.y), a.box.w * view.scale, a.box.h * view.scale);
    ctx.setLineDash([]);
  }
  ctx.lineWidth = 1;
  ctx.strokeStyle = '#000000';
  for (const pt of a.points) dot(ctx, X(pt.x + 0.5), Y(pt.y + 0.5), 3.5, pt.positive ? '#3fb950' : '#f85149');
}

function dot(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, fill: string): void {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.stroke();
}

const REDACT_COLOUR = '#000000';
/** A redaction's outline: light, so the blacked-out area shows its edge on a dark image too. */
const REDACT_OUTLINE = '#ffd400';

/** A redaction: a dark fill with diagonal hatching over its box or polygon (a mask is drawn black by its colour). */
function drawRedaction(ctx: CanvasRenderingContext2D, s: Shape, X: (x: number) => number, Y: (y: number) => number): void {
  if (s.kind !== 'box' && s.kind !== 'polygon') return;
  ctx.save();
  if (s.kind === 'box') {
    ctx.beginPath();
    ctx.rect(X(s.x), Y(s.y), X(s.x + s.w) - X(s.x), Y(s.y + s.h) - Y(s.y));
  } else polygonPath(ctx, s, X, Y);
  ctx.globalAlpha = 0.7;
  ctx.fillStyle = REDACT_COLOUR;
  ctx.fill('evenodd');
  ctx.clip('evenodd');
  ctx.globalAlpha = 0.9;
  ctx.strokeStyle = REDACT_OUTLINE;
  ctx.lineWidth = 1;
  const xs = s.kind === 'box' ? [X(s.x), X(s.x + s.w)] : s.points.map(([x]) => X(x));
  const ys = s.kind === 'box' ? [Y(s.y), Y(s.y + s.h)] : s.points.map(([, y]) => Y(y));
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  ctx.beginPath();
  for (let d = x0 - (y1 - y0); d < x1; d += 10) {
    ctx.moveTo(d, y1);
    ctx.lineTo(d + (y1 - y0), y0);
  }
  ctx.stroke();
  ctx.restore();
}

/** A polygon's outline and its holes as one path (each ring closed), for an even-odd fill. */
function polygonPath(ctx: CanvasRenderingContext2D, s: Extract<Shape, { kind: 'polygon' }>, X: (x: number) => number, Y: (y: number) => number): void {
  ctx.beginPath();
  for (const ring of [s.points, ...(s.holes ?? [])]) {
    ring.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(X(x), Y(y)) : ctx.lineTo(X(x), Y(y))));
    ctx.closePath();
  }
}

function drawShape(ctx: CanvasRenderingContext2D, s: Shape, colour: string, selected: boolean, X: (x: number) => number, Y: (y: number) => number): void {
  ctx.strokeStyle = colour;
  ctx.lineWidth = selected ? 2.5 : 1.5;
  switch (s.kind) {
    case 'box':
      ctx.strokeRect(X(s.x), Y(s.y), X(s.x + s.w) - X(s.x), Y(s.y + s.h) - Y(s.y));
      if (selected) for (const h of BOX_HANDLES) handle(ctx, ...handlePosition(s, h), X, Y);
      return;
    case 'polygon': {
      polygonPath(ctx, s, X, Y);
      ctx.globalAlpha = 0.18;
      ctx.fillStyle = colour;
      // Even-odd: the holes stay unfilled.
      ctx.fill('evenodd');
      ctx.globalAlpha = 1;
      // A self-intersecting outline is dashed: it is kept, but flagged for the person to fix.
      if (polygonSelfIntersects(s.points) === true) ctx.setLineDash([4, 3]);
      ctx.stroke();
      ctx.setLineDash([]);
      if (selected) for (const [x, y] of s.points) handle(ctx, x, y, X, Y);
      return;
    }
    case 'point':
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#000000';
      dot(ctx, X(s.x), Y(s.y), selected ? 6 : 4.5, colour);
      return;
    case 'mask':
      if (selected) {
        ctx.setLineDash([3, 3]);
        ctx.strokeRect(X(s.x), Y(s.y), X(s.x + s.w) - X(s.x), Y(s.y + s.h) - Y(s.y));
        ctx.setLineDash([]);
      }
      return;
  }
}

function handle(ctx: CanvasRenderingContext2D, x: number, y: number, X: (x: number) => number, Y: (y: number) => number): void {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(X(x) - 3.5, Y(y) - 3.5, 7, 7);
  ctx.strokeRect(X(x) - 3.5, Y(y) - 3.5, 7, 7);
}

/** '12.3 mm', or '45 px' when the image has no pixel spacing. */
export function rulerLabel(from: readonly [number, number], to: readonly [number, number], spacing: Spacing | null): string {
  const len = segmentLength(from, to, spacing);
  return len.mm !== null ? `${len.mm.toFixed(1)} mm` : `${len.px.toFixed(1)} px`;
}

/** A ruler: the line with a tick across each end, and its length beside its middle. */
function drawRuler(ctx: CanvasRenderingContext2D, from: readonly [number, number], to: readonly [number, number], spacing: Spacing | null, X: (x: number) => number, Y: (y: number) => number): void {
  const [ax, ay, bx, by] = [X(from[0]), Y(from[1]), X(to[0]), Y(to[1])];
  const len = Math.hypot(bx - ax, by - ay) || 1;
  const [nx, ny] = [(-(by - ay) / len) * 5, ((bx - ax) / len) * 5];
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = '#ffd400';
  ctx.beginPath();
  ctx.moveTo(ax, ay);
  ctx.lineTo(bx, by);
  for (const [x, y] of [[ax, ay], [bx, by]] as const) {
    ctx.moveTo(x - nx, y - ny);
    ctx.lineTo(x + nx, y + ny);
  }
  ctx.stroke();
  label(ctx, rulerLabel(from, to, spacing), (ax + bx) / 2 + nx * 2, (ay + by) / 2 + ny * 2, '#ffd400');
}

/** Text readable on any image: dark outline, light fill. */
function label(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, fill: string): void {
  ctx.font = '12px system-ui, sans-serif';
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#000000';
  ctx.strokeText(text, x, y);
  ctx.fillStyle = fill;
  ctx.fillText(text, x, y);
}

/** '125.0 mm² (500 px²)', or '500 px²' without a pixel spacing. */
export function areaLabel(px: number, spacing: Spacing | null): string {
  const mm = areaMm2(px, spacing);
  return mm === null ? `${Math.round(px)} px²` : `${mm.toFixed(1)} mm² (${Math.round(px)} px²)`;
}

function polygonBox(points: readonly (readonly [number, number])[]): { x: number; y: number } {
  let x = Infinity;
  let y = Infinity;
  for (const p of points) {
    if (p[0] < x) x = p[0];
    if (p[1] < y) y = p[1];
  }
  return { x, y };
}
