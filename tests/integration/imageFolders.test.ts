import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

const call = <T>(s: Session, m: string, p: unknown) => dispatch(s, m, p) as Promise<T>;

describe('images by folder through the contract', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('lists the folders with counts at any depth and filters by one, the same-named files told apart', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    for (const rel of ['top.png', 'a/rocket.png', 'a/b/rocket.png', 'a/b/c.png', 'a_b/d.png']) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeImage(path.join(dir, rel), { width: 8, height: 8 });
    }
    const s = new Session({}, path.join(dir, '.home'));
    await dispatch(s, 'datasets.open', { path: dir });
    const { jobId } = await call<{ jobId: string }>(s, 'datasets.scan', { thumbnails: false });
    await s.jobs.wait(jobId);

    expect(await call(s, 'images.folders', {})).toEqual([
      { folder: '', count: 1 },
      { folder: 'a', count: 3 },
      { folder: 'a/b', count: 2 },
      { folder: 'a_b', count: 1 },
    ]);
    const paths = async (folder: string) => (await call<{ items: { path: string }[] }>(s, 'images.list', { filter: { folder } })).items.map((i) => i.path);
    // 'a' is a folder, not a name prefix: a_b/ stays out.
    expect(await paths('a')).toEqual(['a/b/c.png', 'a/b/rocket.png', 'a/rocket.png']);
    expect(await paths('a/b')).toEqual(['a/b/c.png', 'a/b/rocket.png']);
    expect(await paths('')).toEqual(['top.png']);
    expect((await call<{ ids: number[] }>(s, 'images.ids', { filter: { folder: 'a/b' } })).ids).toHaveLength(2);
  });
});
