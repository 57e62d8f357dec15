// Bundled into the bench page (tests/bench/brush.bench.ts): the editor core and the stroke canvas,
// as the region layer uses them, timed in Chromium.
import { StrokeCanvas } from '../../src-renderer/canvas/maskPaint.js';
import { Editor } from '../../src-renderer/editor/Editor.js';

interface Result {
  segments: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  withFrameMedianMs: number;
  withFrameP95Ms: number;
  strokeEndMs: number;
  strokeStartMs: number;
  nextStrokeStartMs: number;
  continueStrokeStartMs: number;
}

const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

(globalThis as unknown as { brushBench: (radius: number, segments: number, step: number) => Result }).brushBench = (radius, segments, step) => {
  const W = 4096;
  const ed = new Editor({ width: W, height: W, classes: [{ id: 1, name: 'lesion', color: '#d62728', hotkey: '1' }] });
  ed.setTool('brush');
  ed.brushRadius = radius;
  const stroke = new StrokeCanvas();
  const screen = document.createElement('canvas');
  screen.width = 1280;
  screen.height = 800;
  document.body.append(screen);
  const ctx = screen.getContext('2d')!;
  let x = 200;
  let y = 200;
  const tStart = performance.now();
  ed.pointerDown(x, y);
  const s = ed.stroke!;
  stroke.reset(s.raster.data, W, W, '#d62728', s.area);
  s.dirty = null;
  const strokeStartMs = performance.now() - tStart;
  const seg: number[] = [];
  const frame: number[] = [];
  for (let i = 0; i < segments; i++) {
    x += step;
    if (x > W - 200) {
      x = 200;
      y += 3 * radius;
    }
    const t0 = performance.now();
    ed.pointerMove(x, y + Math.sin(i / 7) * 20);
    if (s.dirty) stroke.update(s.raster.data, W, s.dirty, '#d62728');
    s.dirty = null;
    const t1 = performance.now();
    // What the overlay does once per frame: the whole stroke canvas drawn scaled to the screen.
    ctx.clearRect(0, 0, 1280, 800);
    stroke.draw(ctx, 0, 0, 800 / W, 1);
    ctx.getImageData(0, 0, 1, 1); // wait for the draw to happen
    const t2 = performance.now();
    seg.push(t1 - t0);
    frame.push(t2 - t0);
  }
  const t3 = performance.now();
  ed.pointerUp();
  const strokeEndMs = performance.now() - t3;
  const painted = ed.selectedIds[0]!;
  // The strokes after the first on the same image: a new mask (nothing selected, as after Esc),
  // then one continuing the large mask painted above, whose pixels go into the raster and canvas.
  const start = () => {
    const t = performance.now();
    ed.pointerDown(W / 2, W - 100);
    const st = ed.stroke!;
    stroke.reset(st.raster.data, W, W, '#d62728', st.area);
    st.dirty = null;
    return performance.now() - t;
  };
  ed.select([]);
  const nextStrokeStartMs = start();
  ed.pointerUp();
  ed.select([painted]);
  const continueStrokeStartMs = start();
  ed.perform('cancel');
  return {
    segments,
    medianMs: q(seg, 0.5),
    p95Ms: q(seg, 0.95),
    maxMs: Math.max(...seg),
    withFrameMedianMs: q(frame, 0.5),
    withFrameP95Ms: q(frame, 0.95),
    strokeEndMs,
    strokeStartMs,
    nextStrokeStartMs,
    continueStrokeStartMs,
  };
};
