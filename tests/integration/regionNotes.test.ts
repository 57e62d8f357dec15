import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Region, RegionList } from '../../src-main/api/annotations.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

const call = <T>(s: Session, m: string, p: unknown) => dispatch(s, m, p) as Promise<T>;

describe('a note on a region', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  async function setup() {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    await writeImage(path.join(dir, 'a.png'), { width: 50, height: 30 });
    const open = async () => {
      const s = new Session({}, path.join(dir, '.home'));
      await dispatch(s, 'datasets.open', { path: dir });
      const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
      await s.jobs.wait(jobId);
      return s;
    };
    const s = await open();
    cleanups.push(() => s.close());
    const imageId = (await call<{ items: { id: number }[] }>(s, 'images.list', {})).items[0]!.id;
    const lesion = await call<{ id: number }>(s, 'classes.add', { name: 'lesion' });
    const r = await call<Region>(s, 'annotations.create', { imageId, classId: lesion.id, shape: { kind: 'box', x: 1, y: 2, w: 10, h: 10 } });
    return { dir, s, imageId, id: r.id, open };
  }

  it('is saved, listed with the region, kept after reopening, and undone and redone through the one history', async () => {
    const { s, imageId, id, open } = await setup();
    const noted = await call<Region>(s, 'annotations.setNote', { id, note: 'irregular border\nbiopsy 2026-11-30' });
    expect(noted.note).toBe('irregular border\nbiopsy 2026-11-30');
    s.close();
    const again = await open();
    cleanups.push(() => again.close());
    const list = await call<RegionList>(again, 'annotations.list', { imageId });
    expect(list.regions[0]!.note).toBe('irregular border\nbiopsy 2026-11-30');

    await call(again, 'annotations.setNote', { id, note: '' }); // cleared
    expect((await call<RegionList>(again, 'annotations.list', { imageId })).regions[0]!.note).toBeNull();
    const undo = await call<{ applied: boolean; kind: string; imageIds: number[] }>(again, 'labels.undo', {});
    expect(undo).toMatchObject({ applied: true, kind: 'annotations.setNote', imageIds: [imageId] });
    expect((await call<RegionList>(again, 'annotations.list', { imageId })).regions[0]!.note).toBe('irregular border\nbiopsy 2026-11-30');
    await call(again, 'labels.redo', {});
    expect((await call<RegionList>(again, 'annotations.list', { imageId })).regions[0]!.note).toBeNull();
  });

  it('refuses a note over 2,000 characters or with control characters, and a note on a deleted region', async () => {
    const { s, id } = await setup();
    await expect(call(s, 'annotations.setNote', { id, note: 'x'.repeat(2001) })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    await expect(call(s, 'annotations.setNote', { id, note: 'bell\u0007' })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    await expect(call(s, 'annotations.setNote', { id, note: 'tab\there' })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    expect((await call<Region>(s, 'annotations.setNote', { id, note: 'x'.repeat(2000) })).note).toHaveLength(2000);
    await call(s, 'annotations.delete', { ids: [id] });
    await expect(call(s, 'annotations.setNote', { id, note: 'late' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
