import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src-main/api/jobs.js';
import { toErrorPayload, dispatch } from '../../src-main/services/dispatch.js';
import { applyCommand } from '../../src-main/services/labelCommands.js';
import { Session } from '../../src-main/services/Session.js';
import { latestVersion } from '../../src-main/store/migrations/index.js';
import { openStore, storePath } from '../../src-main/store/openStore.js';
import { bundleChild, exited, forkChild, onLines } from '../helpers/childProcess.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';
import { codeOf } from '../helpers/tempSession.js';

/**
 * The machine misbehaves: read-only folders, a full disk, a folder deleted under the app, another
 * program holding the store, a store from the future. Each gives a clear error and keeps what was
 * saved. Read-only folders and full disks are real mounts (this suite runs as root, where chmod
 * stops nothing): a read-only bind mount and small tmpfs mounts, unmounted afterwards.
 */

const mounts: string[] = [];
function mount(...args: string[]): void {
  execFileSync('mount', args, { stdio: 'pipe' });
  const target = args[args.length - 1]!;
  if (!mounts.includes(target)) mounts.push(target); // a remount is the same mount
}
function unmount(dir: string): void {
  if (!mounts.includes(dir)) return;
  mounts.splice(mounts.indexOf(dir), 1);
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' }); // still busy: detach now, free when idle
  }
}

async function scanned(s: Session, dir: string): Promise<number[]> {
  await dispatch(s, 'datasets.open', { path: dir });
  const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
  await s.jobs.wait(jobId);
  return ((await dispatch(s, 'images.ids', {})) as { ids: number[] }).ids;
}


const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const m of [...mounts].reverse()) unmount(m);
  cleanups.forEach((c) => c());
});

