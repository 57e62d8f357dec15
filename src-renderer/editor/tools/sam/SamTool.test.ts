import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../test/TestEditor.js';
import { samState, showSamMask } from './samState.js';

/** What the main process would answer: a 10×10 square mask at (x, y). */
const square = (x: number, y: number) => ({ x, y, w: 10, h: 10, bits: new Uint8Array(100).fill(1) });

describe('SAM tool (I)', () => {
  it('a click is a point on the object, Alt+click one on the background, a drag a box; each changes the prompt', () => {
    const ed = new TestEditor().press('i').expectToBeIn('sam.idle');
    const s = samState(ed);
    ed.click(20.6, 30.2);
    expect(s.points).toEqual([{ x: 20, y: 30, positive: true }]);
    const v1 = s.version;
    ed.click(40, 30, { alt: true });
    expect(s.points.at(-1)).toEqual({ x: 40, y: 30, positive: false });
    expect(s.version).toBeGreaterThan(v1);
    ed.pointerDown(10, 10).expectToBeIn('sam.pointing').pointerMove(60, 40).expectToBeIn('sam.dragging');
    expect(ed.preview).toEqual({ kind: 'box', rect: { x: 10, y: 10, w: 50, h: 30 } });
    ed.pointerUp().expectToBeIn('sam.idle');
    expect(s.box).toEqual({ x: 10, y: 10, w: 50, h: 30 });
    expect(ed.preview).toBeNull();
    ed.expectShapeCount(0);
  });

  it('Enter keeps the previewed mask as one mask region of the class, undoable; Esc drops the prompt', () => {
    const ed = new TestEditor().press('i', '2');
    ed.click(25, 25);
    const s = samState(ed);
    showSamMask(ed, s.version, square(20, 20));
    ed.press('enter').expectShapeCount(1);
    expect(ed.lastShape()).toMatchObject({ kind: 'mask', x: 20, y: 20, w: 10, h: 10, classId: 12 });
    expect(s.points).toEqual([]);
    expect(s.mask).toBeNull();
    ed.undo();
    ed.expectShapeCount(0);

    ed.click(50, 50);
    showSamMask(ed, s.version, square(45, 45));
    ed.press('escape').expectShapeCount(0);
    expect(s.points).toEqual([]);
    expect(s.mask).toBeNull();
  });

  it('a preview for an older prompt is not shown, and Enter before the current one arrives keeps nothing', () => {
    const ed = new TestEditor().press('i');
    ed.click(25, 25);
    const s = samState(ed);
    const old = s.version;
    ed.click(60, 25);
    showSamMask(ed, old, square(20, 20));
    expect(s.mask).toBeNull();
    ed.press('enter').expectShapeCount(0);
    expect(ed.notice?.key).toBe('sam.notice.notReady');
    showSamMask(ed, s.version, square(20, 20));
    ed.press('enter').expectShapeCount(1);
  });

  it('Backspace takes the last click back; switching tools drops the prompt', () => {
    const ed = new TestEditor().press('i');
    ed.click(25, 25).click(30, 30, { alt: true });
    const s = samState(ed);
    ed.press('backspace');
    expect(s.points).toEqual([{ x: 25, y: 25, positive: true }]);
    ed.press('b').expectToBeIn('box.idle');
    expect(s.points).toEqual([]);
  });

  it('without a class it says to add one and makes no prompt', () => {
    const ed = new TestEditor({ classes: [] }).press('i');
    ed.click(25, 25);
    expect(samState(ed).points).toEqual([]);
    expect(ed.notice?.key).toBe('region.notice.pickClass');
  });
});
