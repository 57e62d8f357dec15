import { describe, expect, it } from 'vitest';
import { actions, conflicts, findAction } from '../../src-renderer/keymap/actions.js';
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
