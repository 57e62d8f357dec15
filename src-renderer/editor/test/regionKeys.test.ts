import { describe, expect, it } from 'vitest';
import { actions, findAction, toolKeys } from '../../keymap/actions.js';
import { TOOL_IDS } from '../Editor.js';
import { TestEditor } from './TestEditor.js';

describe('region keys through the one keymap table', () => {
  it('gives every tool exactly one row with its keys, and every region key a label', () => {
    for (const id of TOOL_IDS) expect(actions.filter((a) => a.tool === id).length, id).toBe(1);
    expect(toolKeys(actions, 'box')).toEqual(['b', 'w']);
    const region = actions.filter((a) => a.when === 'workspace.region');
    for (const k of ['[', ']', 'delete', 'backspace', 'enter', 'escape', 'tab', 'shift+tab', 'h', 'arrowleft', 'shift+arrowleft', '1', '9', 'space']) {
      expect(region.some((a) => a.keys.includes(k)), k).toBe(true);
    }
    for (const a of [...region, ...actions.filter((x) => x.tool)]) expect(a.label).toMatch(/^(region|medical)\.action\./);
    // Window/level keys work in the plain image view as well (a CT classified in HU), region mode included.
    for (const ctx of ['workspace', 'workspace.region'] as const) {
      expect(findAction(actions, 'r', ctx)?.id).toBe('region.resetLevel');
      expect(findAction(actions, 'alt+4', ctx)?.id).toBe('region.wl.ct.lung');
    }
  });

  it('hands keys to the editor, where the tool decides, and says whether they were used', () => {
    const ed = new TestEditor();
    expect(ed.pressKey('p')?.id).toBe('region.tool.polygon');
    ed.click(10, 10).click(50, 10).click(50, 40).click(90, 90);
    ed.press('backspace'); // while drawing: drops the last vertex
    expect(ed.pressKey('enter')?.id).toBe('region.close');
    expect(ed.lastShape()).toMatchObject({ kind: 'polygon', points: [[10, 10], [50, 10], [50, 40]] });
    // Enter with nothing being drawn is not the editor's: the workspace marks the image done.
    expect(ed.pressKey('enter')).toBeNull();
    ed.press('tab', '2');
    expect(ed.lastShape().classId).toBe(12);
    expect(ed.pressKey('shift+arrowright')?.id).toBe('region.nudge.right.10');
    expect(ed.lastShape()).toMatchObject({ points: [[20, 10], [60, 10], [60, 40]] });
    ed.press('escape');
    // Nothing selected: the arrow and Escape are not used, so the workspace may have them.
    expect(ed.pressKey('arrowright')).toBeNull();
    expect(ed.pressKey('escape')).toBeNull();
    ed.press('tab', 'delete');
    ed.expectShapeCount(0);
    expect(ed.pressKey('h')?.id).toBe('region.toggleHidden');
    expect(ed.hidden).toBe(true);
  });

  it('does not switch tools halfway through a brush stroke', () => {
    const ed = new TestEditor().press('m');
    ed.pointerDown(10, 10).pointerMove(20, 10);
    ed.press('b');
    ed.expectToBeIn('brush.painting');
    ed.pointerUp(30, 10).press('b').expectToBeIn('box.idle');
  });
});
