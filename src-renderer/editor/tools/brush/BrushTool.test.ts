import { describe, expect, it } from 'vitest';
import { maskArea } from '../../../../src-main/api/maskCodec.js';
import { maskHas } from '../../geometry/maskOps.js';
import { TestEditor } from '../../test/TestEditor.js';
import type { MaskShape } from '../../types.js';

const mask = (ed: TestEditor) => ed.lastShape() as MaskShape;

describe('brush (M) and eraser (E)', () => {
  it('a stroke paints a new mask of the active class at full resolution, cropped to its bounds', () => {
    const ed = new TestEditor({ width: 200, height: 100 }).press('m').expectToBeIn('brush.idle');
    ed.brushRadius = 3;
    ed.pointerDown(20, 20).expectToBeIn('brush.painting').pointerMove(40, 20).pointerMove(60, 20).pointerUp().expectToBeIn('brush.idle');
    const m = mask(ed);
    expect(m).toMatchObject({ kind: 'mask', classId: 11 });
    // A 3 px brush from x=20 to 60 along y=20 covers pixel centres within 3 px of the line.
    expect({ x: m.x, y: m.y, w: m.w, h: m.h }).toEqual({ x: 17, y: 17, w: 46, h: 6 });
    expect(maskHas(m, 40, 20)).toBe(true);
    expect(maskHas(m, 40, 24)).toBe(false);
    expect(ed.selected().id).toBe(m.id);
    expect(ed.stroke).toBeNull();
  });

  it('a second stroke adds to the selected mask as one more undoable step', () => {
    const ed = new TestEditor().press('m');
    ed.brushRadius = 2;
    ed.drag([
      [10, 10],
      [20, 10],
    ]);
    const first = mask(ed);
    ed.drag([
      [10, 30],
      [20, 30],
    ]);
    ed.expectShapeCount(1);
    const second = mask(ed);
    expect(second.id).toBe(first.id);
    expect(maskArea(second.bits)).toBeGreaterThan(maskArea(first.bits));
    expect(maskHas(second, 15, 30)).toBe(true);
    ed.undo();
    expect(mask(ed)).toEqual(first);
    ed.redo();
    expect(mask(ed)).toEqual(second);
  });

  it('Esc (deselect) then painting starts a new mask; 1–9 relabels a mask chosen with V', () => {
    const ed = new TestEditor().press('m');
    ed.drag([
      [10, 10],
      [20, 10],
    ]);
    ed.press('escape');
    expect(ed.selectedIds).toEqual([]);
    ed.press('2').drag([
      [50, 50],
      [60, 50],
    ]);
    ed.expectShapeCount(2);
    expect(mask(ed).classId).toBe(12);
    ed.press('3');
    expect(mask(ed).classId).toBe(12); // just painted: 3 is for the next mask
    ed.press('v').click(55, 50).press('3');
    expect(mask(ed).classId).toBe(13);
    expect(ed.shapes[0]!.classId).toBe(11);
  });

  it('the eraser removes pixels from the selected mask, and deleting every pixel deletes the mask', () => {
    const ed = new TestEditor().press('m');
    ed.brushRadius = 4;
    ed.drag([
      [10, 10],
      [50, 10],
    ]);
    const before = mask(ed);
    ed.press('e').expectToBeIn('eraser.idle');
    ed.drag([
      [30, 0],
      [30, 20],
    ]);
    const after = mask(ed);
    expect(maskHas(after, 30, 10)).toBe(false);
    expect(maskHas(after, 12, 10)).toBe(true);
    expect(maskArea(after.bits)).toBeLessThan(maskArea(before.bits));
    ed.brushRadius = 40;
    ed.drag([
      [0, 10],
      [60, 10],
    ]);
    ed.expectShapeCount(0);
    ed.undo();
    expect(mask(ed)).toEqual(after);
  });

  it('the eraser with nothing selected erases the mask under the pointer, or tells there is nothing', () => {
    const ed = new TestEditor().press('m');
    ed.drag([
      [10, 10],
      [30, 10],
    ]);
    ed.press('escape', 'e');
    ed.drag([
      [100, 80],
      [110, 80],
    ]);
    expect(ed.notice?.key).toBe('region.notice.nothingToErase');
    ed.drag([
      [20, 10],
      [20, 11],
    ]);
    expect(maskHas(mask(ed), 20, 10)).toBe(false);
  });

  it('Shift+drag paints a straight line from press to release, previewed meanwhile', () => {
    const ed = new TestEditor().press('m');
    ed.brushRadius = 1;
    ed.pointerDown(10, 10, { shift: true }).expectToBeIn('brush.line').pointerMove(50, 70, { shift: true }).pointerMove(90, 50, { shift: true });
    expect(ed.preview).toMatchObject({ kind: 'line', from: [10, 10], to: [90, 50] });
    ed.pointerUp(90, 50, { shift: true }).expectToBeIn('brush.idle');
    const m = mask(ed);
    expect(maskHas(m, 50, 30)).toBe(true); // on the straight line
    expect(maskHas(m, 50, 69)).toBe(false); // where the pointer wandered
  });

  it('[ and ] change the brush size; Esc during a stroke abandons it', () => {
    const ed = new TestEditor().press('m');
    const r = ed.brushRadius;
    ed.press(']');
    expect(ed.brushRadius).toBeGreaterThan(r);
    ed.press('[', '[');
    expect(ed.brushRadius).toBeLessThan(r);
    for (let i = 0; i < 40; i++) ed.press('[');
    expect(ed.brushRadius).toBe(0.5);
    ed.pointerDown(10, 10).pointerMove(30, 10).press('escape').expectToBeIn('brush.idle');
    ed.pointerUp(30, 10).expectShapeCount(0);
  });

  it('paints to the image edge without spilling', () => {
    const ed = new TestEditor({ width: 40, height: 30 }).press('m');
    ed.brushRadius = 10;
    ed.drag([
      [0, 0],
      [39, 29],
    ]);
    const m = mask(ed);
    expect(m.x).toBe(0);
    expect(m.y).toBe(0);
    expect(m.x + m.w).toBe(40);
    expect(m.y + m.h).toBe(30);
  });

  // The full-resolution scratch mask outlives a stroke and only what the last stroke touched is
  // cleared: nothing painted before may leak into the next mask where their boxes overlap.
  it('after an undo, a new stroke across the undone one paints only its own pixels, and erasing it works', () => {
    const ed = new TestEditor().press('m');
    ed.brushRadius = 3;
    ed.drag([
      [10, 10],
      [60, 10],
    ]);
    ed.undo();
    ed.expectShapeCount(0);
    ed.drag([
      [20, 0],
      [50, 20],
    ]);
    ed.expectShapeCount(1);
    const m = mask(ed);
    expect(crop(m)).toEqual(paintedAlone([[20, 0], [50, 20]], 3));
    expect(maskHas(m, 50, 10)).toBe(false); // on the undone stroke, inside the new one's box
    ed.press('e').drag([
      [35, 0],
      [35, 20],
    ]);
    const erased = mask(ed);
    expect(maskHas(erased, 35, 10)).toBe(false);
    expect(maskHas(erased, 22, 2)).toBe(true);
    expect(maskHas(erased, 48, 19)).toBe(true);
    expect(maskArea(erased.bits)).toBeLessThan(maskArea(m.bits));
  });

  it('a stroke abandoned with Esc, or painted on the previous image, leaves nothing in the next mask', () => {
    const ed = new TestEditor().press('m');
    ed.brushRadius = 5;
    ed.pointerDown(20, 20).pointerMove(180, 20).press('escape');
    ed.pointerUp(180, 20).expectShapeCount(0);
    ed.drag([
      [100, 10],
      [110, 30],
    ]);
    expect(crop(mask(ed))).toEqual(paintedAlone([[100, 10], [110, 30]], 5));
    // The next image of the same size keeps the scratch mask: the old strokes must not show.
    ed.load(200, 100, []);
    ed.drag([
      [90, 30],
      [120, 10],
    ]);
    expect(crop(mask(ed))).toEqual(paintedAlone([[90, 30], [120, 10]], 5));
  });

  it('continuing one mask after painting another does not pick up the other one', () => {
    const ed = new TestEditor().press('m');
    ed.brushRadius = 2;
    ed.drag([
      [10, 10],
      [30, 10],
    ]);
    const first = mask(ed);
    ed.press('escape');
    ed.drag([
      [10, 30],
      [30, 30],
    ]);
    const second = mask(ed);
    ed.select([first.id]);
    ed.drag([
      [20, 10],
      [20, 40],
    ]);
    const grown = ed.shapes.find((s) => s.id === first.id) as MaskShape;
    expect(crop(grown)).toEqual(paintedAlone([[10, 10], [30, 10]], 2, [[20, 10], [20, 40]]));
    expect(ed.shapes.find((s) => s.id === second.id)).toEqual(second);
    // And a new mask across the one just continued starts empty.
    ed.press('escape');
    ed.drag([
      [5, 5],
      [35, 15],
    ]);
    ed.expectShapeCount(3);
    expect(crop(mask(ed))).toEqual(paintedAlone([[5, 5], [35, 15]], 2));
  });
});

function crop(m: MaskShape) {
  return { x: m.x, y: m.y, w: m.w, h: m.h, bits: m.bits };
}

/** The mask that `radius` strokes paint one after the other (each adding to the last) on a fresh 200×100 image. */
function paintedAlone(first: [number, number][], radius: number, ...more: [number, number][][]): ReturnType<typeof crop> {
  const ed = new TestEditor().press('m');
  ed.brushRadius = radius;
  for (const points of [first, ...more]) ed.drag(points);
  return crop(mask(ed));
}
