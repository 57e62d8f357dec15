import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClassRow, ImageRow, Stats } from '../../src-main/api/index.js';
import { startScan } from '../../src-main/services/datasetsService.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { readDerived } from '../../src-main/services/fileAccess.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

/**
 * What a new user tripped on (issue 15), through the contract: one definition per count, a status
 * that follows labeling, unreadable files kept out of labels and splits, thumbnails whose address
 * changes with their content, and a split preview.
 */

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const call = <T>(s: Session, method: string, params: unknown) => dispatch(s, method as never, params as never) as Promise<T>;

async function dataset(readable: number, broken = 1) {
  const { dir, cleanup } = tempDir();
  const s = new Session({}, path.join(dir, '.home'));
  cleanups.push(cleanup, () => s.close());
  for (let i = 0; i < readable; i++) await writeImage(path.join(dir, `img-${String(i).padStart(2, '0')}.png`), { width: 40, height: 30 });
  for (let i = 0; i < broken; i++) fs.writeFileSync(path.join(dir, `broken-${i}.jpg`), Buffer.from('not a jpeg at all, only text'));
  s.open(dir);
  await startScan(s, false).promise;
  const all = (await call<{ items: ImageRow[] }>(s, 'images.list', { limit: 1000 })).items;
  const good = all.filter((r) => !r.error).map((r) => r.id);
  const bad = all.filter((r) => r.error).map((r) => r.id);
  const cat = (await call<ClassRow>(s, 'classes.add', { name: 'cat' })).id;
  const dog = (await call<ClassRow>(s, 'classes.add', { name: 'dog' })).id;
  return { dir, s, good, bad, cat, dog };
}

const stats = (s: Session) => call<Stats>(s, 'datasets.stats', {});
const classes = (s: Session) => call<ClassRow[]>(s, 'classes.list', {});

describe('counts agree (finding 1)', () => {
  it('images with a class and regions per class are the same numbers in classes.list and datasets.stats', async () => {
    const { s, good, cat, dog } = await dataset(6);
    for (const id of good.slice(0, 3)) await call(s, 'labels.set', { imageId: id, classId: cat });
    await call(s, 'labels.set', { imageId: good[3]!, classId: dog });
    // Two boxes of cat on an image tagged dog, one on an image with no tag.
    await call(s, 'annotations.create', { imageId: good[3]!, classId: cat, shape: { kind: 'box', x: 1, y: 1, w: 5, h: 5 } });
    await call(s, 'annotations.create', { imageId: good[3]!, classId: cat, shape: { kind: 'box', x: 10, y: 10, w: 5, h: 5 } });
    await call(s, 'annotations.create', { imageId: good[4]!, classId: cat, shape: { kind: 'box', x: 1, y: 1, w: 5, h: 5 } });

    const st = await stats(s);
    const perClass = Object.fromEntries(st.perClass.map((c) => [c.name, { images: c.images, regions: c.regions }]));
    expect(perClass).toEqual({ cat: { images: 3, regions: 3 }, dog: { images: 1, regions: 0 } });
    const list = Object.fromEntries((await classes(s)).map((c) => [c.name, { images: c.images, regions: c.regions }]));
    expect(list).toEqual(perClass);
    expect(st.labeled).toBe(5); // four tagged, one with a region only
  });

  it('labeling in single-label mode makes an image done, undo puts it back, and Stats agrees with the library', async () => {
    const { s, good, cat } = await dataset(4);
    await call(s, 'labels.set', { imageId: good[0]!, classId: cat });
    await call(s, 'labels.set', { imageId: good[1]!, classId: cat });
    expect((await call<ImageRow>(s, 'images.get', { id: good[0]! })).status).toBe('done');
    let st = await stats(s);
    expect(st.labeled).toBe(2);
    expect(st.byStatus).toEqual({ todo: 2, done: 2, skipped: 0 });
    const doneIds = (await call<{ ids: number[] }>(s, 'images.ids', { filter: { status: 'done' } })).ids;
    expect(doneIds.sort()).toEqual([good[0], good[1]].sort());

    await call(s, 'labels.undo', {});
    st = await stats(s);
    expect(st.labeled).toBe(1);
    expect(st.byStatus.done).toBe(1);
    expect((await call<ImageRow>(s, 'images.get', { id: good[1]! })).status).toBe('todo');

    // Clearing the label of an image that labeling made done makes it to do again.
    await call(s, 'labels.clear', { imageId: good[0]! });
    expect((await call<ImageRow>(s, 'images.get', { id: good[0]! })).status).toBe('todo');
  });

  it('the user can turn auto-done off: labeling then leaves the status alone', async () => {
    const { s, good, cat } = await dataset(2);
    await call(s, 'settings.set', { key: 'autoDone', value: false });
    await call(s, 'labels.set', { imageId: good[0]!, classId: cat });
    expect((await call<ImageRow>(s, 'images.get', { id: good[0]! })).status).toBe('todo');
  });

  it('multi-label mode does not mark an image done: the user does', async () => {
    const { s, good, cat } = await dataset(2);
    await call(s, 'labels.setMode', { mode: 'multi' });
    await call(s, 'labels.toggle', { imageId: good[0]!, classId: cat });
    expect((await call<ImageRow>(s, 'images.get', { id: good[0]! })).status).toBe('todo');
  });

  it('labeled per hour counts the images labeled now: an undo takes one away', async () => {
    const { s, good, cat, dog } = await dataset(4);
    for (const id of good.slice(0, 3)) await call(s, 'labels.set', { imageId: id, classId: cat });
    expect((await stats(s)).annotator.lastHour).toBe(3);
    await call(s, 'labels.undo', {});
    expect((await stats(s)).annotator.lastHour).toBe(2);
    // Relabeling an image does not count it twice.
    await call(s, 'labels.set', { imageId: good[0]!, classId: dog });
    expect((await stats(s)).annotator.lastHour).toBe(2);
  });
});

