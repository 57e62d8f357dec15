import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../test/TestEditor.js';

describe('box tool (B / W)', () => {
  it('draws a box of the active class by dragging, and selects it', () => {
    const ed = new TestEditor().press('b').expectToBeIn('box.idle');
    ed.pointerDown(10, 10).expectToBeIn('box.pointing').pointerMove(60, 40).expectToBeIn('box.dragging');
    expect(ed.preview).toEqual({ kind: 'box', rect: { x: 10, y: 10, w: 50, h: 30 } });
    ed.pointerUp().expectToBeIn('box.idle').expectShapeCount(1);
    expect(ed.lastShape()).toMatchObject({ kind: 'box', x: 10, y: 10, w: 50, h: 30, classId: 11 });
    expect(ed.selected().id).toBe(ed.lastShape().id);
    expect(ed.preview).toBeNull();
  });

  it('W is the same tool, as in LabelImg; a drag up-left gives the same box', () => {
    const ed = new TestEditor().press('w').expectToBeIn('box.idle');
    ed.drag([
      [60, 40],
      [10, 10],
    ]);
    expect(ed.lastShape()).toMatchObject({ kind: 'box', x: 10, y: 10, w: 50, h: 30 });
  });

  it('clamps a box dragged past the image edge to the image (touching the border)', () => {
    const ed = new TestEditor({ width: 200, height: 100 }).press('b');
    ed.drag([
      [150, 50],
      [260, 140],
    ]);
    expect(ed.lastShape()).toMatchObject({ x: 150, y: 50, w: 50, h: 50 });
    ed.drag([
      [20, 20],
      [-30, -30],
    ]);
    expect(ed.lastShape()).toMatchObject({ x: 0, y: 0, w: 20, h: 20 });
  });

  it('a click without a drag draws nothing; a sliver is refused with a notice', () => {
    const ed = new TestEditor().press('b');
    ed.click(30, 30).expectToBeIn('box.idle').expectShapeCount(0);
    ed.viewScale = 0.1; // zoomed out: a 10 px drag is 1 screen px... use a big drag in x, none in y
    ed.drag([
      [30, 30],
      [90, 30.5],
    ]).expectShapeCount(0);
    expect(ed.notice?.key).toBe('region.notice.tooSmall');
  });

  it('Esc while dragging cancels the box', () => {
    const ed = new TestEditor().press('b');
    ed.pointerDown(10, 10).pointerMove(50, 50).press('escape').expectToBeIn('box.idle');
    ed.pointerUp(50, 50).expectShapeCount(0);
    expect(ed.preview).toBeNull();
  });

  it('1–9 while drawing sets the class of the next boxes; the box just drawn keeps its class', () => {
    const ed = new TestEditor().press('b', '2');
    expect(ed.activeClassId).toBe(12);
    ed.drag([
      [10, 10],
      [40, 40],
    ]);
    expect(ed.lastShape().classId).toBe(12);
    ed.press('3');
    expect(ed.lastShape().classId).toBe(12);
    ed.drag([
      [50, 10],
      [80, 40],
    ]);
    expect(ed.lastShape().classId).toBe(13);
  });

  it('undo removes the box, redo brings it back; Delete removes the selected box', () => {
    const ed = new TestEditor().press('b');
    ed.drag([
      [10, 10],
      [40, 40],
    ]);
    const id = ed.lastShape().id;
    expect(ed.undo()).toBe(true);
    ed.expectShapeCount(0);
    expect(ed.selectedIds).toEqual([]);
    expect(ed.redo()).toBe(true);
    ed.expectShapeCount(1);
    expect(ed.lastShape().id).toBe(id);
    ed.select([id]);
    ed.press('delete').expectShapeCount(0);
    ed.undo();
    ed.expectShapeCount(1);
  });

  it('refuses to draw with no class to give the box', () => {
    const ed = new TestEditor({ classes: [] }).press('b');
    ed.drag([
      [10, 10],
      [40, 40],
    ]).expectShapeCount(0);
    expect(ed.notice?.key).toBe('region.notice.pickClass');
  });
});
