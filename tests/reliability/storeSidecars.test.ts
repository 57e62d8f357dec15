import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { storePath } from '../../src-main/store/openStore.js';
import { bundleCli, repoRoot } from '../helpers/childProcess.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';
import { codeOf } from '../helpers/tempSession.js';

/**
 * A sync or clean-up tool deletes the store's `-shm` or cuts its `-wal` short while `serve` (or
 * the app) has the dataset open. SQLite would go on writing into files no other process sees, or
 * over commits that are gone, and acknowledge every label. Lightbox notices, stops writing, says
 * how to recover, and acknowledges nothing more; the store reopens intact.
 */

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

let cli: string;
beforeAll(async () => {
  cli = await bundleCli();
});


/** A dataset of three images with one class, open in a session, the first image labeled. */
async function labeledDataset(): Promise<{ s: Session; dir: string; ids: number[]; classId: number }> {
  const { dir, cleanup } = tempDir('lightbox-sidecars-');
  cleanups.push(cleanup);
  for (const [i, c] of ['#ff0000', '#00ff00', '#0000ff'].entries()) await writeImage(path.join(dir, `img${i}.png`), { color: c, format: 'png' });
  const s = new Session({}, path.join(dir, '.home'));
  cleanups.unshift(() => s.close());
  await dispatch(s, 'datasets.open', { path: dir });
  const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
  await s.jobs.wait(jobId);
  const { id: classId } = (await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number };
  const { ids } = (await dispatch(s, 'images.ids', {})) as { ids: number[] };
  await dispatch(s, 'labels.set', { imageId: ids[0]!, classId });
  return { s, dir, ids, classId };
}

/** Integrity and the labeled images of the store as a fresh open finds it. */
function reopened(dir: string): { integrity: string; labeled: string[] } {
  const db = new Database(storePath(dir));
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const labeled = (
      db.prepare(`SELECT i.path FROM images i JOIN annotations a ON a.image_id = i.id WHERE a.deleted = 0 ORDER BY i.path`).all() as { path: string }[]
    ).map((r) => r.path);
    return { integrity, labeled };
  } finally {
    db.close();
  }
}

async function expectRefused(s: Session, ids: number[], classId: number): Promise<void> {
  const label = await codeOf(dispatch(s, 'labels.set', { imageId: ids[1]!, classId }));
  expect(label.code).toBe('STORE_REPLACED');
  expect(label.message).toMatch(/nothing changed after this point was saved.*open the dataset again/);
  // Once noticed, it stays refused: reads too, and other kinds of write.
  expect((await codeOf(dispatch(s, 'labels.set', { imageId: ids[2]!, classId }))).code).toBe('STORE_REPLACED');
  expect((await codeOf(dispatch(s, 'classes.add', { name: 'dog' }))).code).toBe('STORE_REPLACED');
  expect((await codeOf(dispatch(s, 'images.list', {}))).code).toBe('STORE_REPLACED');
}

describe('the store working files changed under an open dataset', () => {
  it('refuses to write once its -shm is deleted, and the store reopens intact', async () => {
    const { s, dir, ids, classId } = await labeledDataset();
    fs.rmSync(`${storePath(dir)}-shm`);
    await expectRefused(s, ids, classId);
    s.close();
    expect(reopened(dir)).toEqual({ integrity: 'ok', labeled: ['img0.png'] });
  });

  it('refuses to write once its -wal is cut short, and the store reopens intact', async () => {
    const { s, dir, ids, classId } = await labeledDataset();
    // Another program checkpoints (img0's label reaches the store file), then a label goes into the -wal.
    const other = new Database(storePath(dir));
    other.pragma('wal_checkpoint(PASSIVE)');
    other.close();
    await dispatch(s, 'labels.set', { imageId: ids[2]!, classId });
    fs.truncateSync(`${storePath(dir)}-wal`, 0);
    await expectRefused(s, ids, classId);
    s.close();
    // The commit the tool cut away (img2's label) is gone; what is left is sound.
    expect(reopened(dir)).toEqual({ integrity: 'ok', labeled: ['img0.png'] });
  });

  it('refuses to write when another program opened the store and labeled after the -shm was deleted', async () => {
    const { s, dir, ids, classId } = await labeledDataset();
    fs.rmSync(`${storePath(dir)}-shm`);
    // The CLI opens the store afresh (it makes a new -shm), labels, and closes. What it wrote is at
    // SQLite's mercy (the two processes no longer share an index of the -wal); what must not happen
    // is this session writing on as if nothing happened, or its closing damaging the store.
    execFileSync(process.execPath, [cli, 'label', dir, 'img2.png', '--class', 'cat'], { cwd: repoRoot, stdio: 'pipe' });
    await expectRefused(s, ids, classId);
    s.close();
    const after = reopened(dir);
    expect(after.integrity).toBe('ok');
    expect(after.labeled).toContain('img0.png');
    expect(after.labeled).not.toContain('img1.png');
  });
});
