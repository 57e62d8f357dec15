import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSummary, Stats } from '../../src-main/api/datasets.js';
import type { ImageRow } from '../../src-main/api/images.js';
import type { JobInfo } from '../../src-main/api/jobs.js';
import { scanDataset } from '../../src-main/dataset/scan.js';
import { thumbPath } from '../../src-main/imaging/thumbnails.js';
import { openStore } from '../../src-main/store/openStore.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { pngDeclaring } from '../helpers/craftedImages.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

async function scan(s: Session): Promise<{ summary: ScanSummary; progress: JobInfo[] }> {
  const progress: JobInfo[] = [];
  const off = s.onEvent((name, payload) => {
    if (name === 'job.progress') progress.push(payload as JobInfo);
  });
  const { jobId } = (await dispatch(s, 'datasets.scan', {})) as { jobId: string };
  const summary = (await s.jobs.wait(jobId)) as ScanSummary;
  off();
  return { summary, progress };
}

async function all(s: Session): Promise<Map<string, ImageRow>> {
  const list = (await dispatch(s, 'images.list', { limit: 5000 })) as { items: ImageRow[] };
  return new Map(list.items.map((i) => [i.path, i]));
}

/** Stored left half red, right half blue; EXIF orientation 6 shows it turned 90° clockwise. */
async function writeRotatedJpeg(file: string): Promise<void> {
  const red = await sharp({ create: { width: 200, height: 300, channels: 3, background: '#ff0000' } }).png().toBuffer();
  const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#0000ff' } })
    .composite([{ input: red, left: 0, top: 0 }])
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
  fs.writeFileSync(file, jpeg);
}

const GOOD = ['a.jpg', 'b.png', 'c.webp', 'd.tiff', 'e.gif', 'nested/deeper/still/f.jpg', '中文/猫.jpg', 'café é.png', '🐱 emoji.jpg', 'rotated.jpg', 'move-me.jpg'];
const BAD = {
  'truncated.jpg': /truncated|damaged/,
  'empty.jpg': /empty/,
  'text.jpg': /not a supported image format/,
  'huge.png': /too large/,
};

