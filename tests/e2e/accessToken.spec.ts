import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { artifact, serve, type Served } from './helpers/serve.js';

let server: Served;
let other: http.Server;
/** The Cookie header of every request the other local server received. */
const cookiesSeenByOther: string[] = [];

test.beforeAll(async () => {
  server = await serve();
  // Another program's web page on 127.0.0.1, on another port: what can it get of the session?
  other = http.createServer((req, res) => {
    cookiesSeenByOther.push(req.headers.cookie ?? '');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>another local page</title>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
});
test.afterAll(async () => {
  await server.stop();
  await new Promise((r) => other.close(r));
});

test('the access token stays out of cookies and the address bar, and another local page gets nothing it can use', async ({ page, context }) => {
  const token = new URL(server.url).searchParams.get('token')!;
  const origin = new URL(server.url).origin;
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('24 images');
  // Thumbnails still load: the page reaches the files without a cookie.
  await expect.poll(() => page.locator('[data-testid="grid-cell"] img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(24);
  expect(await page.evaluate(() => location.href)).not.toContain(token);
  expect(page.url()).not.toContain(token);
  expect(await context.cookies()).toEqual([]);

  // A reload (its address has no token now) comes back working, to the same screen.
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page).toHaveURL(/#\/workspace\/\d+$/);
  await page.reload();
  await expect(page.locator('.image-name')).toHaveText(/\.jpg$/);
  expect(await page.evaluate(() => location.href)).not.toContain(token);
  await page.screenshot({ path: artifact('access-token-after-reload.png') });

  // Now the same tab visits another local server, as a person clicking a link to a dev server would.
  const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
  await page.goto(otherUrl);
  expect(cookiesSeenByOther.every((c) => !c.includes(token))).toBe(true);
  const got = await page.evaluate(async (lightbox) => {
    const load = (src: string) =>
      new Promise<string>((resolve) => {
        const img = new Image();
        img.onload = () => resolve(`loaded ${img.naturalWidth}x${img.naturalHeight}`);
        img.onerror = () => resolve('refused');
        img.src = src;
      });
    const socket = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${lightbox.replace('http', 'ws')}/rpc`);
      ws.onopen = () => resolve('open');
      ws.onerror = () => resolve('refused');
    });
    return {
      cookie: document.cookie,
      stored: JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }),
      thumb: await load(`${lightbox}/thumbs/1`),
      preview: await load(`${lightbox}/previews/1`),
      socket,
    };
  }, origin);
  expect(got.cookie).not.toContain(token);
  expect(got.stored).not.toContain(token);
  expect(got.thumb).toBe('refused');
  expect(got.preview).toBe('refused');
  expect(got.socket).toBe('refused');
});
