import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startScan } from '../../src-main/services/datasetsService.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

describe('train/val/test splits', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('keep their assignment when new images arrive, and the new images get one by the same ratios', async () => {
    const { dir, cleanup } = tempDir();
    const session = new Session({}, path.join(dir, '.home'));
    cleanups.push(cleanup, () => session.close());
    for (let i = 0; i < 20; i++) await writeImage(path.join(dir, `a-${i}.png`), { width: 8, height: 8 });
    session.open(dir);
    await startScan(session, false).promise;
    // All images, labeled or not (the default is labeled images only).
    const counts = (await dispatch(session, 'images.assignSplits', { ratios: [0.5, 0.25, 0.25], seed: 7, labeledOnly: false })) as Record<string, number>;
    expect(counts).toEqual({ train: 10, val: 5, test: 5 });
    const before = new Map(((await dispatch(session, 'images.list', { limit: 100 })) as { items: { id: number; split: string }[] }).items.map((r) => [r.id, r.split]));

    for (let i = 0; i < 20; i++) await writeImage(path.join(dir, `b-${i}.png`), { width: 8, height: 8 });
    await startScan(session, false).promise;
    const after = ((await dispatch(session, 'images.list', { limit: 100 })) as { items: { id: number; split: string | null }[] }).items;
    expect(after).toHaveLength(40);
    for (const r of after) {
      expect(r.split).not.toBeNull();
      if (before.has(r.id)) expect(r.split).toBe(before.get(r.id));
    }
    const stats = (await dispatch(session, 'datasets.stats', {})) as { perSplit: Record<string, number> };
    expect(stats.perSplit).toEqual({ train: 20, val: 10, test: 10, none: 0 });
  });

  it('can be edited per image, and that edit is undoable', async () => {
    const { dir, cleanup } = tempDir();
    const session = new Session({}, path.join(dir, '.home'));
    cleanups.push(cleanup, () => session.close());
    await writeImage(path.join(dir, 'x.png'), { width: 8, height: 8 });
    session.open(dir);
    await startScan(session, false).promise;
    const [id] = ((await dispatch(session, 'images.ids', {})) as { ids: number[] }).ids;
    await dispatch(session, 'images.setSplit', { ids: [id!], split: 'test' });
    expect(((await dispatch(session, 'images.get', { id: id! })) as { split: string }).split).toBe('test');
    await dispatch(session, 'labels.undo', {});
    expect(((await dispatch(session, 'images.get', { id: id! })) as { split: string | null }).split).toBeNull();
  });
});