describe('scanning a dataset folder', () => {
  let dir: string;
  let cleanup: () => void;
  let s: Session;
  let first: ScanSummary;
  let firstProgress: JobInfo[];

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    const p = (rel: string) => path.join(dir, rel);
    await writeImage(p('a.jpg'), { width: 640, height: 480 });
    await writeImage(p('b.png'), { width: 300, height: 200, color: '#22aa22' });
    await writeImage(p('c.webp'), { width: 120, height: 90 });
    await writeImage(p('d.tiff'), { width: 100, height: 100 });
    await writeImage(p('e.gif'), { width: 50, height: 40 });
    await writeImage(p('nested/deeper/still/f.jpg'), { width: 33, height: 44, color: '#abcdef' });
    await writeImage(p('中文/猫.jpg'), { color: '#111111' });
    await writeImage(p('café é.png'), { color: '#222222' });
    await writeImage(p('🐱 emoji.jpg'), { color: '#333333' });
    await writeRotatedJpeg(p('rotated.jpg'));
    await writeImage(p('move-me.jpg'), { width: 80, height: 60, color: '#777777' });
    const full = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#ff8800' } }).jpeg().toBuffer();
    fs.writeFileSync(p('truncated.jpg'), full.subarray(0, Math.floor(full.length / 2)));
    fs.writeFileSync(p('empty.jpg'), '');
    fs.writeFileSync(p('text.jpg'), 'This is a text file, not a picture.\n');
    fs.writeFileSync(p('huge.png'), pngDeclaring(50_000, 50_000));
    // Ignored: hidden folders, hidden files, the store's own folder, files that are not images.
    await writeImage(p('.hidden/secret.jpg'));
    await writeImage(p('.dotfile.jpg'));
    await writeImage(p('.lightbox/cache/not-a-dataset-image.jpg'));
    fs.writeFileSync(p('notes.txt'), 'hello');

    s = new Session({}, p('.home'));
    await dispatch(s, 'datasets.open', { path: dir });
    ({ summary: first, progress: firstProgress } = await scan(s));
  });
  afterAll(() => {
    s?.close();
    cleanup?.();
  });

  it('indexes every image, nested and with non-ASCII names, and skips hidden folders and .lightbox', async () => {
    const rows = await all(s);
    expect([...rows.keys()].sort()).toEqual([...GOOD, ...Object.keys(BAD)].sort());
    expect(first.total).toBe(GOOD.length + Object.keys(BAD).length);
    expect(first.added).toBe(first.total);
    expect(rows.get('a.jpg')).toMatchObject({ width: 640, height: 480, format: 'jpeg', error: null });
    expect(rows.get('c.webp')).toMatchObject({ width: 120, height: 90, format: 'webp', error: null });
    expect(rows.get('d.tiff')).toMatchObject({ format: 'tiff', error: null });
    expect(rows.get('e.gif')).toMatchObject({ format: 'gif', error: null });
    expect(rows.get('nested/deeper/still/f.jpg')).toMatchObject({ width: 33, height: 44 });
    for (const name of ['中文/猫.jpg', 'café é.png', '🐱 emoji.jpg']) expect(rows.get(name)?.error).toBeNull();
  });

  it('records unreadable files with a reason a person can read, and the scan goes on', async () => {
    const rows = await all(s);
    for (const [name, reason] of Object.entries(BAD)) {
      expect(rows.get(name)?.error, name).toMatch(reason);
      // Only the truncated JPEG has a readable header; the others have no size at all.
      if (name !== 'truncated.jpg') expect(rows.get(name)?.width ?? null, name).toBeNull();
    }
    const stats = (await dispatch(s, 'datasets.stats', {})) as Stats;
    expect(stats.images).toBe(GOOD.length + Object.keys(BAD).length);
    expect(stats.readable).toBe(GOOD.length);
    expect(stats.unreadable.map((u) => u.path).sort()).toEqual(Object.keys(BAD).sort());
    expect(first.unreadable).toBe(Object.keys(BAD).length);
  });

  it('refuses the PNG declaring 50000×50000 from its header, without decoding it', async () => {
    const row = (await all(s)).get('huge.png')!;
    // "too large" (not "truncated"): the refusal came from the declared size, since the file's
    // data would fail to decode. No thumbnail was attempted either.
    expect(row.error).toMatch(/too large to decode safely/);
    const db = s.require().db;
    const { sha256 } = db.prepare('SELECT sha256 FROM images WHERE path = ?').get('huge.png') as { sha256: string };
    expect(fs.existsSync(thumbPath(s.require().root, sha256))).toBe(false);
  });

  it('stores the upright size of an EXIF-rotated JPEG and makes its thumbnail upright', async () => {
    const row = (await all(s)).get('rotated.jpg')!;
    expect(row).toMatchObject({ width: 300, height: 400, error: null });
    const db = s.require().db;
    const { sha256, orientation } = db.prepare('SELECT sha256, orientation FROM images WHERE path = ?').get('rotated.jpg') as { sha256: string; orientation: number };
    expect(orientation).toBe(6);
    const { data, info } = await sharp(thumbPath(s.require().root, sha256)).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([192, 256]);
    // Turned clockwise, the stored left (red) half is on top and the right (blue) half below.
    const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    const [tr, , tb] = px(96, 30);
    const [br, , bb] = px(96, 226);
    expect(tr).toBeGreaterThan(200);
    expect(tb).toBeLessThan(60);
    expect(bb).toBeGreaterThan(200);
    expect(br).toBeLessThan(60);
  });

  it('makes a thumbnail of at most 256 px for every readable image, with progress events', async () => {
    const db = s.require().db;
    const rows = db.prepare('SELECT path, sha256, width, height FROM images WHERE error IS NULL').all() as { path: string; sha256: string; width: number; height: number }[];
    expect(rows).toHaveLength(GOOD.length);
    for (const r of rows) {
      const file = thumbPath(s.require().root, r.sha256);
      expect(fs.existsSync(file), r.path).toBe(true);
      const m = await sharp(file).metadata();
      expect(Math.max(m.width!, m.height!), r.path).toBeLessThanOrEqual(256);
      // Same shape as the upright image (within rounding).
      expect(Math.abs(m.width! / m.height! - r.width / r.height), r.path).toBeLessThan(0.05);
    }
    expect(firstProgress.length).toBeGreaterThan(1);
    const last = firstProgress[firstProgress.length - 1]!;
    expect(last.state).toBe('done');
    expect(last.done).toBe(last.total);
    expect(last.total).toBeGreaterThan(0);
  });

  it('finds new, changed, removed and moved files on a rescan; a moved file keeps its labels', async () => {
    const before = await all(s);
    const cat = (await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number };
    const moving = before.get('move-me.jpg')!;
    await dispatch(s, 'labels.set', { imageId: moving.id, classId: cat.id });

    const p = (rel: string) => path.join(dir, rel);
    await writeImage(p('new/added.png'), { width: 20, height: 10, color: '#010203' });
    await writeImage(p('b.png'), { width: 30, height: 90, color: '#445566' }); // changed content and size
    fs.rmSync(p('c.webp'));
    fs.mkdirSync(p('elsewhere'));
    fs.renameSync(p('move-me.jpg'), p('elsewhere/moved.jpg'));

    const { summary } = await scan(s);
    expect(summary).toMatchObject({ added: 1, changed: 1, removed: 1, moved: 1 });

    const after = await all(s);
    expect(after.has('new/added.png')).toBe(true);
    expect(after.get('b.png')).toMatchObject({ id: before.get('b.png')!.id, width: 30, height: 90 });
    expect(after.has('c.webp')).toBe(false); // flagged missing: out of the list, labels kept in the store
    expect(after.has('move-me.jpg')).toBe(false);
    expect(after.get('elsewhere/moved.jpg')).toMatchObject({ id: moving.id, tags: [cat.id] });
    const stats = (await dispatch(s, 'datasets.stats', {})) as Stats;
    expect(stats.missing).toBe(1);
    expect(stats.perClass.find((c) => c.classId === cat.id)?.count).toBe(1);

    // A file that comes back under its old path is found again, as the same row.
    await writeImage(p('c.webp'), { width: 120, height: 90 });
    const { summary: again } = await scan(s);
    expect(again.moved + again.changed).toBe(1);
    expect((await all(s)).get('c.webp')?.id).toBe(before.get('c.webp')!.id);
  });
});

