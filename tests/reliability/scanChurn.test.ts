import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImageRow } from '../../src-main/api/images.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import type { Session } from '../../src-main/services/Session.js';
import { bundleCli, collectStderr, exited, forkChild } from '../helpers/childProcess.js';
import { writeImage } from '../helpers/tempDataset.js';
import { openTempDataset } from '../helpers/tempSession.js';

/**
 * Files are moved while scans run: the watcher of `serve` and a CLI scan in another process index
 * the same folder while a person (or a sync tool) reorganises it. Whatever the timing, a moved
 * file keeps its labels: the image at its new path carries them, and no unlabeled twin appears.
 */

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

async function scan(s: Session): Promise<void> {
  const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
  await s.jobs.wait(jobId);
}

async function live(s: Session): Promise<ImageRow[]> {
  return ((await dispatch(s, 'images.list', { limit: 5000 })) as { items: ImageRow[] }).items;
}

/** Distinct content per index (colour and size), so every file has its own hash. */
async function writeNumbered(file: string, i: number): Promise<void> {
  await writeImage(file, { width: 8 + (i % 7), height: 8 + Math.floor(i / 7), color: `#${((i * 2654435761) >>> 8).toString(16).padStart(6, '0').slice(-6)}`, format: 'png' });
}

describe('a labeled file moved while the folder is being scanned', () => {
  it('keeps its labels when the walk lists it at both its old and its new path', async () => {
    const { s, dir } = openTempDataset(cleanups);
    await writeNumbered(path.join(dir, 'a', 'x.png'), 1);
    fs.mkdirSync(path.join(dir, 'b'));
    await scan(s);
    const cat = (await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number };
    const [img] = await live(s);
    await dispatch(s, 'labels.set', { imageId: img!.id, classId: cat.id });

    // The walk has listed a/ (x.png in it) when the file is moved into b/, which it lists next.
    const readdir = fs.readdirSync;
    const spy = vi.spyOn(fs, 'readdirSync').mockImplementation(((p: fs.PathLike, o?: unknown) => {
      if (String(p) === fs.realpathSync(path.join(dir, 'b')) && fs.existsSync(path.join(dir, 'a', 'x.png'))) {
        fs.renameSync(path.join(dir, 'a', 'x.png'), path.join(dir, 'b', 'x.png'));
      }
      return readdir(p, o as never);
    }) as typeof fs.readdirSync);
    try {
      await scan(s);
    } finally {
      spy.mockRestore();
    }
    await scan(s);

    const rows = await live(s);
    expect(rows.map((r) => [r.path, r.tags])).toEqual([['b/x.png', [cat.id]]]);
  });

  it('keeps its labels when it is moved by copying then deleting (across drives, a sync tool) with a scan in between', async () => {
    const { s, dir } = openTempDataset(cleanups);
    await writeNumbered(path.join(dir, 'a', 'x.png'), 2);
    await writeNumbered(path.join(dir, 'a', 'other.png'), 3);
    await scan(s);
    const cat = (await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number };
    const x = (await live(s)).find((r) => r.path === 'a/x.png')!;
    await dispatch(s, 'labels.set', { imageId: x.id, classId: cat.id });

    fs.mkdirSync(path.join(dir, 'b'));
    fs.copyFileSync(path.join(dir, 'a', 'x.png'), path.join(dir, 'b', 'x.png'));
    await scan(s); // the copy is there, the original not yet deleted: two files
    fs.rmSync(path.join(dir, 'a', 'x.png'));
    await scan(s);

    const rows = await live(s);
    expect(rows.map((r) => [r.path, r.tags])).toEqual([
      ['a/other.png', []],
      ['b/x.png', [cat.id]],
    ]);
    const stats = (await dispatch(s, 'datasets.stats', {})) as { missing: number };
    expect(stats.missing).toBe(0);
  });

  it('shows a labeled image again, labels and all, when its file comes back to where it was', async () => {
    const { s, dir } = openTempDataset(cleanups);
    await writeNumbered(path.join(dir, 'x.png'), 5);
    await scan(s);
    const cat = (await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number };
    await dispatch(s, 'labels.set', { imageId: (await live(s))[0]!.id, classId: cat.id });
    fs.renameSync(path.join(dir, 'x.png'), path.join(dir, '.x.png')); // hidden: out of the dataset
    await scan(s);
    expect(await live(s)).toEqual([]);
    fs.renameSync(path.join(dir, '.x.png'), path.join(dir, 'x.png')); // same size and mtime as before
    await scan(s);
    expect((await live(s)).map((r) => [r.path, r.tags])).toEqual([['x.png', [cat.id]]]);
  });

  it('keeps a copy of a labeled image that is still there as its own unlabeled image', async () => {
    const { s, dir } = openTempDataset(cleanups);
    await writeNumbered(path.join(dir, 'x.png'), 4);
    await scan(s);
    const cat = (await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number };
    await dispatch(s, 'labels.set', { imageId: (await live(s))[0]!.id, classId: cat.id });
    fs.copyFileSync(path.join(dir, 'x.png'), path.join(dir, 'y.png'));
    await scan(s);
    await scan(s);
    expect((await live(s)).map((r) => [r.path, r.tags])).toEqual([
      ['x.png', [cat.id]],
      ['y.png', []],
    ]);
  });
});

