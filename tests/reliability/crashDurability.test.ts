import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SCAN_BATCH } from '../../src-main/dataset/scan.js';
import { seededRandom } from '../../src-main/dataset/splits.js';
import { thumbPath } from '../../src-main/imaging/thumbnails.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { addClass } from '../../src-main/store/classesRepo.js';
import { migrate } from '../../src-main/store/migrate.js';
import { latestVersion } from '../../src-main/store/migrations/index.js';
import { openStore, storePath, writeTx } from '../../src-main/store/openStore.js';
import { bundleChild, collectStderr, exited, forkChild, onLines } from '../helpers/childProcess.js';
import { listFiles, tempDir, writeImage } from '../helpers/tempDataset.js';
import { type LabelOp, opCall, planLabelOps } from './crashPlan.js';

/**
 * SIGKILL at random moments, then reopen and check that nothing acknowledged was lost and nothing
 * was half-written. The seed is printed; LIGHTBOX_CRASH_SEED=N replays a run's kill moments.
 */
const SEED = Number(process.env.LIGHTBOX_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const rand = seededRandom(SEED);
const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const IMAGES = 16;
const CLASSES = 1500; // 18,375 planned operations: more than 30 rounds can reach on a fast disk
const ops = planLabelOps(IMAGES, CLASSES);

const tally = { labels: 0, checkpoint: 0, checkpointBetweenStartAndEnd: 0, migration: 0, migrationsCommitted: 0, scan: 0, import: 0, importLeftovers: 0, export: 0, exportLeftovers: 0, web: 0, ackedLabels: 0 };

/** A forked crash child with its stdout lines, stderr and exit. */
class Child {
  readonly lines: string[] = [];
  private readonly waiters: { test: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  readonly stderr: () => string;
  readonly exit: Promise<number | string>;
  readonly proc: ChildProcess;

  constructor(file: string, args: string[], onLine?: (l: string, c: Child) => void) {
    this.proc = forkChild(file, args);
    this.stderr = collectStderr(this.proc);
    // Ended means exited *and* every line it wrote read: an ack still in the pipe at the kill counts.
    const drained = new Promise<void>((resolve) => this.proc.stdout!.once('close', () => resolve()));
    this.exit = Promise.all([exited(this.proc), drained]).then(([code]) => code);
    onLines(this.proc, (l) => {
      this.lines.push(l);
      onLine?.(l, this);
      for (const w of [...this.waiters]) {
        if (w.test(l)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(l);
        }
      }
    });
  }

  /** The first line (from now on, or already seen) passing `test`; rejects if the child ends first. */
  waitFor(test: (l: string) => boolean): Promise<string> {
    const seen = this.lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      this.waiters.push({ test, resolve });
      void this.exit.then((code) => reject(new Error(`child ended (${code}) before the expected line:\n${this.stderr()}`)));
    });
  }

  /** SIGKILL; resolves true when the kill is what ended it (it was still running). */
  async kill(): Promise<boolean> {
    this.proc.kill('SIGKILL');
    return (await this.exit) === 'SIGKILL';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Image and class ids in name order, as the child sees them. */
function idsInNameOrder(db: Database.Database): { imageIds: number[]; classIds: number[] } {
  const imageIds = (db.prepare('SELECT id FROM images WHERE missing = 0 ORDER BY path COLLATE NOCASE, id').all() as { id: number }[]).map((r) => r.id);
  const classIds = (db.prepare('SELECT id, name FROM classes').all() as { id: number; name: string }[]).sort((a, b) => (a.name < b.name ? -1 : 1)).map((r) => r.id);
  return { imageIds, classIds };
}

/**
 * Reopen the store as the app would after a crash and check it: integrity ok; the committed
 * operations are exactly a prefix of the plan, each one whole (a bulk label all or none); every
 * acknowledged operation is in it; nothing beyond what was sent; one history entry per operation.
 * Returns how many operations are committed.
 */
function verifyLabels(root: string, acked: ReadonlySet<number>, sent: number): number {
  const db = openStore(root);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const { imageIds, classIds } = idsInNameOrder(db);
    const imageRow = new Map(imageIds.map((id, i) => [id, i]));
    const classRow = new Map(classIds.map((id, i) => [id, i]));
    const present = new Set(
      (db.prepare(`SELECT image_id, class_id FROM annotations WHERE kind = 'tag' AND deleted = 0`).all() as { image_id: number; class_id: number }[]).map(
        (r) => `${classRow.get(r.class_id)}:${imageRow.get(r.image_id)}`,
      ),
    );
    const count = (op: LabelOp) => op.imageRows.filter((i) => present.has(`${op.classRow}:${i}`)).length;
    let committed = 0;
    while (committed < ops.length && count(ops[committed]!) === ops[committed]!.imageRows.length) committed++;
    // Nothing after the prefix, not even part of an operation (a bulk label is all or none).
    const after = ops.slice(committed).filter((op) => count(op) > 0);
    expect(after.map((op) => ({ index: op.index, kind: op.kind, found: count(op), of: op.imageRows.length }))).toEqual([]);
    for (const k of acked) expect(k, `acknowledged operation ${k} is missing`).toBeLessThan(committed);
    expect(committed).toBeLessThanOrEqual(sent);
    const history = (db.prepare(`SELECT COUNT(*) AS n FROM history WHERE kind IN ('labels.set', 'labels.bulkSet')`).get() as { n: number }).n;
    expect(history).toBe(committed);
    return committed;
  } finally {
    db.close();
  }
}

/** A dataset of IMAGES small images, CLASSES classes, multi-label mode; scanned. */
async function labelDataset(dir: string): Promise<void> {
  for (let i = 0; i < IMAGES; i++) {
    await writeImage(path.join(dir, `img${String(i).padStart(2, '0')}.png`), { width: 8, height: 8, color: `#${(i * 9).toString(16).padStart(2, '0')}4020` });
  }
  const s = new Session({}, path.join(dir, '.home'));
  await dispatch(s, 'datasets.open', { path: dir });
  const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
  await s.jobs.wait(jobId);
  await dispatch(s, 'labels.setMode', { mode: 'multi' });
  const db = s.require().db;
  writeTx(db, () => {
    for (let c = 0; c < CLASSES; c++) addClass(db, { name: `c${String(c).padStart(3, '0')}`, hotkey: null });
  });
  s.close();
}

describe(`crash durability (seed ${SEED})`, () => {
  let child: { file: string; remove: () => void };
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    child = await bundleChild('tests/reliability/children/crashChild.ts');
  });
  afterAll(() => {
    child?.remove();
    cleanups.forEach((c) => c());
    const total = tally.labels + tally.checkpoint + tally.migration + tally.scan + tally.import + tally.export + tally.web;
    console.log(
      `[crash] seed ${SEED}: ${total} kills survived with nothing lost — ${tally.labels} while labeling (${tally.ackedLabels} acknowledged label operations checked), ` +
        `${tally.checkpoint} at WAL checkpoints (${tally.checkpointBetweenStartAndEnd} before the checkpoint returned), ` +
        `${tally.migration} while migrating (${tally.migrationsCommitted} of them after the migration committed), ${tally.scan} while scanning, ${tally.import} while importing (${tally.importLeftovers} hidden partial copies left behind), ${tally.export} while exporting (${tally.exportLeftovers} left a .partial- folder beside the output), ${tally.web} in the web host`,
    );
  });

  it('keeps every acknowledged label, and bulk labels whole, through 30 kills at random moments', async () => {
    const { dir, cleanup } = tempDir('lightbox-crash-labels-');
    cleanups.push(cleanup);
    await labelDataset(dir);
    let committed = 0;
    for (let round = 0; round < 30; round++) {
      let last = -1;
      const c = new Child(child.file, ['labels', dir, path.join(dir, '.home'), String(committed), '0'], (l) => {
        if (l.startsWith('ack ')) last = Number(l.slice(4));
      });
      await c.waitFor((l) => l === 'ready');
      await sleep(between(0, 250));
      expect(await c.kill(), c.stderr()).toBe(true);
      tally.labels++;
      const acked = new Set<number>();
      for (let k = committed; k <= last; k++) acked.add(k);
      tally.ackedLabels += acked.size;
      // Sent: every acknowledged operation plus the one in flight (the first, if none was acknowledged).
      committed = verifyLabels(dir, acked, Math.max(last, committed - 1) + 2);
    }
    expect(committed).toBeGreaterThan(0);
  }, 180_000); // 30 host processes started and killed: on a loaded 2-core machine their start-up alone can pass the 60 s default.

  it('survives kills landing on WAL checkpoints (TRUNCATE) with nothing lost', async () => {
    const { dir, cleanup } = tempDir('lightbox-crash-ckpt-');
    cleanups.push(cleanup);
    await labelDataset(dir);
    let committed = 0;
    for (let round = 0; round < 12; round++) {
      let last = -1;
      const target = between(1, 3);
      let seen = 0;
      const c = new Child(child.file, ['labels', dir, path.join(dir, '.home'), String(committed), String(between(40, 90))], (l, self) => {
        if (l.startsWith('ack ')) last = Number(l.slice(4));
        // Kill the moment the child says it is starting a checkpoint.
        if (l === 'ckpt-start' && ++seen === target) self.proc.kill('SIGKILL');
      });
      expect(await c.exit, c.stderr()).toBe('SIGKILL');
      tally.checkpoint++;
      const lastStart = c.lines.lastIndexOf('ckpt-start');
      if (lastStart >= 0 && !c.lines.slice(lastStart).includes('ckpt-end')) tally.checkpointBetweenStartAndEnd++;
      const acked = new Set<number>();
      for (let k = committed; k <= last; k++) acked.add(k);
      tally.ackedLabels += acked.size;
      committed = verifyLabels(dir, acked, Math.max(last, committed - 1) + 2);
      // The WAL may be long; the store must be whole after recovery whatever the checkpoint's state.
    }
    expect(committed).toBeGreaterThan(0);
  });

  it('leaves a store at its old version or fully migrated, never between, through 12 kills during migration', async () => {
    for (let round = 0; round < 12; round++) {
      const { dir, cleanup } = tempDir('lightbox-crash-migrate-');
      cleanups.push(cleanup);
      const fromOld = round % 2 === 1;
      if (fromOld) {
        // A store at version 10 (images only) with a row in it, made with the production runner.
        fs.mkdirSync(path.join(dir, '.lightbox'));
        const old = new Database(storePath(dir));
        old.pragma('journal_mode = WAL');
        migrate(old, undefined, 10);
        old.prepare(`INSERT INTO images (path, bytes, mtime, added_at, updated_at) VALUES ('kept.jpg', 1, 1, 1, 1)`).run();
        old.close();
      }
      const c = new Child(child.file, ['migrate', dir]);
      await c.waitFor((l) => l === 'opening');
      await sleep(between(0, 15));
      const killed = await c.kill();
      if (!killed) expect(await c.exit, c.stderr()).toBe(0);
      else tally.migration++;

      const file = storePath(dir);
      if (fs.existsSync(file)) {
        const db = new Database(file);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const version = db.pragma('user_version', { simple: true }) as number;
        const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
        if (version === latestVersion) {
          if (killed) tally.migrationsCommitted++;
          expect(tables).toEqual(expect.arrayContaining(['annotations', 'classes', 'history', 'images', 'settings']));
        } else {
          expect(version).toBe(fromOld ? 10 : 0);
          expect(tables).toEqual(fromOld ? ['images'] : []);
        }
        if (fromOld) expect(db.prepare('SELECT path FROM images').all()).toEqual([{ path: 'kept.jpg' }]);
        db.close();
      }
      // And the app opens it afterwards, migrated.
      const db = openStore(dir);
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion);
      db.close();
    }
    expect(tally.migration).toBeGreaterThan(0);
  });

  it('keeps scans in whole batches and finishes them after 9 kills mid-scan', async () => {
    const pristine = tempDir('lightbox-crash-scan-src-');
    cleanups.push(pristine.cleanup);
    const N = 450;
    for (let i = 0; i < N; i++) {
      const file = path.join(pristine.dir, `d${i % 3}`, `s${String(i).padStart(3, '0')}.png`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: i % 256, g: (i >> 8) * 60, b: 99 } } }).png().toBuffer());
    }
    const allPaths = listFiles(pristine.dir);
    expect(allPaths).toHaveLength(N);

    let scanMs = 700;
    for (let run = 0; run < 3; run++) {
      const { dir, cleanup } = tempDir('lightbox-crash-scan-');
      cleanups.push(cleanup);
      fs.cpSync(pristine.dir, dir, { recursive: true });
      for (let kill = 0; kill < 3; kill++) {
        // Kill at a random moment within the scan's length on this machine (learnt from any scan
        // that finished before its kill: the estimate only shrinks).
        const c = new Child(child.file, ['scan', dir, path.join(dir, '.home')]);
        await c.waitFor((l) => l === 'scanning');
        const started = Date.now();
        await sleep(Math.floor(rand() * scanMs));
        if (await c.kill()) tally.scan++;
        else {
          expect(await c.exit, c.stderr()).toBe(0);
          scanMs = Math.max(20, Math.min(scanMs, Math.floor((Date.now() - started) * 0.8)));
        }

        const db = openStore(dir);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const rows = (db.prepare('SELECT path FROM images ORDER BY path').all() as { path: string }[]).map((r) => r.path);
        // A scan's first pass writes sorted files in batches: what a kill leaves is whole batches.
        if (kill === 0) {
          expect(rows.length === N || rows.length % SCAN_BATCH === 0, `${rows.length} rows after a kill`).toBe(true);
          expect(rows).toEqual(allPaths.slice(0, rows.length));
        }
        expect(new Set(rows).size).toBe(rows.length);
        db.close();
      }
      // The next scan (the app's, after the crash) completes the index and the thumbnails.
      const s = new Session({}, path.join(dir, '.home'));
      await dispatch(s, 'datasets.open', { path: dir });
      const { jobId } = (await dispatch(s, 'datasets.scan', {})) as { jobId: string };
      await s.jobs.wait(jobId);
      const db = s.require().db;
      const rows = db.prepare('SELECT path, sha256, error, missing FROM images ORDER BY path').all() as { path: string; sha256: string; error: string | null; missing: number }[];
      expect(rows.map((r) => r.path)).toEqual(allPaths);
      expect(rows.filter((r) => r.error !== null || r.missing !== 0)).toEqual([]);
      // No thumbnail under its final name is half-written: each is a whole JPEG, SOI to EOI.
      const cut = rows.filter((r) => {
        const b = fs.readFileSync(thumbPath(dir, r.sha256));
        return !(b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9);
      });
      expect(cut).toEqual([]);
      s.close();
    }
    expect(tally.scan).toBeGreaterThan(0);
  });

  it('never leaves a half-written export under its final name through 10 kills mid-export', async () => {
    const { dir, cleanup } = tempDir('lightbox-crash-export-');
    cleanups.push(cleanup);
    for (let i = 0; i < 60; i++) {
      await writeImage(path.join(dir, `e${String(i).padStart(2, '0')}.png`), { width: 96, height: 64, color: `#${(i * 4).toString(16).padStart(2, '0')}6633` });
    }
    const s = new Session({}, path.join(dir, '.home'));
    await dispatch(s, 'datasets.open', { path: dir });
    const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await s.jobs.wait(jobId);
    const { ids } = (await dispatch(s, 'images.ids', {})) as { ids: number[] };
    const cat = (await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number };
    const dog = (await dispatch(s, 'classes.add', { name: 'dog' })) as { id: number };
    await dispatch(s, 'labels.bulkSet', { imageIds: ids.filter((_, i) => i % 2 === 0), classId: cat.id });
    await dispatch(s, 'labels.bulkSet', { imageIds: ids.filter((_, i) => i % 2 === 1), classId: dog.id });
    // What a complete export of each format looks like, made by the app without interruption.
    const outs = tempDir('lightbox-crash-export-out-');
    cleanups.push(outs.cleanup);
    const reference: Record<string, string[]> = {};
    for (const format of ['imagefolder', 'csv']) {
      const ref = path.join(outs.dir, `reference-${format}`);
      const { jobId: j } = (await dispatch(s, 'exports.run', { format, out: ref })) as { jobId: string };
      await s.jobs.wait(j);
      reference[format] = listing(ref);
      expect(reference[format]!.length).toBeGreaterThanOrEqual(ids.length);
    }
    s.close();

    let exportMs = 800;
    let leftovers = 0;
    for (let round = 0; round < 10; round++) {
      const format = round % 2 === 0 ? 'imagefolder' : 'csv';
      const overwrite = round % 4 >= 2; // half the runs replace a complete earlier export
      const out = path.join(outs.dir, `run-${round}`);
      if (overwrite) fs.cpSync(path.join(outs.dir, `reference-${format}`), out, { recursive: true });
      const c = new Child(child.file, ['export', dir, path.join(dir, '.home'), format, out, overwrite ? 'overwrite' : 'new']);
      await c.waitFor((l) => l === 'exporting');
      const started = Date.now();
      await sleep(Math.floor(rand() * exportMs));
      if (await c.kill()) tally.export++;
      else {
        expect(await c.exit, c.stderr()).toBe(0);
        exportMs = Math.max(20, Math.min(exportMs, Math.floor((Date.now() - started) * 0.8)));
      }
      const siblings = fs.readdirSync(outs.dir).filter((n) => n.startsWith(`run-${round}.`));
      if (fs.existsSync(out)) {
        // Under its final name: the whole export, old or new, never part of one.
        expect(listing(out), `${format} export after a kill`).toEqual(reference[format]);
      } else {
        // Killed between moving the old export aside and putting the new one in place: the old
        // one is whole under its ".old-" name. A new export never started has no folder at all.
        const old = siblings.find((n) => n.includes('.old-'));
        if (overwrite) expect(old && listing(path.join(outs.dir, old)), 'an overwritten export must survive somewhere').toEqual(reference[format]);
      }
      leftovers += siblings.filter((n) => n.includes('.partial-')).length;
    }
    tally.exportLeftovers = leftovers;
    expect(tally.export).toBeGreaterThan(0);
  });

  it('keeps every imported image with its label, with whole copies, through 6 kills mid-import', async () => {
    // An ImageFolder tree outside the dataset: 2 classes × 40 images.
    const source = tempDir('lightbox-crash-import-src-');
    cleanups.push(source.cleanup);
    const N = 80;
    const sourceHashes = new Set<string>();
    for (let i = 0; i < N; i++) {
      const file = path.join(source.dir, i % 2 ? 'dog' : 'cat', `p${String(i).padStart(2, '0')}.png`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await writeImage(file, { width: 64, height: 48, color: `#${(i * 3).toString(16).padStart(2, '0')}22${(255 - i).toString(16).padStart(2, '0')}` });
      sourceHashes.add(sha256(fs.readFileSync(file)));
    }
    const { dir, cleanup } = tempDir('lightbox-crash-import-');
    cleanups.push(cleanup);

    let importMs = 300;
    for (let round = 0; round < 6; round++) {
      const c = new Child(child.file, ['import', dir, path.join(dir, '.home'), 'imagefolder', source.dir]);
      await c.waitFor((l) => l === 'importing');
      const started = Date.now();
      await sleep(Math.floor(rand() * importMs));
      if (await c.kill()) tally.import++;
      else {
        expect(await c.exit, c.stderr()).toBe(0);
        importMs = Math.max(20, Math.min(importMs, Math.floor((Date.now() - started) * 0.8)));
      }
      const db = openStore(dir);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = (db.prepare(`SELECT COUNT(*) AS n FROM images WHERE source = 'import'`).get() as { n: number }).n;
      const labels = (db.prepare(`SELECT COUNT(*) AS n FROM annotations WHERE deleted = 0`).get() as { n: number }).n;
      const classes = (db.prepare('SELECT name FROM classes ORDER BY name').all() as { name: string }[]).map((r) => r.name);
      db.close();
      // Short transactions, each image written with its label: never a row without it.
      expect(labels, 'an imported image without its label').toBe(rows);
      expect(classes.filter((c) => c !== 'cat' && c !== 'dog')).toEqual([]);
      // Copies are made under a hidden temporary name (which scans skip) and renamed: every file
      // under imported/ with its final name is whole.
      const copied = fs.existsSync(path.join(dir, 'imported')) ? listFiles(path.join(dir, 'imported')) : [];
      const temporary = (rel: string) => path.posix.basename(rel).startsWith('.');
      for (const rel of copied.filter((r) => !temporary(r))) {
        expect(sourceHashes.has(sha256(fs.readFileSync(path.join(dir, 'imported', rel)))), `imported/${rel} is a partial copy`).toBe(true);
      }
      tally.importLeftovers += copied.filter(temporary).length;
      // A run that finished is started over on an empty dataset, so every round has real work to cut.
      if (rows === N) for (const d of ['.lightbox', 'imported']) fs.rmSync(path.join(dir, d), { recursive: true, force: true });
    }
    // The import run once more to the end completes it, reusing earlier copies instead of duplicating them.
    const s = new Session({}, path.join(dir, '.home'));
    await dispatch(s, 'datasets.open', { path: dir });
    const { jobId } = (await dispatch(s, 'acquire.importLabeled', { format: 'imagefolder', from: source.dir })) as { jobId: string };
    await s.jobs.wait(jobId);
    const stats = (await dispatch(s, 'datasets.stats', {})) as { images: number; labeled: number };
    expect(stats).toMatchObject({ images: N, labeled: N });
    s.close();
    expect(listFiles(path.join(dir, 'imported')).filter((r) => !path.posix.basename(r).startsWith('.')).length).toBe(N);
    expect(tally.import).toBeGreaterThan(0);
  });

  it('keeps every label the web host acknowledged to the renderer through 8 kills of the host', async () => {
    const { dir, cleanup } = tempDir('lightbox-crash-web-');
    cleanups.push(cleanup);
    await labelDataset(dir);
    const renderer = path.join(dir, '.renderer');
    fs.mkdirSync(renderer);
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>');
    const token = 'c0ffee'.repeat(8);
    const ids = (() => {
      const db = openStore(dir);
      const r = idsInNameOrder(db);
      db.close();
      return r;
    })();
    let committed = 0;
    for (let round = 0; round < 8; round++) {
      const c = new Child(child.file, ['web', dir, path.join(dir, '.home'), renderer, token]);
      const port = Number((await c.waitFor((l) => l.startsWith('listening '))).split(' ')[1]);
      const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc?token=${token}`);
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      ws.on('error', () => undefined); // the host dies under it
      const acked = new Set<number>();
      const stopAfter = between(3, 120);
      let next = committed;
      const WINDOW = 4;
      const send = () => {
        const op = ops[next]!;
        const { method, params } = opCall(op, ids.imageIds, ids.classIds);
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: next, method, params }));
        next++;
      };
      const killed = new Promise<void>((resolve) => {
        ws.on('message', (data) => {
          const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown; method?: string };
          if (msg.method === 'event') return;
          expect(msg.error).toBeUndefined();
          acked.add(msg.id!);
          if (acked.size >= stopAfter) {
            c.proc.kill('SIGKILL');
            resolve();
          } else send();
        });
      });
      for (let i = 0; i < WINDOW; i++) send();
      await killed;
      expect(await c.exit).toBe('SIGKILL');
      ws.terminate();
      tally.web++;
      tally.ackedLabels += acked.size;
      committed = verifyLabels(dir, acked, next);
    }
    expect(committed).toBeGreaterThan(0);
  });

  it('adds up to at least 50 kills, every one survived with nothing lost', () => {
    const total = tally.labels + tally.checkpoint + tally.migration + tally.scan + tally.import + tally.export + tally.web;
    expect(total).toBeGreaterThanOrEqual(50);
  });
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every file under `dir` with its size, sorted: two complete exports of the same data list the same. */
function listing(dir: string): string[] {
  return listFiles(dir).map((rel) => `${rel} ${fs.statSync(path.join(dir, rel)).size}`);
}
