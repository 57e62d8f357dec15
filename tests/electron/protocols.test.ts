import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BootedApp, bootApp, invoke } from './bootApp.js';
import { mock } from './electronMock.js';
import { writeImage } from '../helpers/tempDataset.js';

vi.mock('electron', () => import('./electronMock.js'));

/**
 * The `lightbox:` protocol against a real dataset folder opened through the real Session: what an
 * <img> in the window may load, and what it may not.
 */
describe('dataset images over lightbox://', () => {
  let booted: BootedApp;
  let root: string;
  let secret: Buffer;
  let serve: (r: Request) => Promise<Response>;
  /** A request exactly as given, without the URL parser's normalisation of dot segments. */
  const raw = (url: string, method = 'GET') => serve({ url, method } as Request);

  beforeAll(async () => {
    booted = await bootApp();
    root = path.join(booted.dir, 'dataset');
    const outside = path.join(booted.dir, 'outside');
    await writeImage(path.join(root, 'cats', 'a.jpg'), { color: '#aa3322' });
    await writeImage(path.join(root, 'dogs', 'b.png'));
    await writeImage(path.join(root, 'ünïcødé name.jpg'));
    await writeImage(path.join(outside, 'secret.jpg'), { color: '#00ff00' });
    secret = fs.readFileSync(path.join(outside, 'secret.jpg'));
    fs.writeFileSync(path.join(root, 'notes.txt'), 'private notes');
    fs.symlinkSync(path.join(outside, 'secret.jpg'), path.join(root, 'link.jpg'));
    fs.symlinkSync(outside, path.join(root, 'linkdir'));
    expect(await invoke('datasets.open', { path: root })).toMatchObject({ ok: true });
    const { result } = (await invoke('datasets.scan', { thumbnails: true })) as { result: { jobId: string } };
    await booted.running.session.jobs.wait(result.jobId);
    serve = mock.protocolHandlers.get('lightbox')! as never;
  });
  afterAll(() => booted.cleanup());

  it('serves an image of the dataset with its image type and nosniff', async () => {
    const res = await serve(new Request('lightbox://files/cats/a.jpg'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(path.join(root, 'cats', 'a.jpg')))).toBe(true);
    const png = await serve(new Request('lightbox://files/dogs/b.png'));
    expect(png.headers.get('content-type')).toBe('image/png');
    const named = await serve(new Request(`lightbox://files/${encodeURIComponent('ünïcødé name.jpg')}`));
    expect(named.status).toBe(200);
  });

  it('lets the app page use the image (CORS for app://lightbox only)', async () => {
    const res = await serve(new Request('lightbox://files/cats/a.jpg'));
    expect(res.headers.get('access-control-allow-origin')).toBe('app://lightbox');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it.each([
    ['..', 'lightbox://files/../outside/secret.jpg'],
    ['.. after a folder', 'lightbox://files/cats/../../outside/secret.jpg'],
    ['%2e%2e', 'lightbox://files/%2e%2e/outside/secret.jpg'],
    ['%2E%2E with an encoded slash', 'lightbox://files/%2E%2E%2Foutside%2Fsecret.jpg'],
    ['%252e%252e', 'lightbox://files/%252e%252e/outside/secret.jpg'],
    ['backslashes', 'lightbox://files/..%5Coutside%5Csecret.jpg'],
  ])('refuses a path that leaves the dataset: %s', async (_name, url) => {
    const res = await raw(url);
    expect(res.status).toBe(403);
    expect(Buffer.from(await res.arrayBuffer()).equals(secret)).toBe(false);
    // The same URL as Chromium would hand it over, dot segments already resolved: still nothing outside.
    const parsed = await serve(new Request(url));
    expect(parsed.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses an absolute path, plain or encoded', async () => {
    const abs = path.join(booted.dir, 'outside', 'secret.jpg');
    for (const url of [`lightbox://files/${abs}`, `lightbox://files/${encodeURIComponent(abs)}`]) {
      const res = await raw(url);
      expect(res.status, url).toBe(403);
      expect(Buffer.from(await res.arrayBuffer()).equals(secret)).toBe(false);
    }
  });

  it('refuses a symlink inside the dataset that points outside it', async () => {
    for (const url of ['lightbox://files/link.jpg', 'lightbox://files/linkdir/secret.jpg']) {
      const res = await serve(new Request(url));
      expect(res.status, url).toBe(403);
      expect(Buffer.from(await res.arrayBuffer()).equals(secret)).toBe(false);
    }
  });

  it('refuses files inside the dataset that are not images', async () => {
    for (const url of ['lightbox://files/notes.txt', 'lightbox://files/.lightbox/labels.sqlite']) {
      const res = await serve(new Request(url));
      expect(res.status, url).toBe(403);
      expect(await res.text()).not.toContain('private notes');
    }
  });

  it('answers 404 for an image that is not there and for another host', async () => {
    expect((await serve(new Request('lightbox://files/cats/none.jpg'))).status).toBe(404);
    expect((await serve(new Request('lightbox://elsewhere/cats/a.jpg'))).status).toBe(404);
  });

  it.each(['thumbs', 'previews'])('serves the cached %s of an image by id', async (kind) => {
    const list = (await invoke('images.list', {})) as { result: { items: { id: number; path: string }[] } };
    const a = list.result.items.find((i) => i.path === 'cats/a.jpg')!;
    const res = await serve(new Request(`lightbox://${kind}/${a.id}`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    for (const bad of ['0', '-1', '1.5', 'abc', '99999999', `${a.id}/../1`]) {
      expect((await raw(`lightbox://${kind}/${bad}`)).status, bad).toBe(404);
    }
    // Only the address carrying the content's version is cached long; a wrong version is revalidated.
    const version = (list.result.items.find((i) => i.path === 'cats/a.jpg') as unknown as { version: string }).version;
    expect((await serve(new Request(`lightbox://${kind}/${a.id}?v=${version}`))).headers.get('cache-control')).toMatch(/max-age=31536000/);
    expect((await serve(new Request(`lightbox://${kind}/${a.id}?v=0000aaaa0000`))).headers.get('cache-control')).toMatch(/no-cache/);
    expect(res.headers.get('cache-control')).toMatch(/no-cache/);
  });

  it('only answers GET and HEAD', async () => {
    expect((await raw('lightbox://files/cats/a.jpg', 'POST')).status).toBe(405);
    const head = await serve(new Request('lightbox://files/cats/a.jpg', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('serves nothing once the dataset is closed', async () => {
    await invoke('datasets.close', {});
    expect((await serve(new Request('lightbox://files/cats/a.jpg'))).status).toBe(404);
    await invoke('datasets.open', { path: root });
  });
});