describe('files that change under a running scan', () => {
  it('goes on when files are deleted after the folder was listed, and flags a known one missing', async () => {
    const { dir, cleanup } = tempDir();
    try {
      for (let i = 0; i < 10; i++) await writeImage(path.join(dir, `f${i}.png`), { color: `#0000${String(i).padStart(2, '0')}` });
      const db = openStore(dir);
      const quiet = (onFirstProgress: () => void) => {
        let first = true;
        return {
          signal: new AbortController().signal,
          checkCancelled: () => undefined,
          // The first progress report comes after the folder is listed, before any file is read.
          progress: () => {
            if (first) onFirstProgress();
            first = false;
          },
        };
      };
      const s1 = await scanDataset(dir, db, quiet(() => ['f3.png', 'f7.png'].forEach((f) => fs.rmSync(path.join(dir, f)))));
      expect(s1).toMatchObject({ added: 8, total: 8 });
      expect((db.prepare('SELECT path FROM images ORDER BY path').all() as { path: string }[]).map((r) => r.path)).toEqual(
        ['f0.png', 'f1.png', 'f2.png', 'f4.png', 'f5.png', 'f6.png', 'f8.png', 'f9.png'],
      );
      // A known, changed file deleted mid-rescan: flagged missing, labels kept, nothing marked damaged.
      await writeImage(path.join(dir, 'f1.png'), { width: 10, height: 10, color: '#abcdef' });
      const s2 = await scanDataset(dir, db, quiet(() => fs.rmSync(path.join(dir, 'f1.png'))));
      expect(s2.removed).toBe(1);
      expect(db.prepare(`SELECT missing, error FROM images WHERE path = 'f1.png'`).get()).toEqual({ missing: 1, error: null });
      expect(db.prepare('SELECT COUNT(*) AS n FROM images WHERE error IS NOT NULL').get()).toEqual({ n: 0 });
      db.close();
    } finally {
      cleanup();
    }
  });
});
