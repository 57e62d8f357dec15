import { describe, expect, it } from 'vitest';
import { type Action, actions, candidates, conflicts, findAction } from '../../src-renderer/keymap/actions.js';
import { comboOf, displayCombo } from '../../src-renderer/keymap/keys.js';

const key = (k: string, mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {}) => ({
  key: k,
  ctrlKey: !!mods.ctrl,
  metaKey: !!mods.meta,
  shiftKey: !!mods.shift,
  altKey: !!mods.alt,
});

describe('the keymap table', () => {
  it('binds no combo to two actions that can fire in the same context', () => {
    expect(conflicts(actions)).toEqual([]);
  });

  it('would catch a duplicate binding', () => {
    const dup = [...actions, { ...actions[0]!, id: 'dup' }];
    expect(conflicts(dup).length).toBeGreaterThan(0);
  });

  it('has unique action ids', () => {
    expect(new Set(actions.map((a) => a.id)).size).toBe(actions.length);
  });

  it('maps the issue keys to the right actions in the workspace', () => {
    const at = (combo: string) => findAction(actions, combo, 'workspace')?.id;
    expect(at('arrowright')).toBe('image.next');
    expect(at('d')).toBe('image.next');
    expect(at('arrowleft')).toBe('image.prev');
    expect(at('a')).toBe('image.prev');
    expect(at('n')).toBe('image.nextUnlabeled');
    expect(at('s')).toBe('image.skip');
    expect(at('enter')).toBe('image.done');
    expect(at('3')).toBe('class.apply.3');
    expect(at('mod+z')).toBe('history.undo');
    expect(at('mod+shift+z')).toBe('history.redo');
    expect(at('?')).toBe('help.cheatSheet');
    expect(at('mod+k')).toBe('help.palette');
    expect(at('0')).toBe('view.fit');
    expect(at('f')).toBe('view.fit');
  });

  it('drives the review screen from the keyboard: numbers take an answer, R rejects, E edits, J/K move, Esc goes back', () => {
    const ops: unknown[] = [];
    const app = new Proxy({} as Record<string, unknown>, { get: (_t, name) => (arg: unknown) => ops.push(arg === undefined ? name : { [name as string]: arg }) });
    for (const combo of ['2', 'r', 'e', 'j', 'arrowdown', 'k', 'arrowleft', 'escape']) findAction(actions, combo, 'review')!.run(app as never);
    expect(ops).toEqual([{ review: { answer: 2 } }, { review: 'reject' }, { review: 'edit' }, { review: 'next' }, { review: 'next' }, { review: 'prev' }, { review: 'prev' }, { review: 'back' }]);
    // Shift+R reaches the screen from anywhere; undo stays the global one there.
    expect(findAction(actions, 'shift+r', 'workspace')?.id).toBe('nav.review');
    expect(findAction(actions, 'mod+z', 'review')?.id).toBe('history.undo');
  });

  it('checks region mode against the workspace and global keys it falls back to', () => {
    const region = (keys: string[], extra: Partial<Action> = {}): Action => ({ id: 'region.new', label: 'x', keys, when: 'workspace.region', run: () => true, ...extra });
    // A new region key on a workspace key (N: next unlabeled) or a global one (C: classes) is caught…
    expect(conflicts([...actions, region(['n'])])).toEqual(['n: image.nextUnlabeled / region.new']);
    expect(conflicts([...actions, region(['c'])])).toEqual(['c: dialog.classes / region.new']);
    // …on a tool key too (tools work in both modes), and on another region key.
    expect(conflicts([...actions, region(['b'])])).toEqual(['b: region.tool.box / region.new']);
    expect(conflicts([...actions, region(['h'])])).toEqual(['h: region.toggleHidden / region.new']);
    // A binding that says it shadows the broader one on purpose is accepted; a free key is fine.
    expect(conflicts([...actions, region(['n'], { shadows: true })])).toEqual([]);
    expect(conflicts([...actions, region(['j'])])).toEqual([]);
  });

  it('gives a tool key the same tool in both modes, and falls back from a region key to the workspace one', () => {
    expect(findAction(actions, 'p', 'workspace')?.id).toBe('region.tool.polygon');
    expect(findAction(actions, 'p', 'workspace.region')?.id).toBe('region.tool.polygon');
    expect(candidates(actions, 'arrowright', 'workspace.region').map((a) => a.id)).toEqual(['region.nudge.right', 'image.next']);
    expect(candidates(actions, '2', 'workspace.region').map((a) => a.id)).toEqual(['region.class.2', 'class.apply.2']);
    expect(findAction(actions, 'escape', 'workspace.region')?.id).toBe('region.cancel');
    expect(findAction(actions, 'mod+z', 'workspace.region')?.id).toBe('history.undo');
    // Region keys do nothing outside region mode.
    expect(findAction(actions, 'h', 'workspace')).toBeUndefined();
    expect(findAction(actions, '[', 'library')).toBeUndefined();
  });

  it('does not fire workspace keys in the library', () => {
    expect(findAction(actions, '3', 'library')).toBeUndefined();
    expect(findAction(actions, 'mod+z', 'library')?.id).toBe('history.undo');
  });
});

describe('key combos', () => {
  it('uses Ctrl as mod off macOS and Cmd on macOS', () => {
    expect(comboOf(key('z', { ctrl: true }), false)).toBe('mod+z');
    expect(comboOf(key('Z', { ctrl: true, shift: true }), false)).toBe('mod+shift+z');
    expect(comboOf(key('z', { meta: true }), true)).toBe('mod+z');
    expect(comboOf(key('z', { ctrl: true }), true)).toBe('z');
  });

  it('treats shifted symbols as the symbol', () => {
    expect(comboOf(key('?', { shift: true }), false)).toBe('?');
    expect(comboOf(key('ArrowRight'), false)).toBe('arrowright');
    expect(comboOf(key(' '), false)).toBe('space');
  });

  it('shows combos the way each platform writes them', () => {
    expect(displayCombo('mod+shift+z', false)).toBe('Ctrl+Shift+Z');
    expect(displayCombo('mod+shift+z', true)).toBe('⌘⇧Z');
    expect(displayCombo('arrowright', false)).toBe('→');
  });
});
