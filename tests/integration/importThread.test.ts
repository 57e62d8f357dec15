import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src-main/api/acquire.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { storePath } from '../../src-main/store/openStore.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';
import { codeOf } from '../helpers/tempSession.js';

/**
 * An import writes from its own thread, through its own connection to the store: a commit (an
 * fsync) never holds up the thread that answers calls, and the import goes on writing while that
 * thread is busy. Cancelling it, or a store whose working files were replaced, stops it as before.
 */

const call = <T>(s: Session, m: string, p: unknown) => dispatch(s, m, p) as Promise<T>;
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A dataset open in a session, and a COCO file of `polygons` 24-vertex polygons over 4 images outside it. */
async function datasetAndSource(polygons: number): Promise<{ s: Session; dir: string; file: string }> {
  const t = tempDir('lightbox-import-thread-');
  cleanups.push(t.cleanup);
  const dir = path.join(t.dir, 'ds');
  const src = path.join(t.dir, 'src');
  fs.mkdirSync(dir);
  fs.mkdirSync(src);
  const images = [0, 1, 2, 3].map((i) => ({ id: i + 1, file_name: `img${i}.png`, width: 320, height: 240 }));
  for (const [i, c] of ['#ff0000', '#00ff00', '#0000ff', '#ffff00'].entries()) await writeImage(path.join(src, `img${i}.png`), { width: 320, height: 240, color: c, format: 'png' });
  const annotations = Array.from({ length: polygons }, (_, n) => {
    const cx = 40 + (n % 240);
    const cy = 40 + ((n * 7) % 160);
    const seg: number[] = [];
    for (let v = 0; v < 24; v++) seg.push(+(cx + 20 * Math.cos((2 * Math.PI * v) / 24)).toFixed(2), +(cy + 20 * Math.sin((2 * Math.PI * v) / 24)).toFixed(2));
    return { id: n + 1, image_id: 1 + (n % 4), category_id: 1, iscrowd: 0, segmentation: [seg] };
  });
  const file = path.join(src, 'instances.json');
  fs.writeFileSync(file, JSON.stringify({ images, annotations, categories: [{ id: 1, name: 'lesion' }] }));
  const s = new Session({}, path.join(t.dir, 'home'));
  cleanups.unshift(() => s.close());
  await dispatch(s, 'datasets.open', { path: dir });
  return { s, dir, file };
}

/** Regions in the store, read through a connection of the test's own (not the session's). */
function storedRegions(dir: string): () => number {
  const db = new Database(storePath(dir), { readonly: true });
  cleanups.unshift(() => db.close());
  const stmt = db.prepare(`SELECT COUNT(*) FROM annotations WHERE kind <> 'tag' AND deleted = 0`).pluck();
  return () => stmt.get() as number;
}

async function until(what: string, ok: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('an import writes from its own thread', () => {
  it('goes on writing regions while the thread that answers calls is busy', async () => {
    const { s, dir, file } = await datasetAndSource(12_000);
    const regions = storedRegions(dir);
    const { jobId } = await call<{ jobId: string }>(s, 'acquire.importLabeled', { format: 'coco', from: file });
    await until('the first regions to be written', () => regions() > 0);
    const before = regions();
    // Keep this thread busy (no turn of its event loop) and watch the store from another connection.
    const deadline = Date.now() + 30_000;
    let during = before;
    while (during === before && Date.now() < deadline) during = regions();
    expect(during).toBeGreaterThan(before);
    const summary = (await s.jobs.wait(jobId)) as ImportSummary;
    expect(summary.labeled).toBe(12_000);
    expect(regions()).toBe(12_000);
    // The whole import is still one undoable command.
    expect(await call(s, 'labels.undo', {})).toMatchObject({ applied: true, kind: 'annotations.import' });
    expect(regions()).toBe(0);
  });

  it('cancelled while writing, it stops with the job, and running it again completes it without duplicates', async () => {
    const { s, dir, file } = await datasetAndSource(12_000);
    const regions = storedRegions(dir);
    const { jobId } = await call<{ jobId: string }>(s, 'acquire.importLabeled', { format: 'coco', from: file });
    await until('the first regions to be written', () => regions() > 0);
    await call(s, 'jobs.cancel', { id: jobId });
    await expect(s.jobs.wait(jobId)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(s.jobs.get(jobId).state).toBe('cancelled');
    const atCancel = regions();
    expect(atCancel).toBeLessThan(12_000);
    const { jobId: again } = await call<{ jobId: string }>(s, 'acquire.importLabeled', { format: 'coco', from: file });
    const summary = (await s.jobs.wait(again)) as ImportSummary;
    expect(summary.resumed).toBe(true);
    expect(summary.labeled).toBe(12_000 - atCancel);
    expect(regions()).toBe(12_000);
  });

  it('refuses to start writing into a store whose -shm was deleted, and writes nothing', async () => {
    const { s, dir, file } = await datasetAndSource(100);
    await call(s, 'classes.add', { name: 'cat' }); // the session has written: its working files exist
    fs.rmSync(`${storePath(dir)}-shm`);
    const started = await codeOf(call(s, 'acquire.importLabeled', { format: 'coco', from: file }));
    expect(started.code).toBe('STORE_REPLACED');
    s.close();
    const db = new Database(storePath(dir), { readonly: true });
    try {
      expect(db.prepare(`SELECT COUNT(*) FROM annotations`).pluck().get()).toBe(0);
      expect(db.prepare(`SELECT COUNT(*) FROM imports`).pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
