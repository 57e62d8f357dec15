import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Session } from '../../src-main/services/Session.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';
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

  it('keep the export defaults the dialog starts with; wrong ones in a hand-edited config are dropped, the rest kept', async () => {
    const h = home();
    const first = new Session({}, h);
    const exportDefaults = { format: 'coco', resize: false, width: 512, height: 384, fit: 'contain', imageFormat: 'png', stripMetadata: true, anonymousNames: true, redact: 'blur' } as const;
    await dispatch(first, 'settings.setPreferences', { exportDefaults });
    expect(await dispatch(new Session({}, h), 'settings.preferences', {})).toMatchObject({ theme: 'dark', exportDefaults });
    const bad = await codeOf(dispatch(first, 'settings.setPreferences', { exportDefaults: { ...exportDefaults, format: 'tiff' } as never }));
    expect(bad.code).toBe('BAD_PARAMS');
    const edited = new Session({}, home({ recent: [], theme: 'light', exportDefaults: { ...exportDefaults, width: -5 } }));
    expect(await dispatch(edited, 'settings.preferences', {})).toEqual({ theme: 'light', keymap: { preset: 'lightbox', overrides: {} } });
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

describe('recent datasets', () => {
  it('show how far each one is labeled, read without opening or changing it, and which folders are gone', async () => {
    const h = home();
    const a = tempDir('lightbox-recent-a-');
    const b = tempDir('lightbox-recent-b-');
    cleanups.push(a.cleanup, b.cleanup);
    for (const n of [1, 2, 3]) await writeImage(path.join(a.dir, `p${n}.png`));
    await writeImage(path.join(b.dir, 'q.png'));
    const s = new Session({}, h);
    await dispatch(s, 'datasets.open', { path: b.dir });
    await dispatch(s, 'datasets.open', { path: a.dir });
    const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await s.jobs.wait(jobId);
    const { id: cls } = (await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number };
    const images = ((await dispatch(s, 'images.list', {})) as { items: { id: number }[] }).items;
    await dispatch(s, 'labels.set', { imageId: images[0]!.id, classId: cls });
    s.close();
    fs.rmSync(b.dir, { recursive: true, force: true });

    const store = path.join(a.dir, '.lightbox', 'labels.sqlite');
    const before = fs.readFileSync(store);
    const next = new Session({}, h);
    const r = (await dispatch(next, 'datasets.recent', {})) as { items: unknown[] };
    expect(r.items).toEqual([
      { path: fs.realpathSync(a.dir), name: path.basename(a.dir), exists: true, progress: { images: 3, labeled: 1 } },
      { path: expect.stringContaining('lightbox-recent-b-'), name: expect.stringContaining('lightbox-recent-b-'), exists: false, progress: null },
    ]);
    expect(fs.readFileSync(store).equals(before)).toBe(true);
    expect(next.dataset).toBeNull();
  });
});
