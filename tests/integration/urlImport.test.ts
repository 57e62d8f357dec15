import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UrlImportSummary } from '../../src-main/api/acquire.js';
import { guardedLookup } from '../../src-main/dataset/safeFetch.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { bundleCli } from '../helpers/childProcess.js';
import { type ImageServer, startImageServer } from '../helpers/imageServer.js';
import { tempDir } from '../helpers/tempDataset.js';
import { openTempDataset } from '../helpers/tempSession.js';

async function runImport(s: Session, params: Record<string, unknown>): Promise<UrlImportSummary> {
  const { jobId } = (await dispatch(s, 'acquire.importUrls', params)) as { jobId: string };
  return (await s.jobs.wait(jobId)) as UrlImportSummary;
}

describe('URL list import', () => {
  let server: ImageServer;
  const cleanups: (() => void)[] = [];
  beforeAll(async () => {
    server = await startImageServer({ images: 30 });
  });
  afterAll(() => server.close());
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('refuses the local server without the private-network opt-in, in every spelling, and fetches nothing', async () => {
    const { s, dir } = openTempDataset(cleanups);
    const p = server.port;
    const list = [
      `${server.base}/good/1.jpg`,
      `http://127.1:${p}/good/2.jpg`,
      `http://2130706433:${p}/good/3.jpg`,
      `http://0x7f.1:${p}/good/4.jpg`,
      `http://localhost:${p}/good/5.jpg`,
      `http://[::ffff:127.0.0.1]:${p}/good/6.jpg`,
      `http://0:${p}/good/7.jpg`,
      `file:///etc/passwd`,
    ].join('\n');
    const before = server.requests.length;
    const r = await runImport(s, { text: list });
    expect(r.saved).toBe(0);
    expect(r.failed).toHaveLength(8);
    for (const f of r.failed.slice(0, 7)) expect(f.reason).toMatch(/^refused: .*(loopback|unspecified|IPv4-mapped)/);
    expect(r.failed[7]!.reason).toMatch(/only http and https/);
    expect(server.requests.length).toBe(before);
    expect(fs.existsSync(path.join(dir, 'downloads'))).toBe(false);
  });

  it('refuses a host name that resolves to a loopback address at the resolver', async () => {
    const lookup = guardedLookup(false);
    const err = await new Promise<Error | null>((resolve) => lookup('localhost', { all: true }, (e) => resolve(e)));
    expect(err?.message).toMatch(/refused: localhost resolves to .*loopback/);
    const ok = await new Promise<unknown>((resolve) => guardedLookup(true)('localhost', { all: true }, (_e, a) => resolve(a)));
    expect(ok).toEqual(expect.arrayContaining([expect.objectContaining({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) })]));
  });

  it('with the opt-in: saves images by their bytes, labels them, and lists each failure with its reason', async () => {
    const { s, dir } = openTempDataset(cleanups);
    const b = server.base;
    const list = [
      '# images for the test',
      `${b}/good/1.jpg,cat`,
      `${b}/good/2.jpg,dog`,
      `${b}/good/3.jpg`,
      `${b}/pic.png,cat`,
      `${b}/page.jpg,cat`,
      `${b}/r/5/4`,
      `${b}/r/6/5`,
      `${b}/slow.jpg`,
      `${b}/big.jpg`,
      `${b}/missing.jpg`,
      `${b}/dup.jpg,cat`,
      '',
    ].join('\n');
    const r = await runImport(s, { text: list, allowPrivateNetwork: true, timeoutSeconds: 1, maxBytes: 256 * 1024, concurrency: 3 });
    expect(r.total).toBe(11);
    expect(r.saved).toBe(5); // good 1-3, the PNG, the 5-redirect chain
    expect(r.duplicates).toBe(1);
    expect(r.classesCreated.sort()).toEqual(['cat', 'dog']);
    const reasons = Object.fromEntries(r.failed.map((f) => [f.url.replace(b, ''), f.reason]));
    expect(reasons).toEqual({
      '/page.jpg': expect.stringMatching(/not an image/),
      '/r/6/5': expect.stringMatching(/too many redirects \(more than 5\)/),
      '/slow.jpg': expect.stringMatching(/timed out after 1 s/),
      '/big.jpg': expect.stringMatching(/too large/),
      '/missing.jpg': expect.stringMatching(/404/),
    });

    const host = `127.0.0.1_${server.port}`;
    const files = fs.readdirSync(path.join(dir, 'downloads', host)).sort();
    expect(files).toEqual(['1.jpg', '2.jpg', '3.jpg', '4.jpg', 'pic.png']);
    expect(fs.readFileSync(path.join(dir, 'downloads', host, '2.jpg'))).toEqual(server.image(2));

    const rows = s.require().db.prepare(`SELECT path, source, source_ref, width FROM images ORDER BY path`).all();
    expect(rows).toEqual([
      { path: `downloads/${host}/1.jpg`, source: 'url', source_ref: `${b}/good/1.jpg`, width: 64 },
      { path: `downloads/${host}/2.jpg`, source: 'url', source_ref: `${b}/good/2.jpg`, width: 64 },
      { path: `downloads/${host}/3.jpg`, source: 'url', source_ref: `${b}/good/3.jpg`, width: 64 },
      { path: `downloads/${host}/4.jpg`, source: 'url', source_ref: `${b}/r/5/4`, width: 64 },
      { path: `downloads/${host}/pic.png`, source: 'url', source_ref: `${b}/pic.png`, width: 20 },
    ]);
    const labels = s.require().db
      .prepare(`SELECT i.path, c.name FROM annotations a JOIN images i ON i.id = a.image_id JOIN classes c ON c.id = a.class_id WHERE a.deleted = 0 ORDER BY i.path`)
      .all();
    expect(labels).toEqual([
      { path: `downloads/${host}/1.jpg`, name: 'cat' },
      { path: `downloads/${host}/2.jpg`, name: 'dog' },
      { path: `downloads/${host}/pic.png`, name: 'cat' },
    ]);

    // A later scan sees these files as they are: nothing new, nothing changed.
    const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    expect(await s.jobs.wait(jobId)).toMatchObject({ added: 0, changed: 0, unchanged: 5 });
  });

  it('running a finished list again fetches nothing and adds nothing', async () => {
    const { s } = openTempDataset(cleanups);
    const list = `${server.base}/good/7.jpg\n${server.base}/good/8.jpg,bird\n`;
    const first = await runImport(s, { text: list, allowPrivateNetwork: true });
    expect(first.saved).toBe(2);
    const before = server.requests.length;
    const again = await runImport(s, { text: list, allowPrivateNetwork: true });
    expect(again).toMatchObject({ resumed: false, saved: 0, duplicates: 2, failed: [] });
    expect(server.requests.length).toBe(before);
    expect((s.require().db.prepare('SELECT COUNT(*) AS n FROM images').get() as { n: number }).n).toBe(2);
  });
});

