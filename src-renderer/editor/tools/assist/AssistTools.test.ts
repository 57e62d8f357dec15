import { describe, expect, it } from 'vitest';
import type { MaskCrop } from '../../../../src-main/api/maskCodec.js';
import { TestEditor } from '../../test/TestEditor.js';
import type { MaskShape, Shape } from '../../types.js';
import type { AssistAnswer, AssistPort, AssistRequest, CleanStep, ConvertedShape } from './assistPort.js';

/** A filled square mask of side 2r+1 around (x, y): what the fake worker answers, so each answer says which request it was for. */
function square(x: number, y: number, r: number): MaskCrop {
  const w = 2 * r + 1;
  return { x: x - r, y: y - r, w, h: w, bits: new Uint8Array(w * w).fill(1) };
}

interface Out {
  req: AssistRequest;
  resolve(a: AssistAnswer): void;
  reject(e: Error): void;
}

/**
 * The assists' port as a worker that answers only when the test says so: it records every
 * request and how many were out at once, so coalescing can be watched.
 */
class SlowPort implements AssistPort {
  out: Out[] = [];
  sent: AssistRequest[] = [];
  maxOut = 0;
  cleaned: CleanStep[] = [];
  /** The windows the image was made ready through (a tool picked). */
  prepared: AssistRequest['display'][] = [];
  private live = 0;

  async prepare(display: AssistRequest['display']): Promise<void> {
    this.prepared.push(display);
  }

  preview(req: AssistRequest): Promise<AssistAnswer> {
    this.sent.push(req);
    this.live++;
    this.maxOut = Math.max(this.maxOut, this.live);
    return new Promise((resolve, reject) => {
      const done = () => {
        this.live--;
        this.out = this.out.filter((o) => o.req !== req);
      };
      this.out.push({ req, resolve: (a) => (done(), resolve(a)), reject: (e) => (done(), reject(e)) });
    });
  }

  /** Answer the request that is out the way a wand would: a square whose size is the tolerance. */
  answerWand(): void {
    const o = this.out[0]!;
    const seed = o.req.points![0]!;
    o.resolve({ mask: square(seed.x, seed.y, Math.max(1, Math.round(o.req.tolerance! / 8))) });
  }

  async clean(mask: MaskCrop, step: CleanStep): Promise<MaskCrop | null> {
    this.cleaned.push(step);
    // Grow by one pixel all round, standing in for any step that changes the mask.
    return square(mask.x + (mask.w - 1) / 2, mask.y + (mask.h - 1) / 2, (mask.w - 1) / 2 + 1);
  }

  async convert(shapes: readonly Shape[], to: 'polygon' | 'mask'): Promise<ConvertedShape[]> {
    if (to === 'mask') return [{ kind: 'mask', ...square(20, 20, 3) }];
    return shapes.map((s) => {
      const m = s as MaskShape;
      return { kind: 'polygon', points: [[m.x, m.y], [m.x + m.w, m.y], [m.x + m.w, m.y + m.h], [m.x, m.y + m.h]] };
    });
  }
}

/** Let answered promises run their callbacks. */
const settle = () => new Promise((r) => setTimeout(r, 0));

function editorWithPort(): { ed: TestEditor; port: SlowPort } {
  const ed = new TestEditor({ width: 200, height: 100 });
  const port = new SlowPort();
  ed.assists = port;
  return { ed, port };
}

