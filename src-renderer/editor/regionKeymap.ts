import type { Editor } from './Editor.js';
import type { Modifiers } from './events.js';

/**
 * The region tools' keys as a fragment of the workspace keymap (src-renderer/keymap): same
 * record shape, `when: 'workspace.region'` (the workspace while region tools are on). Each action
 * hands its key to the editor, where the active tool state gets it first (Backspace removes a
 * polygon vertex while drawing, deletes the selection otherwise). `run` returns whether the
 * editor used the key, so the workspace can fall back to its own binding (arrows with nothing
 * selected still move to the next image).
 */
export interface RegionAction {
  id: string;
  /** i18n key of the label; `labelArgs` fills its placeholders. */
  label: string;
  labelArgs?: Record<string, unknown>;
  /** Combos as the keymap writes them: modifiers first (mod, alt, shift), lower case. */
  keys: string[];
  when: 'workspace.region';
  run(editor: Editor): boolean;
}

/** Send `key` to the editor; true when a tool or the editor used it. */
function press(key: string, mods: Partial<Modifiers> = {}): (editor: Editor) => boolean {
  return (editor) => {
    const before = editor.version;
    editor.keyDown(key, mods);
    return editor.version !== before;
  };
}

const when = 'workspace.region' as const;

const nudges: RegionAction[] = (['left', 'right', 'up', 'down'] as const).flatMap((dir) => [
  { id: `region.nudge.${dir}`, label: `region.action.nudge.${dir}`, keys: [`arrow${dir}`], when, run: press(`arrow${dir}`) },
  { id: `region.nudge.${dir}.10`, label: `region.action.nudge10.${dir}`, keys: [`shift+arrow${dir}`], when, run: press(`arrow${dir}`, { shift: true }) },
]);

const classKeys: RegionAction[] = Array.from({ length: 9 }, (_, i) => ({
  id: `region.class.${i + 1}`,
  label: 'region.action.class',
  labelArgs: { n: i + 1 },
  keys: [String(i + 1)],
  when,
  run: press(String(i + 1)),
}));

export const regionActions: RegionAction[] = [
  { id: 'region.tool.select', label: 'region.action.select', keys: ['v'], when, run: press('v') },
  { id: 'region.tool.box', label: 'region.action.box', keys: ['b', 'w'], when, run: press('b') },
  { id: 'region.tool.polygon', label: 'region.action.polygon', keys: ['p'], when, run: press('p') },
  { id: 'region.tool.brush', label: 'region.action.brush', keys: ['m'], when, run: press('m') },
  { id: 'region.tool.eraser', label: 'region.action.eraser', keys: ['e'], when, run: press('e') },
  { id: 'region.tool.point', label: 'region.action.point', keys: ['k'], when, run: press('k') },
  { id: 'region.brush.smaller', label: 'region.action.brushSmaller', keys: ['['], when, run: press('[') },
  { id: 'region.brush.larger', label: 'region.action.brushLarger', keys: [']'], when, run: press(']') },
  { id: 'region.delete', label: 'region.action.delete', keys: ['delete'], when, run: press('delete') },
  { id: 'region.back', label: 'region.action.back', keys: ['backspace'], when, run: press('backspace') },
  { id: 'region.close', label: 'region.action.close', keys: ['enter'], when, run: press('enter') },
  { id: 'region.cancel', label: 'region.action.cancel', keys: ['escape'], when, run: press('escape') },
  { id: 'region.cycle.next', label: 'region.action.next', keys: ['tab'], when, run: press('tab') },
  { id: 'region.cycle.prev', label: 'region.action.prev', keys: ['shift+tab'], when, run: press('tab', { shift: true }) },
  { id: 'region.toggleHidden', label: 'region.action.toggleHidden', keys: ['h'], when, run: press('h') },
  { id: 'region.resetLevel', label: 'region.action.resetLevel', keys: ['r'], when, run: press('r') },
  ...nudges,
  ...classKeys,
];
