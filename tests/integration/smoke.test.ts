import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

describe('a dataset opened through the contract', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('scans, labels, undoes and redoes', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    await writeImage(path.join(dir, 'a.jpg'));
    await writeImage(path.join(dir, 'sub', 'b.png'));
    const s = new Session({}, path.join(dir, '.home'));
    await dispatch(s, 'datasets.open', { path: dir });
    const { jobId } = (await dispatch(s, 'datasets.scan', {})) as { jobId: string };
    await s.jobs.wait(jobId);
    const list = (await dispatch(s, 'images.list', {})) as { total: number; items: { id: number; path: string }[] };
    expect(list.items.map((i) => i.path)).toEqual(['a.jpg', 'sub/b.png']);
    const cat = (await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number; hotkey: string };
    expect(cat.hotkey).toBe('1');
    await dispatch(s, 'labels.set', { imageId: list.items[0]!.id, classId: cat.id });
    expect(((await dispatch(s, 'images.get', { id: list.items[0]!.id })) as { tags: number[] }).tags).toEqual([cat.id]);
    await dispatch(s, 'labels.undo', {});
    expect(((await dispatch(s, 'images.get', { id: list.items[0]!.id })) as { tags: number[] }).tags).toEqual([]);
    await dispatch(s, 'labels.redo', {});
    expect(((await dispatch(s, 'images.get', { id: list.items[0]!.id })) as { tags: number[] }).tags).toEqual([cat.id]);
    expect(fs.existsSync(path.join(dir, '.lightbox', 'labels.sqlite'))).toBe(true);
    await expect(dispatch(s, 'labels.set', { imageId: -1, classId: cat.id })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    s.close();
  });
});