describe('magic wand', () => {
  it('keeps one request out while the tolerance is dragged, and ends on the latest tolerance', async () => {
    const { ed, port } = editorWithPort();
    ed.press('q').expectToBeIn('wand.idle');
    ed.pointerDown(50, 50).expectToBeIn('wand.adjusting');
    expect(port.sent).toHaveLength(1);
    expect(ed.assist!.busy).toBe(true);
    // Drag up 80 px through forty tolerances while the first answer is still out.
    for (let dy = 2; dy <= 80; dy += 2) ed.pointerMove(50, 50 - dy);
    expect(port.sent).toHaveLength(1);
    const latest = ed.assist!.tolerance;
    expect(latest).toBe(32 + 40);
    port.answerWand();
    await settle();
    // The first answer shows; only the latest waiting tolerance went out next, none in between.
    expect(port.sent).toHaveLength(2);
    expect(port.sent[1]!.tolerance).toBe(latest);
    expect(ed.assist!.mask!.w).toBe(2 * 4 + 1);
    ed.pointerUp(50, 10).expectToBeIn('wand.idle');
    port.answerWand();
    await settle();
    expect(port.maxOut).toBe(1);
    expect(ed.assist!.busy).toBe(false);
    expect(ed.assist!.mask!.w).toBe(2 * Math.round(latest / 8) + 1);
    // The wheel (the layer calls setTolerance) asks again; dragging down lowers it.
    ed.assist!.setTolerance(latest - 10);
    expect(port.sent.at(-1)!.tolerance).toBe(latest - 10);
  });

  it('Shift+click adds a seed, Alt+click subtracts one, a plain click starts over; Alt first only explains', async () => {
    const { ed, port } = editorWithPort();
    ed.press('q');
    ed.click(10, 10, { alt: true });
    expect(port.sent).toHaveLength(0);
    expect(ed.notice?.key).toBe('assist.notice.subtractFirst');
    ed.click(10, 10);
    port.answerWand();
    ed.click(30, 20, { shift: true });
    ed.click(15, 12, { alt: true });
    await settle();
    port.answerWand();
    await settle();
    expect(port.sent.at(-1)!.points).toEqual([
      { x: 10, y: 10, positive: true },
      { x: 30, y: 20, positive: true },
      { x: 15, y: 12, positive: false },
    ]);
    ed.click(70, 40);
    expect(ed.assist!.points).toEqual([{ x: 70, y: 40, positive: true }]);
    ed.press('shift+c');
    expect(ed.assist!.connectivity).toBe(4);
  });

  it('Enter keeps the preview as one mask of the current class, undone and redone as one step', async () => {
    const { ed, port } = editorWithPort();
    ed.press('q', '2').click(40, 40);
    port.answerWand();
    await settle();
    ed.press('enter');
    ed.expectShapeCount(1);
    expect(ed.lastShape()).toMatchObject({ kind: 'mask', classId: 12, x: 36, y: 36, w: 9, h: 9 });
    expect(ed.assist!.mask).toBeNull();
    expect(ed.assist!.active).toBe(false);
    ed.undo();
    ed.expectShapeCount(0);
    ed.redo();
    ed.expectShapeCount(1);
  });

  it('Enter while the answer is on its way keeps that answer when it comes', async () => {
    const { ed, port } = editorWithPort();
    ed.press('q').click(40, 40);
    expect(ed.pressKey('enter')?.id).toBe('region.close');
    ed.expectShapeCount(0);
    port.answerWand();
    await settle();
    ed.expectShapeCount(1);
    expect(ed.lastShape()).toMatchObject({ kind: 'mask', x: 36, w: 9 });
  });

  it('Esc drops the preview, and an answer still on its way is not shown', async () => {
    const { ed, port } = editorWithPort();
    ed.press('q').click(40, 40);
    ed.press('escape');
    expect(ed.assist!.active).toBe(false);
    port.answerWand();
    await settle();
    expect(ed.assist!.mask).toBeNull();
    // Nothing to drop: Esc is not the wand's (the workspace may use it).
    expect(ed.pressKey('escape')).toBeNull();
    // And Enter with no preview keeps nothing (the workspace marks the image done).
    expect(ed.pressKey('enter')).toBeNull();
    ed.expectShapeCount(0);
  });

  it('says in words when the worker fails, and when nothing was found', async () => {
    const { ed, port } = editorWithPort();
    ed.press('q').click(40, 40);
    port.out[0]!.reject(new Error('the vision thread stopped'));
    await settle();
    expect(ed.assist!.problem).toEqual({ key: 'assist.failed', values: { message: 'the vision thread stopped' } });
    expect(ed.assist!.busy).toBe(false);
    ed.click(40, 40);
    port.out[0]!.resolve({ mask: null });
    await settle();
    expect(ed.assist!.problem?.key).toBe('assist.nothing.wand');
    ed.press('enter');
    ed.expectShapeCount(0);
  });

  it('sees the image through the window/level on screen, and follows it when it changes', async () => {
    const { ed, port } = editorWithPort();
    ed.setWindowLevel({ center: 64, width: 64 });
    ed.press('q').click(40, 40);
    expect(port.sent[0]!.display).toEqual({ slope: 255 / 64, intercept: (0 - 64 + 32) / 64 });
    port.answerWand();
    await settle();
    // A right-drag changes the window/level: the preview is asked again through the new one.
    ed.pointerDown(40, 40, {}, 2).pointerMove(140, 40, {}, 2).pointerUp(140, 40, {}, 2);
    expect(port.sent).toHaveLength(2);
    expect(port.sent[1]!.display!.slope).toBeLessThan(255 / 64);
    port.answerWand();
    await settle();
    // R resets it: the image as displayed, no window/level sent.
    ed.press('r');
    expect(port.sent).toHaveLength(3);
    expect(port.sent[2]!.display).toBeUndefined();
  });

  it('picking an assist tool gets the image ready before the first click, through the window on screen', () => {
    const { ed, port } = editorWithPort();
    ed.setWindowLevel({ center: 64, width: 64 });
    ed.press('q');
    // Asked before any click, and no preview asked for yet.
    expect(port.prepared).toEqual([{ slope: 255 / 64, intercept: (0 - 64 + 32) / 64 }]);
    expect(port.sent).toHaveLength(0);
    ed.press('t');
    expect(port.prepared).toHaveLength(2);
  });
});

