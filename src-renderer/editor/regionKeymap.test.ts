import { describe, expect, it } from 'vitest';
import { regionActions } from './regionKeymap.js';
import { TestEditor } from './test/TestEditor.js';

const run = (ed: TestEditor, id: string) => regionActions.find((a) => a.id === id)!.run(ed);

describe('region keymap fragment', () => {
  it('binds every key of the issue once, with a label', () => {
    const all = regionActions.flatMap((a) => a.keys);
    expect(new Set(all).size).toBe(all.length);
    for (const k of ['v', 'b', 'w', 'p', 'm', 'e', 'k', '[', ']', 'delete', 'backspace', 'enter', 'escape', 'tab', 'h', 'r', 'arrowleft', 'shift+arrowleft', '1', '9']) {
      expect(all).toContain(k);
    }
    for (const a of regionActions) {
      expect(a.label).toMatch(/^region\.action\./);
      expect(a.when).toBe('workspace.region');
    }
  });

  it('hands keys to the editor, where the tool decides, and says whether they were used', () => {
    const ed = new TestEditor();
    expect(run(ed, 'region.tool.polygon')).toBe(true);
    ed.click(10, 10).click(50, 10).click(50, 40).click(90, 90);
    run(ed, 'region.back'); // Backspace while drawing: drops the last vertex
    run(ed, 'region.close');
    expect(ed.lastShape()).toMatchObject({ kind: 'polygon', points: [[10, 10], [50, 10], [50, 40]] });
    expect(run(ed, 'region.class.2')).toBe(true);
    expect(ed.lastShape().classId).toBe(11); // just drawn: 2 is for the next shape
    run(ed, 'region.cycle.next'); // chosen with Tab
    run(ed, 'region.class.2');
    expect(ed.lastShape().classId).toBe(12);
    expect(run(ed, 'region.nudge.right.10')).toBe(true);
    expect(ed.lastShape()).toMatchObject({ points: [[20, 10], [60, 10], [60, 40]] });
    run(ed, 'region.cancel'); // Esc: deselect
    // Nothing selected: the arrow is not used, so the workspace may move to the next image.
    expect(run(ed, 'region.nudge.right')).toBe(false);
    expect(run(ed, 'region.cancel')).toBe(false);
    run(ed, 'region.cycle.next');
    run(ed, 'region.delete');
    ed.expectShapeCount(0);
    expect(run(ed, 'region.toggleHidden')).toBe(true);
    expect(ed.hidden).toBe(true);
  });
});
