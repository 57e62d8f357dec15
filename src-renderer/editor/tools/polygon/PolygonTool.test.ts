import { describe, expect, it } from 'vitest';
import { TestEditor } from '../../test/TestEditor.js';

describe('polygon tool (P)', () => {
  it('clicks vertices and closes with Enter', () => {
    const ed = new TestEditor().press('p').expectToBeIn('polygon.idle');
    ed.click(10, 10).expectToBeIn('polygon.drawing').click(50, 10).click(50, 40).pointerMove(30, 60);
    expect(ed.preview).toMatchObject({ kind: 'polygon', points: [[10, 10], [50, 10], [50, 40]], cursor: [30, 60], closable: false });
    ed.press('enter').expectToBeIn('polygon.idle').expectShapeCount(1);
    expect(ed.lastShape()).toMatchObject({ kind: 'polygon', points: [[10, 10], [50, 10], [50, 40]], classId: 11 });
    expect(ed.selected().kind).toBe('polygon');
    expect(ed.preview).toBeNull();
  });

  it('closes with a click on the first vertex', () => {
    const ed = new TestEditor().press('p').click(10, 10).click(50, 10).click(50, 40);
    ed.pointerMove(12, 11);
    expect(ed.preview).toMatchObject({ closable: true });
    ed.click(12, 11).expectToBeIn('polygon.idle');
    expect(ed.lastShape()).toMatchObject({ kind: 'polygon', points: [[10, 10], [50, 10], [50, 40]] });
  });

  it('Backspace removes the last vertex, and the polygon when none is left', () => {
    const ed = new TestEditor().press('p').click(10, 10).click(50, 10).click(90, 90).press('backspace');
    expect(ed.preview).toMatchObject({ points: [[10, 10], [50, 10]] });
    ed.click(50, 40).press('enter');
    expect(ed.lastShape()).toMatchObject({ points: [[10, 10], [50, 10], [50, 40]] });
    ed.click(5, 5).press('backspace').expectToBeIn('polygon.idle').expectShapeCount(1);
  });

  it('Esc cancels the polygon being drawn', () => {
    const ed = new TestEditor().press('p').click(10, 10).click(50, 10).click(50, 40).press('escape');
    ed.expectToBeIn('polygon.idle').expectShapeCount(0);
    expect(ed.preview).toBeNull();
  });

  it('refuses a degenerate polygon (collinear, or too few vertices) and lets drawing go on', () => {
    const ed = new TestEditor().press('p').click(10, 10).click(20, 20).click(30, 30).press('enter');
    ed.expectToBeIn('polygon.drawing').expectShapeCount(0);
    expect(ed.notice?.key).toBe('region.notice.polygonNoArea');
    ed.click(10, 40).press('enter').expectToBeIn('polygon.idle').expectShapeCount(1);
    new TestEditor().press('p').click(10, 10).click(20, 10).press('enter').expectShapeCount(0).expectToBeIn('polygon.drawing');
  });

  it('accepts a self-intersecting polygon but flags it', () => {
    const ed = new TestEditor().press('p').click(10, 10).click(60, 50).click(60, 10).click(10, 40).press('enter');
    ed.expectShapeCount(1);
    expect(ed.notice?.key).toBe('region.notice.selfIntersecting');
  });

  it('clamps vertices clicked outside the image', () => {
    const ed = new TestEditor({ width: 100, height: 100 }).press('p').click(-10, 10).click(150, 10).click(50, 120).press('enter');
    expect(ed.lastShape()).toMatchObject({ points: [[0, 10], [100, 10], [50, 100]] });
  });

  it('takes the class typed while drawing, and undo/redo the whole polygon at once', () => {
    const ed = new TestEditor().press('p').click(10, 10).click(50, 10).press('3').click(50, 40).press('enter');
    expect(ed.lastShape().classId).toBe(13);
    ed.undo();
    ed.expectShapeCount(0);
    ed.redo();
    expect(ed.lastShape()).toMatchObject({ kind: 'polygon', classId: 13 });
  });

  it('switching tool halfway abandons the polygon', () => {
    const ed = new TestEditor().press('p').click(10, 10).click(50, 10).press('b').expectToBeIn('box.idle');
    ed.expectShapeCount(0);
    expect(ed.preview).toBeNull();
  });
});
