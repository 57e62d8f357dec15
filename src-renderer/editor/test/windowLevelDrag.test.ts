import { describe, expect, it } from 'vitest';
import { RANGE_8BIT, defaultWindowLevel, windowLevelPresets } from '../windowLevel.js';
import { TestEditor } from './TestEditor.js';

/** Right-drag by (dx, dy) screen pixels at the editor's zoom. */
function rightDrag(ed: TestEditor, dx: number, dy: number): TestEditor {
  const s = ed.viewScale;
  return ed
    .pointerDown(100, 50, {}, 2)
    .pointerMove(100 + dx / 2 / s, 50 + dy / 2 / s, {}, 2)
    .pointerMove(100 + dx / s, 50 + dy / s, {}, 2)
    .pointerUp(100 + dx / s, 50 + dy / s, {}, 2);
}

describe('window/level by right-drag', () => {
  it('a 400 px drag to the left narrows the window by part of the range, not to 1', () => {
    const ed = new TestEditor();
    ed.viewScale = 0.5;
    rightDrag(ed, -400, 0);
    expect(ed.windowLevel.width).toBeGreaterThan(60);
    expect(ed.windowLevel.width).toBeLessThan(200);
    expect(ed.windowLevel.center).toBe(127.5);
  });

  it('moves the same amount per screen pixel at any zoom', () => {
    const a = new TestEditor();
    a.viewScale = 0.13;
    const b = new TestEditor();
    b.viewScale = 10;
    rightDrag(a, 120, -80);
    rightDrag(b, 120, -80);
    expect(a.windowLevel.width).toBeCloseTo(b.windowLevel.width, 6);
    expect(a.windowLevel.center).toBeCloseTo(b.windowLevel.center, 6);
  });

  it('keeps the level inside the range and the width between 1 and the range', () => {
    const ed = new TestEditor();
    rightDrag(ed, -5000, 5000);
    expect(ed.windowLevel).toEqual({ width: 1, center: 255 });
    rightDrag(ed, 5000, -5000);
    expect(ed.windowLevel).toEqual({ width: 255, center: 0 });
    ed.press('r');
    expect(ed.windowLevel).toEqual(defaultWindowLevel(RANGE_8BIT));
  });

  it('a wider range (16-bit, HU) just passes its range: the same drag moves proportionally more', () => {
    const hu = { min: -1024, max: 3071 };
    const ed8 = new TestEditor();
    const ed16 = new TestEditor();
    ed16.setValueRange(hu);
    expect(ed16.windowLevel).toEqual(defaultWindowLevel(hu));
    rightDrag(ed8, -100, 50);
    rightDrag(ed16, -100, 50);
    const span8 = 255;
    const span16 = 4095;
    expect((defaultWindowLevel(hu).width - ed16.windowLevel.width) / span16).toBeCloseTo((255 - ed8.windowLevel.width) / span8, 6);
    expect((ed16.windowLevel.center - defaultWindowLevel(hu).center) / span16).toBeCloseTo((ed8.windowLevel.center - 127.5) / span8, 6);
    rightDrag(ed16, 0, -100_000);
    expect(ed16.windowLevel.center).toBe(-1024);
    // Presets follow the range too, and stay inside it.
    for (const p of windowLevelPresets(hu)) {
      expect(p.center).toBeGreaterThanOrEqual(hu.min);
      expect(p.center).toBeLessThanOrEqual(hu.max);
      expect(p.width).toBeLessThanOrEqual(span16);
    }
  });
});