function temp(prefix: string): string {
  const t = tempDir(prefix);
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('a read-only dataset folder (read-only bind mount)', () => {
  it('refuses to open a new dataset there with a clear message, writing nothing', async () => {
    const src = temp('lightbox-ro-src-');
    await writeImage(path.join(src, 'a.jpg'));
    const ro = temp('lightbox-ro-');
    mount('--bind', src, ro);
    mount('-o', 'remount,bind,ro', ro);
    const s = new Session({}, temp('lightbox-ro-home-'));
    const err = await codeOf(dispatch(s, 'datasets.open', { path: ro }));
    expect(err.code).toBe('NOT_WRITABLE');
    expect(err.message).toMatch(/not writable.*\.lightbox/);
    expect(fs.existsSync(path.join(src, '.lightbox'))).toBe(false);
    unmount(ro);
  });

  it('refuses to open an existing dataset made read-only, and its labels stay as saved', async () => {
    const src = temp('lightbox-ro-src-');
    await writeImage(path.join(src, 'a.jpg'));
    const s = new Session({}, temp('lightbox-ro-home-'));
    const [id] = await scanned(s, src);
    const cat = (await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number };
    await dispatch(s, 'labels.set', { imageId: id!, classId: cat.id });
    s.close();
    const ro = temp('lightbox-ro-');
    mount('--bind', src, ro);
    mount('-o', 'remount,bind,ro', ro);
    const err = await codeOf(dispatch(s, 'datasets.open', { path: ro }));
    expect(err.code).toBe('NOT_WRITABLE');
    unmount(ro);
    const db = openStore(src);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM annotations WHERE deleted = 0`).get()).toEqual({ n: 1 });
    db.close();
  });

  it('refuses a dataset whose .lightbox is a file, saying what is in the way', async () => {
    const dir = temp('lightbox-blocked-');
    await writeImage(path.join(dir, 'a.jpg'));
    fs.writeFileSync(path.join(dir, '.lightbox'), 'not a folder');
    const s = new Session({}, temp('lightbox-ro-home-'));
    const err = await codeOf(dispatch(s, 'datasets.open', { path: dir }));
    expect(err.code).toBe('NOT_WRITABLE');
    expect(err.message).toMatch(/\.lightbox is a file/);
    expect(fs.readFileSync(path.join(dir, '.lightbox'), 'utf8')).toBe('not a folder');
  });
});

describe('a full disk (small tmpfs mounts)', () => {
  it('fails a label write with a clear message when the store cannot grow, keeps the saved ones, and works again once there is room', async () => {
    const dir = temp('lightbox-full-');
    mount('-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir);
    for (let i = 0; i < 8; i++) await writeImage(path.join(dir, `i${i}.png`), { width: 4, height: 4, color: `#0${i}0000` });
    const s = new Session({}, temp('lightbox-full-home-'));
    const ids = await scanned(s, dir);
    await dispatch(s, 'labels.setMode', { mode: 'multi' });
    const classes: number[] = [];
    for (let c = 0; c < 40; c++) classes.push(((await dispatch(s, 'classes.add', { name: `c${c}`, hotkey: null })) as { id: number }).id);
    // Fill the disk, leaving a little room.
    const filler = path.join(dir, 'filler.bin');
    const free = () => {
      const st = fs.statfsSync(dir);
      return st.bavail * st.bsize;
    };
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 64 * 1024)));
    const acked: [number, number][] = [];
    let failure: { code: string; message: string } | null = null;
    for (const c of classes) {
      for (const id of ids) {
        const r = await codeOf(dispatch(s, 'labels.set', { imageId: id, classId: c }));
        if (r.code !== 'OK') {
          failure = r;
          break;
        }
        acked.push([id, c]);
      }
      if (failure) break;
    }
    expect(failure, 'the disk never filled').not.toBeNull();
    expect(failure!.code).toBe('NOT_WRITABLE');
    expect(failure!.message).toMatch(/disk is full/i);
    expect(acked.length).toBeGreaterThan(0);
    // Room again: labeling goes on, in the same session.
    fs.rmSync(filler);
    await dispatch(s, 'labels.set', { imageId: ids[0]!, classId: classes[classes.length - 1]! });
    s.close();
    const db = openStore(dir);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const present = new Set((db.prepare(`SELECT image_id || ':' || class_id AS k FROM annotations WHERE deleted = 0`).all() as { k: string }[]).map((r) => r.k));
    for (const [id, c] of acked) expect(present.has(`${id}:${c}`), `acknowledged label ${id}:${c}`).toBe(true);
    db.close();
    unmount(dir);
  });

  it('fails an export that fills the disk with a clear message and leaves no half-written export', async () => {
    const dir = temp('lightbox-export-src-');
    // Noise does not compress: 24 × ~300 KB of PNG, far over the 2 MB disk.
    const noise = () => sharp(randomBytes(320 * 320 * 3), { raw: { width: 320, height: 320, channels: 3 } }).png().toBuffer();
    for (let i = 0; i < 24; i++) fs.writeFileSync(path.join(dir, `n${String(i).padStart(2, '0')}.png`), await noise());
    const s = new Session({}, temp('lightbox-export-home-'));
    const ids = await scanned(s, dir);
    const cat = (await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number };
    await dispatch(s, 'labels.bulkSet', { imageIds: ids, classId: cat.id });

    const small = temp('lightbox-export-disk-');
    mount('-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', small);
    const out = path.join(small, 'export');
    const { jobId } = (await dispatch(s, 'exports.run', { format: 'imagefolder', out })) as { jobId: string };
    await s.jobs.wait(jobId).catch(() => undefined);
    const job = (await dispatch(s, 'jobs.get', { id: jobId })) as JobInfo;
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({ code: 'NOT_WRITABLE' });
    expect(job.error!.message).toMatch(/disk is full/i);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(small)).toEqual([]); // the temporary folder is gone too
    // The labels are all there, and the same export to a roomy folder works.
    expect(((await dispatch(s, 'datasets.stats', {})) as { labeled: number }).labeled).toBe(ids.length);
    const roomy = path.join(temp('lightbox-export-roomy-'), 'export');
    const again = (await dispatch(s, 'exports.run', { format: 'imagefolder', out: roomy })) as { jobId: string };
    await s.jobs.wait(again.jobId);
    expect(fs.readdirSync(path.join(roomy, 'cat'))).toHaveLength(ids.length);
    s.close();
    unmount(small);
  });
});