describe('GrabCut and threshold', () => {
  it('GrabCut: a box, then foreground and Alt background hints run it again; Enter keeps; undo removes', async () => {
    const { ed, port } = editorWithPort();
    ed.press('u').drag([[20, 20], [60, 40], [120, 80]]).expectToBeIn('grabcut.idle');
    expect(port.sent[0]).toMatchObject({ method: 'grabcut', box: { x: 20, y: 20, w: 100, h: 60 }, points: [] });
    port.out[0]!.resolve({ mask: square(70, 50, 20) });
    await settle();
    ed.drag([[60, 50], [70, 50], [80, 50]]);
    ed.drag([[25, 25], [25, 35]], { alt: true });
    await settle();
    // One request out at a time: the background stroke waited for the foreground one.
    expect(port.sent).toHaveLength(2);
    port.out[0]!.resolve({ mask: square(70, 50, 15) });
    await settle();
    const last = port.sent.at(-1)!;
    expect(last.points!.filter((p) => p.positive).length).toBeGreaterThanOrEqual(2);
    expect(last.points!.filter((p) => !p.positive).length).toBeGreaterThanOrEqual(2);
    expect(last.box).toEqual({ x: 20, y: 20, w: 100, h: 60 });
    port.out[0]!.resolve({ mask: square(70, 50, 12) });
    await settle();
    ed.press('enter');
    expect(ed.lastShape()).toMatchObject({ kind: 'mask', x: 58, w: 25 });
    ed.undo();
    ed.expectShapeCount(0);
  });

  it('threshold: a box gets Otsu, a drag up raises the level, a typed level replaces it; Enter keeps', async () => {
    const { ed, port } = editorWithPort();
    ed.press('t').drag([[10, 10], [50, 50], [90, 90]]);
    expect(port.sent[0]).toMatchObject({ method: 'threshold', box: { x: 10, y: 10, w: 80, h: 80 } });
    expect(port.sent[0]!.level).toBeUndefined();
    port.out[0]!.resolve({ mask: square(50, 50, 10), level: 100, polarity: 'brighter' });
    await settle();
    expect(ed.assist!.level).toBe(100);
    ed.drag([[50, 50], [50, 40], [50, 30]]).expectToBeIn('threshold.idle');
    expect(port.sent).toHaveLength(2);
    expect(port.sent[1]!.level).toBe(105);
    port.out[0]!.resolve({ mask: square(50, 50, 8), level: 105 });
    await settle();
    expect(port.sent.at(-1)!.level).toBe(110);
    port.out[0]!.resolve({ mask: square(50, 50, 7), level: 110 });
    await settle();
    ed.assist!.setLevel(30);
    expect(port.sent.at(-1)!.level).toBe(30);
    port.out[0]!.resolve({ mask: square(50, 50, 20), level: 30 });
    await settle();
    ed.press('enter');
    expect(ed.lastShape()).toMatchObject({ kind: 'mask', w: 41 });
  });
});

