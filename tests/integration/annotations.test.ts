import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Region, RegionList } from '../../src-main/api/annotations.js';
import { encodeMask } from '../../src-main/api/maskCodec.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

async function openDataset(dir: string): Promise<Session> {
  const s = new Session({}, path.join(dir, '.home'));
  await dispatch(s, 'datasets.open', { path: dir });
  const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
  await s.jobs.wait(jobId);
  return s;
}

const call = <T>(s: Session, m: string, p: unknown) => dispatch(s, m, p) as Promise<T>;

describe('region annotations through the contract', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  async function setup() {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    // 60×40 stored with EXIF orientation 6: upright it is 40 wide and 60 high.
    await writeImage(path.join(dir, 'rot.jpg'), { width: 60, height: 40, orientation: 6 });
    await writeImage(path.join(dir, 'plain.png'), { width: 50, height: 30 });
    const s = await openDataset(dir);
    const images = (await call<{ items: { id: number; path: string }[] }>(s, 'images.list', {})).items;
    const rot = images.find((i) => i.path === 'rot.jpg')!.id;
    const plain = images.find((i) => i.path === 'plain.png')!.id;
    const lesion = await call<{ id: number }>(s, 'classes.add', { name: 'lesion' });
    const organ = await call<{ id: number }>(s, 'classes.add', { name: 'organ' });
    cleanups.push(() => s.close());
    return { dir, s, rot, plain, lesion: lesion.id, organ: organ.id };
  }

  it('creates every kind in upright pixels, lists them in drawing order, and keeps masks exact', async () => {
    const { s, rot, lesion, organ } = await setup();
    const list0 = await call<RegionList>(s, 'annotations.list', { imageId: rot });
    expect({ width: list0.width, height: list0.height, regions: list0.regions }).toEqual({ width: 40, height: 60, regions: [] });

    await call(s, 'annotations.create', { imageId: rot, classId: lesion, shape: { kind: 'box', x: 30, y: 50, w: 20, h: 20 } });
    await call(s, 'annotations.create', { imageId: rot, classId: organ, shape: { kind: 'polygon', points: [[1, 1], [10, 1], [10, 8]] } });
    await call(s, 'annotations.create', { imageId: rot, classId: organ, shape: { kind: 'point', x: 39.5, y: 59.5 } });
    const bits = Uint8Array.from([0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 0]); // 4×3
    const mask = await call<Region>(s, 'annotations.create', {
      imageId: rot,
      classId: lesion,
      shape: { kind: 'mask', x: 5, y: 6, w: 4, h: 3, counts: encodeMask(bits) },
    });
    expect(mask.shape).toEqual({ kind: 'mask', x: 5, y: 6, w: 4, h: 3, counts: encodeMask(bits) });

    const list = await call<RegionList>(s, 'annotations.list', { imageId: rot });
    expect(list.regions.map((r) => r.shape.kind)).toEqual(['box', 'polygon', 'point', 'mask']);
    // The box was dragged past the bottom-right corner: it is clamped to the upright image.
    expect(list.regions[0]!.shape).toEqual({ kind: 'box', x: 30, y: 50, w: 10, h: 10 });
    expect(list.regions[0]!.author).toBeTruthy();
    // A region is not an image-level tag.
    expect((await call<{ tags: number[] }>(s, 'images.get', { id: rot })).tags).toEqual([]);
    // The class counts include regions.
    const classes = await call<{ name: string; count: number }[]>(s, 'classes.list', {});
    expect(classes.map((c) => [c.name, c.count])).toEqual([
      ['lesion', 2],
      ['organ', 2],
    ]);
  });

  it('refuses degenerate shapes, shapes outside the image and a damaged mask with a reason', async () => {
    const { s, plain, lesion } = await setup();
    const create = (shape: unknown) => call(s, 'annotations.create', { imageId: plain, classId: lesion, shape });
    await expect(create({ kind: 'box', x: 60, y: 10, w: 5, h: 5 })).rejects.toMatchObject({ code: 'BAD_PARAMS', message: expect.stringContaining('outside') });
    await expect(create({ kind: 'polygon', points: [[1, 1], [5, 5], [9, 9]] })).rejects.toMatchObject({ code: 'BAD_PARAMS', message: expect.stringContaining('no area') });
    await expect(create({ kind: 'polygon', points: [[1, 1], [1, 1], [4, 4]] })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    await expect(create({ kind: 'point', x: -1, y: 3 })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    await expect(create({ kind: 'mask', x: 0, y: 0, w: 2, h: 2, counts: encodeMask(Uint8Array.from([1, 1, 1])) })).rejects.toMatchObject({
      code: 'BAD_PARAMS',
      message: expect.stringContaining('damaged'),
    });
    await expect(create({ kind: 'mask', x: 0, y: 0, w: 2, h: 2, counts: encodeMask(new Uint8Array(4)) })).rejects.toMatchObject({ code: 'BAD_PARAMS', message: expect.stringContaining('empty') });
    await expect(create({ kind: 'mask', x: 49, y: 0, w: 2, h: 1, counts: encodeMask(Uint8Array.from([1, 1])) })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    await expect(create({ kind: 'box', x: 1, y: 1, w: 0, h: 5 })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    expect((await call<RegionList>(s, 'annotations.list', { imageId: plain })).regions).toEqual([]);
  });

  it('stores a mask cropped to its tight bounding box', async () => {
    const { s, plain, lesion } = await setup();
    const bits = Uint8Array.from([0, 0, 0, 0, 1, 1, 0, 0, 0]); // 3×3, ones in the middle row's right two
    const r = await call<Region>(s, 'annotations.create', { imageId: plain, classId: lesion, shape: { kind: 'mask', x: 10, y: 10, w: 3, h: 3, counts: encodeMask(bits) } });
    expect(r.shape).toEqual({ kind: 'mask', x: 11, y: 11, w: 2, h: 1, counts: encodeMask(Uint8Array.from([1, 1])) });
  });

  it('changes class and geometry, refuses a change of kind, deletes', async () => {
    const { s, plain, lesion, organ } = await setup();
    const box = await call<Region>(s, 'annotations.create', { imageId: plain, classId: lesion, shape: { kind: 'box', x: 1, y: 2, w: 3, h: 4 } });
    const moved = await call<Region>(s, 'annotations.update', { id: box.id, shape: { kind: 'box', x: 10, y: 2, w: 3, h: 4 } });
    expect(moved.shape).toEqual({ kind: 'box', x: 10, y: 2, w: 3, h: 4 });
    expect(moved.classId).toBe(lesion);
    const relabeled = await call<Region>(s, 'annotations.update', { id: box.id, classId: organ });
    expect(relabeled.classId).toBe(organ);
    expect(relabeled.shape).toEqual(moved.shape);
    await expect(call(s, 'annotations.update', { id: box.id, shape: { kind: 'point', x: 1, y: 1 } })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    expect(await call(s, 'annotations.delete', { ids: [box.id] })).toEqual({ deleted: 1 });
    expect((await call<RegionList>(s, 'annotations.list', { imageId: plain })).regions).toEqual([]);
    await expect(call(s, 'annotations.update', { id: box.id, classId: lesion })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('undoes and redoes region edits and tag edits through one history, also after reopening', async () => {
    const { dir, s, plain, lesion, organ } = await setup();
    const shapesOf = async (sess: Session) => (await call<RegionList>(sess, 'annotations.list', { imageId: plain })).regions.map((r) => [r.classId, r.shape]);

    await call(s, 'labels.set', { imageId: plain, classId: lesion }); // 1: a tag
    const box = await call<Region>(s, 'annotations.create', { imageId: plain, classId: lesion, shape: { kind: 'box', x: 1, y: 1, w: 5, h: 5 } }); // 2
    await call(s, 'annotations.update', { id: box.id, classId: organ, shape: { kind: 'box', x: 2, y: 2, w: 5, h: 5 } }); // 3
    await call(s, 'annotations.delete', { ids: [box.id] }); // 4
    expect(await shapesOf(s)).toEqual([]);

    const undo = () => call<{ applied: boolean; kind: string; imageIds: number[] }>(s, 'labels.undo', {});
    expect(await undo()).toEqual({ applied: true, kind: 'annotations.delete', imageIds: [plain] });
    expect(await shapesOf(s)).toEqual([[organ, { kind: 'box', x: 2, y: 2, w: 5, h: 5 }]]);
    expect((await undo()).kind).toBe('annotations.update');
    expect(await shapesOf(s)).toEqual([[lesion, { kind: 'box', x: 1, y: 1, w: 5, h: 5 }]]);
    expect((await undo()).kind).toBe('annotations.create');
    expect(await shapesOf(s)).toEqual([]);
    // The next undo reaches the tag, set before the box was drawn.
    expect((await undo()).kind).toBe('labels.set');
    expect((await call<{ tags: number[] }>(s, 'images.get', { id: plain })).tags).toEqual([]);

    // Close and reopen: redo goes on from the persisted history.
    s.close();
    const again = await openDataset(dir);
    cleanups.push(() => again.close());
    const redo = () => call<{ applied: boolean; kind: string }>(again, 'labels.redo', {});
    expect((await redo()).kind).toBe('labels.set');
    expect((await redo()).kind).toBe('annotations.create');
    expect(await shapesOf(again)).toEqual([[lesion, { kind: 'box', x: 1, y: 1, w: 5, h: 5 }]]);
    expect((await redo()).kind).toBe('annotations.update');
    expect(await shapesOf(again)).toEqual([[organ, { kind: 'box', x: 2, y: 2, w: 5, h: 5 }]]);
    // A new edit after undo drops the redo branch.
    await call(again, 'labels.undo', {});
    await call(again, 'annotations.create', { imageId: plain, classId: lesion, shape: { kind: 'point', x: 3, y: 3 } });
    expect((await redo()).applied).toBe(false);
  });

  it('changes several regions as one command: one undo puts them all back', async () => {
    const { s, plain, lesion, organ } = await setup();
    const a = await call<Region>(s, 'annotations.create', { imageId: plain, classId: lesion, shape: { kind: 'box', x: 1, y: 1, w: 5, h: 5 } });
    const b = await call<Region>(s, 'annotations.create', { imageId: plain, classId: lesion, shape: { kind: 'point', x: 9, y: 9 } });
    const out = await call<Region[]>(s, 'annotations.updateMany', {
      changes: [
        { id: a.id, classId: organ, shape: { kind: 'box', x: 11, y: 1, w: 5, h: 5 } },
        { id: b.id, classId: organ },
      ],
    });
    expect(out.map((r) => r.classId)).toEqual([organ, organ]);
    // A change that would not fit refuses the whole call, before anything is written.
    await expect(
      call(s, 'annotations.updateMany', { changes: [{ id: a.id, classId: lesion }, { id: b.id, shape: { kind: 'point', x: -5, y: 1 } }] }),
    ).rejects.toMatchObject({ code: 'BAD_PARAMS' });
    expect((await call<RegionList>(s, 'annotations.list', { imageId: plain })).regions.map((r) => r.classId)).toEqual([organ, organ]);
    expect(await call(s, 'labels.undo', {})).toMatchObject({ applied: true, kind: 'annotations.update' });
    const list = await call<RegionList>(s, 'annotations.list', { imageId: plain });
    expect(list.regions.map((r) => [r.classId, r.shape])).toEqual([
      [lesion, { kind: 'box', x: 1, y: 1, w: 5, h: 5 }],
      [lesion, { kind: 'point', x: 9, y: 9 }],
    ]);
  });

  it('skips, on undo, a region whose class was deleted since', async () => {
    const { s, plain, lesion, organ } = await setup();
    const box = await call<Region>(s, 'annotations.create', { imageId: plain, classId: lesion, shape: { kind: 'box', x: 1, y: 1, w: 5, h: 5 } });
    await call(s, 'annotations.update', { id: box.id, classId: organ });
    await call(s, 'classes.delete', { id: lesion, confirm: true });
    // Undoing the class change would point the box at a class that is gone: nothing breaks.
    expect((await call<{ applied: boolean }>(s, 'labels.undo', {})).applied).toBe(true);
    expect((await call<RegionList>(s, 'annotations.list', { imageId: plain })).regions.map((r) => r.classId)).toEqual([organ]);
  });

  it('refuses an archived class and an unknown image', async () => {
    const { s, plain, lesion } = await setup();
    await call(s, 'classes.archive', { id: lesion, archived: true });
    await expect(call(s, 'annotations.create', { imageId: plain, classId: lesion, shape: { kind: 'point', x: 1, y: 1 } })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(call(s, 'annotations.list', { imageId: 99999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