describe('a dataset folder deleted while open', () => {
  it('answers the next calls with a clear error instead of saving into a deleted file, and does not crash', async () => {
    const dir = temp('lightbox-deleted-');
    await writeImage(path.join(dir, 'a.jpg'));
    const s = new Session({}, temp('lightbox-deleted-home-'));
    const [id] = await scanned(s, dir);
    const cat = (await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number };
    fs.rmSync(dir, { recursive: true, force: true });

    const label = await codeOf(dispatch(s, 'labels.set', { imageId: id!, classId: cat.id }));
    expect(label.code).toBe('NOT_FOUND');
    expect(label.message).toMatch(/moved or deleted/);
    const add = await codeOf(dispatch(s, 'classes.add', { name: 'dog' }));
    expect(add.code).toBe('NOT_FOUND');
    const setting = await codeOf(dispatch(s, 'settings.set', { key: 'annotator', value: 'Ada' }));
    expect(setting.code).toBe('NOT_FOUND');
    const scan = await codeOf(dispatch(s, 'datasets.scan', {}));
    expect(scan.code).toBe('NOT_FOUND');
    // Reads are refused too, rather than showing images from a store nobody will open again.
    const list = await codeOf(dispatch(s, 'images.list', {}));
    expect(list.code).toBe('NOT_FOUND');
    expect(list.message).toMatch(/moved or deleted/);
    expect(fs.existsSync(dir)).toBe(false); // nothing recreated it
    // The app goes on: another dataset opens.
    const other = temp('lightbox-other-');
    await writeImage(path.join(other, 'b.jpg'));
    expect(await scanned(s, other)).toHaveLength(1);
    s.close();
  });
});

describe('a second program on the same dataset', () => {
  let holder: { file: string; remove: () => void };
  beforeAll(async () => {
    holder = await bundleChild('tests/reliability/children/lockHolder.ts');
  });
  afterAll(() => holder?.remove());

  async function holding(dir: string, ms: number) {
    const child = forkChild(holder.file, [dir, String(ms)]);
    const lines: string[] = [];
    const locked = new Promise<void>((resolve) =>
      onLines(child, (l) => {
        lines.push(l);
        if (l === 'locked') resolve();
      }),
    );
    await locked;
    return { child, lines };
  }

  it('waits for the other program to finish writing instead of failing', async () => {
    const dir = temp('lightbox-second-');
    await writeImage(path.join(dir, 'a.jpg'));
    const s = new Session({}, temp('lightbox-second-home-'));
    const [id] = await scanned(s, dir);
    const cat = (await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number };
    const { child } = await holding(dir, 1500);
    // The other program holds the write lock now; this label waits for it, then is saved.
    await dispatch(s, 'labels.set', { imageId: id!, classId: cat.id });
    expect(await exited(child)).toBe(0);
    expect(((await dispatch(s, 'images.get', { id: id! })) as { tags: number[] }).tags).toEqual([cat.id]);
    expect(await dispatch(s, 'settings.get', { key: 'heldBy' })).toEqual({ value: 'the other program' });
    s.close();
  });

  it('says the dataset is busy, clearly, when the other program holds it past the wait', async () => {
    const dir = temp('lightbox-busy-');
    await writeImage(path.join(dir, 'a.jpg'));
    const s = new Session({}, temp('lightbox-busy-home-'));
    const [id] = await scanned(s, dir);
    s.close();
    const db = openStore(dir, { busyTimeoutMs: 200 });
    const { child } = await holding(dir, 1500);
    let caught: unknown;
    try {
      applyCommand(db, 'images.setStatus', [id!], (st) => ({ ...st, status: 'done' }), 'me');
    } catch (e) {
      caught = e;
    }
    expect(toErrorPayload(caught)).toMatchObject({ code: 'STORE_BUSY', message: expect.stringMatching(/busy in another program/) });
    expect(await exited(child)).toBe(0);
    // Once it is free, the same write goes through.
    applyCommand(db, 'images.setStatus', [id!], (st) => ({ ...st, status: 'done' }), 'me');
    expect(db.prepare('SELECT status FROM images WHERE id = ?').get(id)).toEqual({ status: 'done' });
    db.close();
  });
});