describe('churn: files renamed and moved between folders while in-process and CLI scans run', () => {
  const IMAGES = 120;
  const FOLDERS = ['in', 'sorted/a', 'sorted/b', 'later'];
  let cli: string;
  beforeAll(async () => {
    cli = await bundleCli();
  });

  it('ends with every label on the image at its current path', async () => {
    const { s, dir } = openTempDataset(cleanups, 'lightbox-churn-');
    const where = new Map<number, string>(); // image number -> current dataset-relative path
    for (let i = 0; i < IMAGES; i++) {
      const rel = `${FOLDERS[i % FOLDERS.length]}/img${String(i).padStart(3, '0')}.png`;
      await writeNumbered(path.join(dir, rel), i);
      where.set(i, rel);
    }
    await scan(s);
    const classes: number[] = [];
    for (const name of ['cat', 'dog', 'bird']) classes.push(((await dispatch(s, 'classes.add', { name })) as { id: number }).id);
    const byPath = new Map((await live(s)).map((r) => [r.path, r.id]));
    for (const [i, rel] of where) await dispatch(s, 'labels.set', { imageId: byPath.get(rel)!, classId: classes[i % 3]! });

    let stop = false;
    let cliRuns = 0;
    // The other process: `lightbox scan` again and again, as a script or a second window would.
    const cliScans = (async () => {
      while (!stop) {
        const child = forkChild(cli, ['scan', dir, '--no-thumbnails']);
        const err = collectStderr(child);
        child.stdout!.resume();
        const code = await exited(child);
        expect(code, err()).toBe(0);
        cliRuns++;
      }
    })();
    // This process: scans back to back, as `serve`'s watcher runs them.
    let ownRuns = 0;
    const ownScans = (async () => {
      while (!stop) {
        await scan(s);
        ownRuns++;
      }
    })();
    // The person (or a sync tool): moves files between folders, sometimes under a new name, one
    // after another, until the other process has scanned the folder several times meanwhile.
    let moves = 0;
    let failed = false;
    const scans = Promise.all([cliScans, ownScans]).catch((e: unknown) => {
      failed = true;
      throw e;
    });
    while (cliRuns < 4 && !failed) {
      const i = (moves * 37) % IMAGES;
      const from = where.get(i)!;
      const folder = FOLDERS[(FOLDERS.indexOf(path.posix.dirname(from)) + 1 + (moves % 3)) % FOLDERS.length]!;
      const to = `${folder}/${moves % 2 === 0 ? 'img' : 'moved'}${String(i).padStart(3, '0')}.png`;
      fs.mkdirSync(path.join(dir, folder), { recursive: true });
      fs.renameSync(path.join(dir, from), path.join(dir, to));
      where.set(i, to);
      moves++;
      await new Promise((r) => setImmediate(r));
    }
    stop = true;
    await scans;
    expect(ownRuns).toBeGreaterThan(0);
    expect(moves).toBeGreaterThan(100);
    await scan(s);

    const rows = await live(s);
    const lost = [...where].filter(([i, rel]) => {
      const r = rows.find((x) => x.path === rel);
      return !r || r.tags.length !== 1 || r.tags[0] !== classes[i % 3];
    });
    expect(lost.map(([, rel]) => rel)).toEqual([]);
    expect(rows).toHaveLength(IMAGES);
  });
});
