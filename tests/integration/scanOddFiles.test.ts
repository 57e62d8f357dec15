import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { walkImages } from '../../src-main/dataset/walk.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

describe('hidden partial copies left by a killed import or download', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('are removed by the next scan, unless the process writing them is still running', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    await writeImage(path.join(dir, 'imported', 'a.jpg'));
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stale = path.join(dir, 'imported', `.b.jpg.${dead}.lx3k2.part`);
    const live = path.join(dir, 'downloads', `.c.jpg.${process.pid}.lx3k9.part`);
    const other = path.join(dir, 'imported', '.notes.txt');
    for (const f of [stale, live, other]) {
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, 'half');
    }
    expect(walkImages(dir).map((f) => f.rel)).toEqual(['imported/a.jpg']);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    expect(fs.existsSync(other)).toBe(true);
  });
});

describe('a file whose name is not valid UTF-8', () => {
  it('is listed as unreadable with what to do, instead of being left out without a word', async () => {
    const { dir, cleanup } = tempDir();
    try {
      await writeImage(path.join(dir, 'ok.jpg'));
      // "的.jpg" in GBK, as a zip made on Chinese Windows unpacks it (not valid UTF-8).
      fs.writeFileSync(Buffer.concat([Buffer.from(dir + '/'), Buffer.from([0xb5, 0xc4]), Buffer.from('.jpg')]), fs.readFileSync(path.join(dir, 'ok.jpg')));
      const { scanDataset } = await import('../../src-main/dataset/scan.js');
      const { openStore } = await import('../../src-main/store/openStore.js');
      const db = openStore(dir);
      try {
        const job = { signal: new AbortController().signal, progress: () => undefined, checkCancelled: () => undefined };
        const summary = await scanDataset(dir, db, job, { thumbnails: false });
        expect(summary.total).toBe(2);
        const rows = db.prepare('SELECT path, error FROM images ORDER BY path').all() as { path: string; error: string | null }[];
        expect(rows).toHaveLength(2);
        expect(rows.find((r) => r.path === 'ok.jpg')?.error).toBeNull();
        expect(rows.find((r) => r.path !== 'ok.jpg')?.error).toMatch(/not valid UTF-8.*rename/);
      } finally {
        db.close();
      }
    } finally {
      cleanup();
    }
  });
});
