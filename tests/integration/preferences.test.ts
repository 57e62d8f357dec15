import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Session } from '../../src-main/services/Session.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { tempDir } from '../helpers/tempDataset.js';
import { codeOf } from '../helpers/tempSession.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function home(config?: unknown): string {
  const { dir, cleanup } = tempDir('lightbox-prefs-');
  cleanups.push(cleanup);
  if (config !== undefined) fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

describe('preferences', () => {
  it('are kept for the user, outside any dataset, and read back by the next session', async () => {
    const h = home();
    const first = new Session({}, h);
    const saved = await dispatch(first, 'settings.setPreferences', { theme: 'light', keymap: { preset: 'labelme', overrides: { 'image.skip': ['x'] } } });
    expect(saved).toEqual({ theme: 'light', keymap: { preset: 'labelme', overrides: { 'image.skip': ['x'] } } });
    const next = new Session({}, h);
    expect(await dispatch(next, 'settings.preferences', {})).toEqual(saved);
  });

  it('lose only the part a hand-edited config gets wrong', async () => {
    const s = new Session({}, home({ recent: [], theme: 'purple', keymap: { preset: 'cvat', overrides: {} }, language: 'zh-CN' }));
    expect(await dispatch(s, 'settings.preferences', {})).toEqual({ language: 'zh-CN', theme: 'dark', keymap: { preset: 'cvat', overrides: {} } });
  });

  it('refuse a key that is not a key, and keep what was there', async () => {
    const h = home();
    const s = new Session({}, h);
    await dispatch(s, 'settings.setPreferences', { theme: 'light' });
    const bad = await codeOf(dispatch(s, 'settings.setPreferences', { keymap: { preset: 'cvat', overrides: { 'image.skip': ['two words'] } } }));
    expect(bad.code).toBe('BAD_PARAMS');
    expect(JSON.parse(fs.readFileSync(path.join(h, 'config.json'), 'utf8'))).toMatchObject({ theme: 'light' });
    expect(JSON.parse(fs.readFileSync(path.join(h, 'config.json'), 'utf8')).keymap).toBeUndefined();
  });
});
