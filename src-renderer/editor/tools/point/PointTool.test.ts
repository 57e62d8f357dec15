import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../test/TestEditor.js';

describe('point tool (K)', () => {
  it('places a point of the active class where clicked and selects it', () => {
    const ed = new TestEditor().press('k').expectToBeIn('point.idle');
    ed.click(12.5, 30.25).expectToBeIn('point.idle').expectShapeCount(1);
    expect(ed.lastShape()).toMatchObject({ kind: 'point', x: 12.5, y: 30.25, classId: 11 });
    expect(ed.selected().kind).toBe('point');
  });

  it('ignores a click outside the image', () => {
    new TestEditor({ width: 50, height: 50 }).press('k').click(70, 10).expectShapeCount(0);
  });

  it('changes class by key, moves by arrows, deletes, and undoes each step', () => {
    const ed = new TestEditor().press('k').click(10, 10).press('v').click(10, 10).press('2');
    expect(ed.lastShape().classId).toBe(12);
    ed.press('arrowright', 'shift+arrowdown');
    expect(ed.lastShape()).toMatchObject({ x: 11, y: 20 });
    ed.undo();
    expect(ed.lastShape()).toMatchObject({ x: 11, y: 10 });
    ed.undo();
    expect(ed.lastShape()).toMatchObject({ x: 10, y: 10, classId: 12 });
    ed.undo();
    expect(ed.lastShape().classId).toBe(11);
    ed.select([ed.lastShape().id]);
    ed.press('backspace').expectShapeCount(0);
  });
});