describe('clean-up and conversion of the selected region', () => {
  const mask = (): MaskShape => ({ id: 'r1', kind: 'mask', classId: 11, remoteId: 1, ...square(40, 40, 5) });

  it('each clean-up step is one undoable edit of the selected mask', async () => {
    const { ed, port } = editorWithPort();
    ed.load(200, 100, [mask()]);
    ed.select(['r1']);
    expect(ed.pressKey('shift+f')?.id).toBe('region.clean.fillHoles');
    await settle();
    expect(port.cleaned).toEqual([{ op: 'fillHoles' }]);
    expect(ed.lastShape()).toMatchObject({ id: 'r1', w: 13 });
    ed.cleanup.px = 3;
    ed.press('.');
    await settle();
    expect(port.cleaned.at(-1)).toEqual({ op: 'grow', px: 3 });
    expect(ed.lastShape()).toMatchObject({ w: 15 });
    ed.undo();
    expect(ed.lastShape()).toMatchObject({ w: 13 });
    ed.undo();
    expect(ed.lastShape()).toMatchObject({ w: 11 });
    // Without a selected mask the step only explains.
    ed.select([]);
    ed.press('shift+i');
    expect(ed.notice?.key).toBe('assist.notice.selectMask');
  });

  it('a step that would change nothing says so and leaves no undo step', async () => {
    const { ed, port } = editorWithPort();
    port.clean = async (m) => ({ ...m, bits: m.bits.slice() });
    ed.load(200, 100, [mask()]);
    ed.select(['r1']);
    ed.press('shift+f');
    await settle();
    expect(ed.notice?.key).toBe('assist.notice.unchanged');
    expect(ed.canUndo).toBe(false);
  });

  it('a mask just drawn converts even when the store acknowledges it while the conversion runs', async () => {
    const { ed } = editorWithPort();
    ed.load(200, 100, [{ ...mask(), id: 'n1', remoteId: null }]);
    ed.select(['n1']);
    ed.press('shift+p');
    // The stroke's save comes back with its store id before the polygons do.
    ed.setRemoteId('n1', 41);
    await settle();
    expect(ed.shapes.map((s) => s.kind)).toEqual(['polygon']);
    ed.undo();
    expect(ed.shapes).toMatchObject([{ id: 'n1', kind: 'mask', remoteId: 41 }]);
  });

  it('a mask to polygons and back replaces it as one undoable command', async () => {
    const { ed } = editorWithPort();
    const box: Shape = { id: 'r2', kind: 'box', classId: 11, remoteId: 2, x: 1, y: 1, w: 5, h: 5 };
    ed.load(200, 100, [mask(), box]);
    ed.select(['r1']);
    ed.press('shift+p');
    await settle();
    expect(ed.shapes.map((s) => s.kind)).toEqual(['box', 'polygon']);
    expect(ed.selected().kind).toBe('polygon');
    ed.press('shift+m');
    await settle();
    expect(ed.shapes.map((s) => s.kind)).toEqual(['box', 'mask']);
    ed.undo();
    expect(ed.shapes.map((s) => s.kind)).toEqual(['box', 'polygon']);
    ed.undo();
    // The mask is back in its own place in the drawing order.
    expect(ed.shapes.map((s) => s.id)).toEqual(['r1', 'r2']);
  });
});