describe('unreadable files cannot be labeled (finding 2)', () => {
  it('labels.set, labels.toggle and annotations.create refuse an unreadable image with a message saying why', async () => {
    const { s, bad, cat } = await dataset(2);
    const broken = bad[0]!;
    await expect(call(s, 'labels.set', { imageId: broken, classId: cat })).rejects.toMatchObject({
      code: 'UNREADABLE',
      message: expect.stringMatching(/broken-0\.jpg.*could not be read.*cannot be labeled/),
    });
    await call(s, 'labels.setMode', { mode: 'multi' });
    await expect(call(s, 'labels.toggle', { imageId: broken, classId: cat })).rejects.toMatchObject({ code: 'UNREADABLE' });
    await expect(call(s, 'annotations.create', { imageId: broken, classId: cat, shape: { kind: 'box', x: 0, y: 0, w: 1, h: 1 } })).rejects.toMatchObject({
      code: 'UNREADABLE',
    });
    const st = await stats(s);
    expect(st.labeled).toBe(0);
  });

  it('labels.bulkSet labels the readable images of a selection and leaves the unreadable ones out, saying how many', async () => {
    const { s, good, bad, cat } = await dataset(3, 2);
    const r = await call<{ changed: number; unreadable: number }>(s, 'labels.bulkSet', { imageIds: [...good, ...bad], classId: cat });
    expect(r).toEqual({ changed: 3, unreadable: 2 });
    for (const id of bad) expect((await call<ImageRow>(s, 'images.get', { id })).tags).toEqual([]);
    await expect(call(s, 'labels.bulkSet', { imageIds: bad, classId: cat })).rejects.toMatchObject({ code: 'UNREADABLE' });
  });
});

describe('splits (finding 5)', () => {
  it('images.planSplits previews per class × split counts of labeled images without writing, and warns of a class missing from val or test', async () => {
    const { s, good, cat, dog } = await dataset(14);
    for (const id of good.slice(0, 10)) await call(s, 'labels.set', { imageId: id, classId: cat });
    await call(s, 'labels.set', { imageId: good[10]!, classId: dog });
    const plan = await call<{
      total: { train: number; val: number; test: number };
      perClass: { classId: number; name: string; train: number; val: number; test: number }[];
      missing: { classId: number; name: string; splits: string[] }[];
      left: number;
    }>(s, 'images.planSplits', { ratios: [0.8, 0.1, 0.1], seed: 1 });
    expect(plan.total).toEqual({ train: 9, val: 1, test: 1 });
    expect(plan.perClass.find((c) => c.name === 'cat')).toMatchObject({ train: 8, val: 1, test: 1 });
    expect(plan.perClass.find((c) => c.name === 'dog')).toMatchObject({ train: 1, val: 0, test: 0 });
    expect(plan.missing).toEqual([{ classId: dog, name: 'dog', splits: ['val', 'test'] }]);
    expect(plan.left).toBe(3); // the unlabeled readable images; the unreadable file is not counted
    // Nothing was written.
    expect((await stats(s)).perSplit).toEqual({ train: 0, val: 0, test: 0, none: 14 });

    const counts = await call<Record<string, number>>(s, 'images.assignSplits', { ratios: [0.8, 0.1, 0.1], seed: 1 });
    expect(counts).toEqual(plan.total);
    const st = await stats(s);
    expect(st.perSplit).toEqual({ train: 9, val: 1, test: 1, none: 3 });
  });

  it('unreadable images never get a split, even with "all images"', async () => {
    const { s, bad } = await dataset(4, 2);
    await call(s, 'images.assignSplits', { ratios: [0.5, 0.25, 0.25], seed: 3, labeledOnly: false });
    for (const id of bad) expect((await call<ImageRow>(s, 'images.get', { id })).split).toBeNull();
    await call(s, 'images.setSplit', { ids: bad, split: 'train' });
    for (const id of bad) expect((await call<ImageRow>(s, 'images.get', { id })).split).toBeNull();
    const st = await stats(s);
    expect(st.perSplit.train + st.perSplit.val + st.perSplit.test).toBe(4);
  });
});

describe('thumbnail addresses follow the content (finding 3)', () => {
  it('an image row carries a content version that changes when the file is replaced, and only a versioned address is cached long', async () => {
    const { dir, s, good } = await dataset(1, 0);
    const before = await call<ImageRow>(s, 'images.get', { id: good[0]! });
    expect(before.version).toMatch(/^[0-9a-f]{12}$/);
    const fresh = await readDerived(s, good[0]!, 'thumbs', before.version!);
    expect(fresh.headers['Cache-Control']).toMatch(/max-age=31536000/);
    const plain = await readDerived(s, good[0]!, 'thumbs');
    expect(plain.headers['Cache-Control']).toMatch(/no-cache/);

    await writeImage(path.join(dir, 'img-00.png'), { width: 40, height: 30, color: '#ff0000' });
    await startScan(s, false).promise;
    const after = await call<ImageRow>(s, 'images.get', { id: good[0]! });
    expect(after.version).not.toBe(before.version);
    // The old address is not cached long any more: it names content the file no longer has.
    const stale = await readDerived(s, good[0]!, 'thumbs', before.version!);
    expect(stale.headers['Cache-Control']).toMatch(/no-cache/);
  });
});
