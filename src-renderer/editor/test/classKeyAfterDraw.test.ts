import { describe, expect, it } from 'vitest';
import { TestEditor } from './TestEditor.js';

// A class key pressed right after drawing is the class of the NEXT shape: the shape just drawn
// stays selected (for its handles, Delete, the next brush stroke) but was not chosen on purpose.
describe('a class key after drawing', () => {
  it('keeps the box just drawn in its class and gives the next box the new one', () => {
    const ed = new TestEditor().press('b').drag([
      [10, 10],
      [50, 50],
    ]);
    const first = ed.lastShape().id;
    expect(ed.selectedIds).toEqual([first]);
    ed.press('2');
    expect(ed.doc.get(first)!.classId).toBe(11);
    expect(ed.activeClassId).toBe(12);
    ed.drag([
      [60, 10],
      [90, 50],
    ]);
    expect(ed.shapes.map((s) => s.classId)).toEqual([11, 12]);
  });

  it('does the same after a polygon, a point and a brush stroke (the next stroke starts a new mask)', () => {
    const ed = new TestEditor().press('p').click(10, 10).click(50, 10).click(50, 40).press('enter');
    ed.press('3');
    expect(ed.lastShape()).toMatchObject({ kind: 'polygon', classId: 11 });
    ed.press('k').click(100, 50).press('2');
    expect(ed.lastShape()).toMatchObject({ kind: 'point', classId: 13 });
    ed.press('m').drag([
      [120, 20],
      [150, 20],
    ]);
    expect(ed.lastShape()).toMatchObject({ kind: 'mask', classId: 12 });
    ed.press('1').drag([
      [120, 60],
      [150, 60],
    ]);
    expect(ed.shapes.map((s) => [s.kind, s.classId])).toEqual([
      ['polygon', 11],
      ['point', 13],
      ['mask', 12],
      ['mask', 11],
    ]);
  });

  it('re-classes a shape the person selected on purpose: clicked with V, or reached with Tab', () => {
    const ed = new TestEditor().press('b').drag([
      [10, 10],
      [50, 50],
    ]);
    ed.drag([
      [60, 10],
      [90, 50],
    ]);
    ed.press('v').click(10, 30).press('2');
    expect(ed.shapes.map((s) => s.classId)).toEqual([12, 11]);
    ed.press('escape', 'tab', 'tab', '3');
    expect(ed.shapes.map((s) => s.classId)).toEqual([12, 13]);
    // Drawing again makes the new shape's selection an automatic one again.
    ed.press('b').drag([
      [100, 10],
      [140, 50],
    ]);
    ed.press('1');
    expect(ed.shapes.map((s) => s.classId)).toEqual([12, 13, 13]);
  });
});

describe('choosing the shape just drawn', () => {
  it('clicking it with V makes a class key re-class it', () => {
    const ed = new TestEditor().press('b').drag([
      [10, 10],
      [50, 50],
    ]);
    ed.press('v').click(10, 30).press('2');
    expect(ed.lastShape().classId).toBe(12);
  });
});

describe('regions hidden from the list', () => {
  it('cannot be clicked or reached with Tab, and come back when shown', () => {
    const ed = new TestEditor().press('b').drag([
      [10, 10],
      [50, 50],
    ]);
    ed.drag([
      [60, 10],
      [90, 50],
    ]);
    const [a, b] = ed.shapes.map((s) => s.id);
    ed.toggleShapeHidden(a!);
    ed.press('escape', 'v').click(10, 30);
    expect(ed.selectedIds).toEqual([]);
    ed.press('tab');
    expect(ed.selectedIds).toEqual([b]);
    ed.press('tab');
    expect(ed.selectedIds).toEqual([b]);
    ed.toggleShapeHidden(a!);
    ed.press('tab');
    expect(ed.selectedIds).toEqual([a]);
  });
});
