import { describe, expect, it } from 'vitest';
import { type AppCommands, type KeyContext, actions, conflicts, dispatchKey } from '../../src-renderer/keymap/actions.js';
import { DEFAULT_KEYMAP, PRESET_IDS, type KeymapConfig, bindKeymap, remap, resetKey } from '../../src-renderer/keymap/presets.js';

/** Every command the keys reach, recorded as it is called. */
function recorder(): { app: AppCommands; calls: string[] } {
  const calls: string[] = [];
  const app = new Proxy({} as AppCommands, {
    get: (_t, name: string) =>
      (...args: unknown[]) => {
        calls.push(args.length ? `${name}(${args.map((a) => JSON.stringify(a)).join(',')})` : name);
        return name === 'region' ? false : undefined;
      },
  });
  return { app, calls };
}

function press(config: KeymapConfig, combo: string, context: KeyContext = 'workspace'): string[] {
  const { app, calls } = recorder();
  dispatchKey(bindKeymap(actions, config), combo, context, app);
  return calls;
}

const preset = (p: KeymapConfig['preset']): KeymapConfig => ({ preset: p, overrides: {} });

describe('keymap presets', () => {
  it('bind no key twice where both could fire, in every preset', () => {
    for (const p of PRESET_IDS) expect(conflicts(bindKeymap(actions, preset(p))), p).toEqual([]);
  });

  it('LabelImg: W draws a box, D / A next / previous, Space marks the image done', () => {
    const c = preset('labelimg');
    expect(press(c, 'w')).toEqual(['tool("box")']);
    expect(press(c, 'd')).toEqual(['next']);
    expect(press(c, 'a')).toEqual(['prev']);
    expect(press(c, 'space')).toEqual(['markDone']);
  });

  it('labelme: Ctrl+R rectangle, Ctrl+N polygon, Ctrl+J edit', () => {
    const c = preset('labelme');
    expect(press(c, 'mod+r')).toEqual(['tool("box")']);
    expect(press(c, 'mod+n')).toEqual(['tool("polygon")']);
    expect(press(c, 'mod+j')).toEqual(['tool("select")']);
  });

  it('CVAT: N repeats the last tool, F / D next / previous', () => {
    const c = preset('cvat');
    expect(press(c, 'n')).toEqual(['repeatTool']);
    expect(press(c, 'f')).toEqual(['next']);
    expect(press(c, 'd')).toEqual(['prev']);
    expect(press(c, 'shift+n')).toEqual(['nextUnlabeled']);
    // Lightbox's own keys for the same actions are not left behind.
    expect(press(preset('lightbox'), 'f')).toEqual(['zoom("fit")']);
  });
});

describe('remapping a key', () => {
  it('gives the action the new key and takes the old one away', () => {
    const r = remap(actions, DEFAULT_KEYMAP, 'image.skip', ['j']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(press(r.config, 'j')).toEqual(['skip']);
    expect(press(r.config, 's')).toEqual([]);
    expect(press(resetKey(r.config, 'image.skip'), 's')).toEqual(['skip']);
  });

  it('is refused when the key already does something there, naming that action', () => {
    const r = remap(actions, DEFAULT_KEYMAP, 'image.skip', ['g']);
    expect(r).toMatchObject({ ok: false, clash: { id: 'nav.library' } });
    // X rejects a model's suggestions in the workspace (the library's X is another screen's).
    expect(remap(actions, DEFAULT_KEYMAP, 'image.skip', ['x'])).toMatchObject({ ok: false, clash: { id: 'suggestions.reject' } });
    const inRegion = remap(actions, DEFAULT_KEYMAP, 'region.toggleHidden', ['p']);
    expect(inRegion).toMatchObject({ ok: false, clash: { id: 'region.tool.polygon' } });
  });

  it('keeps the user keys over a preset chosen later', () => {
    const r = remap(actions, DEFAULT_KEYMAP, 'image.skip', ['j']);
    if (!r.ok) throw new Error('remap refused');
    const cvat = { preset: 'cvat' as const, overrides: r.config.overrides };
    expect(press(cvat, 'j')).toEqual(['skip']);
    expect(press(cvat, 'f')).toEqual(['next']);
  });
});