describe('URL import killed half way', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('resumes where it stopped: nothing finished is fetched again, every image is there once', async () => {
    const cli = await bundleCli();
    cleanups.push(() => fs.rmSync(cli, { force: true }));
    const server = await startImageServer({ images: 24, delayMs: 120 });
    cleanups.push(() => void server.close());
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const listFile = path.join(dir, '..', `${path.basename(dir)}-urls.txt`);
    fs.writeFileSync(listFile, Array.from({ length: 24 }, (_, i) => `${server.base}/good/${i + 1}.jpg,${i % 2 ? 'odd' : 'even'}`).join('\n'));
    cleanups.push(() => fs.rmSync(listFile, { force: true }));
    const args = [cli, 'import-urls', dir, listFile, '--allow-private-network', '--concurrency', '2'];

    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    // Kill it once some (not all) lines are committed.
    const doneCount = () => {
      try {
        const db = new Database(path.join(dir, '.lightbox', 'labels.sqlite'), { readonly: true, fileMustExist: true });
        try {
          return (db.prepare(`SELECT COUNT(*) AS n FROM url_import_items WHERE state = 'done'`).get() as { n: number }).n;
        } finally {
          db.close();
        }
      } catch {
        return 0;
      }
    };
    const deadline = Date.now() + 30_000;
    while (doneCount() < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const db = new Database(path.join(dir, '.lightbox', 'labels.sqlite'), { readonly: true });
    const finished = (db.prepare(`SELECT url FROM url_import_items WHERE state = 'done'`).all() as { url: string }[]).map((r) => r.url);
    db.close();
    expect(finished.length).toBeGreaterThanOrEqual(6);
    expect(finished.length).toBeLessThan(24);

    const requestsBefore = server.requests.length;
    const rerun = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    rerun.stdout.on('data', (c) => (out += c));
    rerun.stderr.on('data', (c) => (err += c));
    const code = await new Promise((r) => rerun.once('exit', r));
    expect(code, err).toBe(0);
    expect(err).toMatch(/Resuming the unfinished import/);
    expect(out).toMatch(/24 URLs: 24 saved, 0 duplicates skipped, 0 failed/);

    const fetchedAgain = server.requests.slice(requestsBefore).map((p) => `${server.base}${p}`);
    for (const u of finished) expect(fetchedAgain).not.toContain(u);

    const check = new Database(path.join(dir, '.lightbox', 'labels.sqlite'), { readonly: true });
    const rows = check.prepare(`SELECT path, sha256 FROM images WHERE source = 'url'`).all() as { path: string; sha256: string }[];
    const tags = (check.prepare(`SELECT COUNT(*) AS n FROM annotations WHERE deleted = 0`).get() as { n: number }).n;
    check.close();
    expect(rows).toHaveLength(24);
    expect(new Set(rows.map((r) => r.sha256)).size).toBe(24);
    expect(tags).toBe(24);
    const files = fs.readdirSync(path.join(dir, 'downloads', `127.0.0.1_${server.port}`));
    expect(files.filter((f) => !f.startsWith('.')).sort()).toEqual(rows.map((r) => r.path.split('/').pop()).sort());
    expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('lightbox import-urls from a script', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('exits 1 with a one-line reason when not one image could be downloaded', async () => {
    const cli = await bundleCli();
    cleanups.push(() => fs.rmSync(cli, { force: true }));
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const listFile = path.join(dir, '..', `${path.basename(dir)}-refused.txt`);
    fs.writeFileSync(listFile, 'http://127.0.0.1:9/a.jpg\nhttp://10.0.0.1/b.jpg\n');
    cleanups.push(() => fs.rmSync(listFile, { force: true }));
    const run = spawn(process.execPath, [cli, 'import-urls', dir, listFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    run.stdout.on('data', (c) => (out += c));
    run.stderr.on('data', (c) => (err += c));
    const code = await new Promise((r) => run.once('exit', r));
    expect(code).toBe(1);
    expect(out).toMatch(/2 URLs: 0 saved, 0 duplicates skipped, 2 failed/);
    expect(err).toMatch(/No image could be downloaded/);
    expect(err).not.toMatch(/at .*\.(js|cjs|ts):\d+/); // a message, not a stack trace
  });
});
