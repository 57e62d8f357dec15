import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { watchDataset } from '../../src-main/dataset/watch.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function paths(s: Session): Promise<string[]> {
  const r = (await dispatch(s, 'images.list', {})) as { items: { path: string }[] };
  return r.items.map((i) => i.path);
}

describe('folder watching while a dataset is open', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  for (const mode of ['events', 'polling'] as const) {
    it(`a file another program copies in, or deletes, shows in the library by itself (${mode})`, async () => {
      const { dir, cleanup } = tempDir();
      const src = tempDir();
      cleanups.push(cleanup, src.cleanup);
      await writeImage(path.join(dir, 'first.jpg'));
      const s = new Session({ watch: { debounceMs: 200, forcePolling: mode === 'polling' } }, path.join(dir, '.home'));
      s.open(dir);
      cleanups.unshift(() => s.close());
      const changed: unknown[] = [];
      s.onEvent((name, payload) => name === 'images.changed' && changed.push(payload));
      await s.jobs.wait((await dispatch(s, 'datasets.scan', {}) as { jobId: string }).jobId);
      expect(await paths(s)).toEqual(['first.jpg']);

      // Made elsewhere, then copied into a new sub-folder, as a file manager would.
      await writeImage(path.join(src.dir, 'new.png'), { color: '#00ff00' });
      fs.mkdirSync(path.join(dir, 'incoming', 'today'), { recursive: true });
      fs.copyFileSync(path.join(src.dir, 'new.png'), path.join(dir, 'incoming', 'today', 'new.png'));
      await until('the copied file in images.list', async () => ((await paths(s)).includes('incoming/today/new.png') ? true : undefined));
      expect(changed.length).toBeGreaterThan(0);

      fs.rmSync(path.join(dir, 'first.jpg'));
      await until('the deleted file gone from images.list', async () => ((await paths(s)).includes('first.jpg') ? undefined : true));
      expect(await paths(s)).toEqual(['incoming/today/new.png']);
    });
  }

  it('files Lightbox writes itself (a camera frame) start no rescan; a file changed by another program does', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    await writeImage(path.join(dir, 'first.jpg'));
    const s = new Session({ watch: { debounceMs: 100 } }, path.join(dir, '.home'));
    s.open(dir);
    cleanups.unshift(() => s.close());
    await s.jobs.wait((await dispatch(s, 'datasets.scan', {}) as { jobId: string }).jobId);
    const scans = () => s.jobs.list().filter((j) => j.kind === 'scan').length;
    const cls = (await dispatch(s, 'classes.add', { name: 'A' })) as { id: number };
    const frame = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00ff00' } }).png().toBuffer();
    const before = scans();
    for (let i = 0; i < 3; i++) await dispatch(s, 'capture.save', { classId: cls.id, format: 'jpeg', dataBase64: frame.toString('base64') });
    await new Promise((r) => setTimeout(r, 800));
    expect(scans()).toBe(before);

    await writeImage(path.join(dir, 'first.jpg'), { width: 10, height: 10, color: '#ff00ff' });
    await until('a rescan for the changed file', () => (scans() > before ? true : undefined));
    await until('the new size in the store', async () => (((await dispatch(s, 'images.list', {})) as { items: { path: string; width: number }[] }).items.find((i) => i.path === 'first.jpg')?.width === 10 ? true : undefined));
  });

  it("does not fire for Lightbox's own writes in .lightbox/ or for hidden temporary files", async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    fs.mkdirSync(path.join(dir, '.lightbox', 'cache'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'downloads'));
    let fired = 0;
    const w = watchDataset(dir, () => fired++, { debounceMs: 50 });
    cleanups.unshift(() => w.close());
    expect(w.mode).toBe('events');
    for (let i = 0; i < 5; i++) {
      fs.writeFileSync(path.join(dir, '.lightbox', 'labels.sqlite-wal'), `x${i}`);
      fs.writeFileSync(path.join(dir, '.lightbox', 'cache', `t${i}.jpg`), 'x');
      fs.writeFileSync(path.join(dir, 'downloads', `.a.jpg.${process.pid}.x.part`), 'x');
    }
    await new Promise((r) => setTimeout(r, 600));
    expect(fired).toBe(0);
    // A real file does fire, once for a burst of changes.
    for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, 'downloads', `img${i}.jpg`), 'x');
    await until('one debounced change', () => (fired > 0 ? true : undefined), 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect(fired).toBe(1);
  });
});
