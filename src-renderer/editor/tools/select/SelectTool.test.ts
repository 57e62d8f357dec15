import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../test/TestEditor.js';
import type { BoxShape, PolygonShape } from '../../types.js';

const box = (id: string, x: number, y: number, w: number, h: number, classId = 11): BoxShape => ({ id, kind: 'box', classId, remoteId: null, x, y, w, h });
const poly = (id: string, points: [number, number][]): PolygonShape => ({ id, kind: 'polygon', classId: 12, remoteId: null, points });

describe('select tool (V)', () => {
  it('clicks to select, Shift+click to add, a click on nothing to clear', () => {
    const ed = new TestEditor({ shapes: [box('a', 10, 10, 20, 20), box('b', 60, 10, 20, 20)] }).expectToBeIn('select.idle');
    ed.click(20, 20);
    expect(ed.selectedIds).toEqual(['a']);
    ed.click(70, 20, { shift: true });
    expect(ed.selectedIds).toEqual(['a', 'b']);
    ed.click(150, 80);
    expect(ed.selectedIds).toEqual([]);
  });

  it('drags a shape to move it, kept inside the image; one undo puts it back', () => {
    const ed = new TestEditor({ width: 100, height: 100, shapes: [box('a', 10, 10, 20, 20)] });
    ed.pointerDown(15, 15).expectToBeIn('select.pointing').pointerMove(25, 35).expectToBeIn('select.translating').pointerMove(35, 45);
    expect(ed.doc.get('a')).toMatchObject({ x: 30, y: 40 });
    ed.pointerUp().expectToBeIn('select.idle');
    ed.drag([
      [40, 50],
      [200, 200],
    ]);
    expect(ed.doc.get('a')).toMatchObject({ x: 80, y: 80, w: 20, h: 20 });
    ed.undo();
    expect(ed.doc.get('a')).toMatchObject({ x: 30, y: 40 });
    ed.undo();
    expect(ed.doc.get('a')).toMatchObject({ x: 10, y: 10 });
  });

  it('Esc while moving puts the shape back and records nothing', () => {
    const ed = new TestEditor({ shapes: [box('a', 10, 10, 20, 20)] });
    ed.pointerDown(15, 15).pointerMove(50, 50).press('escape').expectToBeIn('select.idle');
    expect(ed.doc.get('a')).toMatchObject({ x: 10, y: 10 });
    expect(ed.canUndo).toBe(false);
  });

  it('resizes a box by its handles, flipping past the opposite edge, clamped to the image', () => {
    const ed = new TestEditor({ width: 100, height: 100, shapes: [box('a', 10, 10, 20, 20)] });
    ed.click(20, 20);
    ed.drag([
      [30, 30],
      [50, 60],
    ]).expectToBeIn('select.idle');
    expect(ed.doc.get('a')).toMatchObject({ x: 10, y: 10, w: 40, h: 50 });
    ed.drag([
      [10, 35],
      [-20, 35],
    ]); // west edge handle, dragged out of the image
    expect(ed.doc.get('a')).toMatchObject({ x: 0, y: 10, w: 50, h: 50 });
    ed.drag([
      [25, 10],
      [25, 90],
    ]); // north edge dragged below the south edge: flips
    expect(ed.doc.get('a')).toMatchObject({ x: 0, y: 60, w: 50, h: 30 });
    ed.undo();
    expect(ed.doc.get('a')).toMatchObject({ x: 0, y: 10, w: 50, h: 50 });
  });

  it('drags a polygon vertex, inserts a vertex by dragging an edge, Alt+click removes one', () => {
    const ed = new TestEditor({
      shapes: [
        poly('p', [
          [10, 10],
          [50, 10],
          [50, 50],
          [10, 50],
        ]),
      ],
    });
    ed.click(30, 30);
    expect(ed.selectedIds).toEqual(['p']);
    ed.drag([
      [50, 50],
      [60, 70],
    ]);
    expect((ed.doc.get('p') as PolygonShape).points).toEqual([
      [10, 10],
      [50, 10],
      [60, 70],
      [10, 50],
    ]);
    ed.drag([
      [30, 10],
      [30, 0],
    ]); // on the top edge: a new vertex between the first two
    expect((ed.doc.get('p') as PolygonShape).points).toEqual([
      [10, 10],
      [30, 0],
      [50, 10],
      [60, 70],
      [10, 50],
    ]);
    ed.click(30, 0, { alt: true });
    expect((ed.doc.get('p') as PolygonShape).points).toHaveLength(4);
    ed.undo();
    ed.undo();
    expect((ed.doc.get('p') as PolygonShape).points).toEqual([
      [10, 10],
      [50, 10],
      [60, 70],
      [10, 50],
    ]);
  });

  it('refuses a vertex drag that leaves no area, and flags one that makes the outline cross', () => {
    const ed = new TestEditor({
      shapes: [
        poly('p', [
          [10, 10],
          [50, 10],
          [30, 40],
        ]),
      ],
    });
    ed.click(30, 20);
    ed.drag([
      [30, 40],
      [30, 10],
    ]);
    expect(ed.notice?.key).toBe('region.notice.polygonNoArea');
    expect((ed.doc.get('p') as PolygonShape).points[2]).toEqual([30, 40]);
    const sq = new TestEditor({
      shapes: [
        poly('q', [
          [10, 10],
          [50, 10],
          [50, 50],
          [10, 50],
        ]),
      ],
    });
    sq.click(30, 30).drag([
      [50, 50],
      [0, 30],
    ]);
    expect(sq.notice?.key).toBe('region.notice.selfIntersecting');
    expect(sq.canUndo).toBe(true);
  });

  it('Tab cycles through shapes, Del deletes, arrows nudge by 1 (Shift: 10), digits relabel', () => {
    const ed = new TestEditor({ shapes: [box('a', 10, 10, 20, 20), box('b', 60, 10, 20, 20), box('c', 110, 10, 20, 20)] });
    ed.press('tab');
    expect(ed.selectedIds).toEqual(['a']);
    ed.press('tab', 'tab');
    expect(ed.selectedIds).toEqual(['c']);
    ed.press('tab');
    expect(ed.selectedIds).toEqual(['a']);
    ed.press('shift+tab');
    expect(ed.selectedIds).toEqual(['c']);
    ed.press('arrowleft', 'shift+arrowup');
    expect(ed.doc.get('c')).toMatchObject({ x: 109, y: 0 });
    ed.press('2');
    expect(ed.doc.get('c')!.classId).toBe(12);
    expect(ed.activeClassId).toBe(12);
    ed.press('delete');
    ed.expectShapeCount(2);
    ed.undo();
    ed.undo();
    expect(ed.doc.get('c')!.classId).toBe(11);
    expect(ed.shapes.map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('picks a small shape over a large one it lies on, and nothing while annotations are hidden (H)', () => {
    const ed = new TestEditor({ shapes: [box('small', 40, 40, 5, 5), box('big', 0, 0, 100, 100)] });
    ed.click(42, 40); // on the small box's edge, inside the big one drawn on top
    expect(ed.selectedIds).toEqual(['small']);
    ed.press('h');
    expect(ed.hidden).toBe(true);
    ed.click(80, 80);
    expect(ed.selectedIds).toEqual([]);
    ed.press('h');
    ed.click(80, 80);
    expect(ed.selectedIds).toEqual(['big']);
  });
});
