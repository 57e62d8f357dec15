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