describe('a store written by a newer Lightbox', () => {
  it('is refused with a clear message, left untouched, and the dataset open before stays open', async () => {
    const dir = temp('lightbox-future-');
    fs.mkdirSync(path.join(dir, '.lightbox'));
    const future = new Database(storePath(dir));
    future.pragma(`user_version = ${latestVersion + 10}`);
    future.exec(`CREATE TABLE from_the_future (x); INSERT INTO from_the_future VALUES (42);`);
    future.close();
    const before = fs.readFileSync(storePath(dir));

    const current = temp('lightbox-current-');
    await writeImage(path.join(current, 'a.jpg'));
    const s = new Session({}, temp('lightbox-future-home-'));
    await scanned(s, current);
    const err = await codeOf(dispatch(s, 'datasets.open', { path: dir }));
    expect(err.code).toBe('STORE_TOO_NEW');
    expect(err.message).toMatch(/newer version of Lightbox Studio.*Update Lightbox Studio/);
    expect(fs.readFileSync(storePath(dir)).equals(before)).toBe(true);
    expect(await dispatch(s, 'datasets.current', {})).toMatchObject({ root: fs.realpathSync(current) });
    s.close();
  });
});

describe('a damaged or hostile label store in a dataset someone sent', () => {
  const stores: Record<string, (file: string, dir: string) => void> = {
    'random bytes': (f) => fs.writeFileSync(f, randomBytes(8192)),
    'a folder named labels.sqlite': (f) => fs.mkdirSync(f),
    'the latest version but no tables': (f) => {
      const db = new Database(f);
      db.pragma(`user_version = ${latestVersion}`);
      db.close();
    },
    'cut in half': (f, dir) => {
      const db = openStore(dir);
      for (let i = 0; i < 2000; i++) db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(`k${i}`, JSON.stringify('x'.repeat(100)));
      db.close();
      const b = fs.readFileSync(f);
      fs.writeFileSync(f, b.subarray(0, b.length / 2));
    },
    'every page after the first overwritten': (f, dir) => {
      const db = openStore(dir);
      for (let i = 0; i < 500; i++) db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(`k${i}`, JSON.stringify('x'.repeat(100)));
      db.close();
      const b = fs.readFileSync(f);
      randomBytes(b.length - 4096).copy(b, 4096);
      fs.writeFileSync(f, b);
    },
  };
  for (const [name, make] of Object.entries(stores)) {
    it(`${name}: a clear error (BAD_FILE / NOT_WRITABLE), never INTERNAL, and the app goes on`, async () => {
      const dir = temp('lightbox-bad-store-');
      await writeImage(path.join(dir, 'a.jpg'));
      fs.mkdirSync(path.join(dir, '.lightbox'));
      make(storePath(dir), dir);
      const s = new Session({}, temp('lightbox-bad-store-home-'));
      const codes: string[] = [];
      for (const [m, p] of [
        ['datasets.open', { path: dir }],
        ['datasets.stats', {}],
        ['images.list', {}],
        ['classes.add', { name: 'cat' }],
        ['settings.get', { key: 'k5' }],
      ] as const) {
        codes.push((await codeOf(dispatch(s, m, p))).code);
      }
      expect(codes.filter((c) => !['OK', 'BAD_FILE', 'NOT_WRITABLE', 'NO_DATASET'].includes(c)), codes.join(' ')).toEqual([]);
      expect(codes.some((c) => c === 'BAD_FILE' || c === 'NOT_WRITABLE'), codes.join(' ')).toBe(true);
      const err = await codeOf(dispatch(s, 'datasets.open', { path: dir }));
      if (err.code !== 'OK') expect(err.message).toMatch(/label store/);
      // Another dataset still opens.
      const other = temp('lightbox-good-');
      await writeImage(path.join(other, 'b.jpg'));
      expect(await scanned(s, other)).toHaveLength(1);
      s.close();
    });
  }

  it('ignores a WAL file of random bytes and opens the store as it was', async () => {
    const dir = temp('lightbox-bad-wal-');
    await writeImage(path.join(dir, 'a.jpg'));
    const s = new Session({}, temp('lightbox-bad-wal-home-'));
    const [id] = await scanned(s, dir);
    const cat = (await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number };
    await dispatch(s, 'labels.set', { imageId: id!, classId: cat.id });
    s.close();
    fs.writeFileSync(`${storePath(dir)}-wal`, randomBytes(10_000));
    await dispatch(s, 'datasets.open', { path: dir });
    expect(((await dispatch(s, 'images.get', { id: id! })) as { tags: number[] }).tags).toEqual([cat.id]);
    expect(s.require().db.pragma('integrity_check', { simple: true })).toBe('ok');
    s.close();
  });
});
