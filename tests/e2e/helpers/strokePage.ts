// Bundled into a blank page by tests/e2e/strokeCanvas.spec.ts: the editor core and the stroke
// canvas, wired as the region layer wires them, with a check of what the canvas shows.
import { StrokeCanvas } from '../../../src-renderer/canvas/maskPaint.js';
import { Editor } from '../../../src-renderer/editor/Editor.js';

const COLOR = '#d62728';

export interface Step {
  /** Pixels the stroke canvas shows differently from the mask being painted. */
  wrong: number;
  /** Pixels the stroke canvas shows (so a check of an empty canvas cannot pass by accident). */
  shown: number;
}

(globalThis as unknown as { strokeSteps: (w: number, h: number) => Record<string, Step> }).strokeSteps = (w, h) => {
  const ed = new Editor({ width: w, height: h, classes: [{ id: 1, name: 'lesion', color: COLOR, hotkey: '1' }] });
  const stroke = new StrokeCanvas();
  const screen = new OffscreenCanvas(w, h);
  const ctx = screen.getContext('2d')!;
  let seen: object | null = null;
  // What the region layer does once a frame.
  const frame = () => {
    const st = ed.stroke;
    if (!st) return;
    if (seen !== st) {
      seen = st;
      stroke.reset(st.raster.data, w, h, COLOR, st.area);
    } else if (st.dirty) {
      stroke.update(st.raster.data, w, st.dirty, COLOR);
    }
    st.dirty = null;
  };
  const steps: Record<string, Step> = {};
  const check = (name: string) => {
    ctx.clearRect(0, 0, w, h);
    stroke.draw(ctx as unknown as CanvasRenderingContext2D, 0, 0, 1, 1);
    const alpha = ctx.getImageData(0, 0, w, h).data;
    const bits = ed.stroke!.raster.data;
    let wrong = 0;
    let shown = 0;
    for (let i = 0; i < w * h; i++) {
      const on = alpha[i * 4 + 3]! > 0;
      if (on) shown++;
      if (on !== (bits[i] === 1)) wrong++;
    }
    steps[name] = { wrong, shown };
  };
  const drag = (points: [number, number][], name: string) => {
    ed.pointerDown(...points[0]!);
    frame();
    for (const p of points.slice(1)) {
      ed.pointerMove(...p);
      frame();
    }
    check(name);
    ed.pointerUp();
  };

  ed.setTool('brush');
  ed.brushRadius = 30;
  drag(
    [
      [40, 40],
      [600, 300],
      [w - 5, h - 5],
      [w - 5, 20],
    ],
    'a stroke across tiles to the image edge',
  );
  const first = ed.selectedIds[0]!;
  ed.setTool('eraser');
  drag(
    [
      [512, 0],
      [512, h],
    ],
    'erasing along a tile edge',
  );
  ed.select([]);
  ed.setTool('brush');
  ed.brushRadius = 12;
  drag(
    [
      [w / 2, h - 40],
      [w / 2 + 100, h - 40],
    ],
    'the next stroke, a new mask',
  );
  ed.select([first]);
  drag(
    [
      [60, h - 30],
      [90, h - 30],
    ],
    'continuing the first mask far from it',
  );
  ed.setTool('eraser');
  ed.brushRadius = 2000;
  drag([[w / 2, h / 2]], 'erasing all of it');
  return steps;
};
