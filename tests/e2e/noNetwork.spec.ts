import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { artifact, serve, type Served } from './helpers/serve.js';

/**
 * Privacy by construction: a whole run of labeling and exporting in the browser host makes no
 * request anywhere but the loopback server it was opened from — no web font, no CDN, no update
 * check, no telemetry. Every request the page and its context make is recorded, WebSockets too.
 */
let server: Served;
test.beforeAll(async () => {
  server = await serve();
});
test.afterAll(async () => {
  await server.stop();
});

async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move(...to, { steps: 12 });
  await page.mouse.up();
}

test('labeling and exporting make no request outside 127.0.0.1 of the serve port', async ({ page, context }) => {
  const origin = new URL(server.url).origin; // http://127.0.0.1:PORT
  const wsOrigin = origin.replace(/^http:/, 'ws:');
  const requests: string[] = [];
  const sockets: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('request', (r) => requests.push(r.url()));
  page.on('websocket', (ws) => sockets.push(ws.url()));
  context.on('serviceworker', (w) => requests.push(w.url()));

  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('24 images');

  // A class from the class panel, keyboard only.
  await page.keyboard.press('c');
  await page.getByLabel('New class name').fill('blob');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('class-row')).toHaveCount(4);
  await page.keyboard.press('Escape');

  // Label a few images by number keys.
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page.getByTestId('image-view').locator('img')).toBeVisible();
  for (const k of ['4', '2', '3']) {
    const before = await page.locator('.image-name').textContent();
    await page.keyboard.press(k);
    await expect(page.locator('.image-name')).not.toHaveText(before!);
  }
  await expect(page.getByTestId('save-status')).toHaveText('Saved');

  // A box in region mode.
  await page.keyboard.press('b');
  const layer = page.getByTestId('region-layer');
  await expect(layer).toHaveAttribute('data-tool', 'box.idle');
  const r = (await page.getByTestId('region-canvas').boundingBox())!;
  const cx = r.x + r.width / 2;
  const cy = r.y + r.height / 2;
  await drag(page, [cx - 120, cy - 90], [cx + 40, cy + 30]);
  await expect(layer).toHaveAttribute('data-shapes', /\["box","/);
  await expect(page.getByTestId('region-save')).toHaveText('Saved');

  // Export from the dialog (Ctrl+E).
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-nonet-')), 'export');
  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog', { name: 'Export dataset' });
  await dialog.getByLabel('Output folder').fill(out);
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('export-summary')).toContainText(`to ${out}`);
  await page.screenshot({ path: artifact('no-network-export-done.png') });
  expect(fs.readdirSync(out)).toContain('.lightbox-export.json');
  // The privacy report is written at the top of the export, and the dialog says what it found.
  expect(fs.readFileSync(path.join(out, 'PRIVACY.txt'), 'utf8')).toContain('Removed from every image: EXIF');
  await expect(page.getByTestId('export-privacy')).toContainText('see PRIVACY.txt');

  // The recording worked: the page, its script, images and the contract's WebSocket were seen.
  expect(requests.some((u) => u.startsWith(`${origin}/?token=`))).toBe(true);
  expect(requests.some((u) => u.startsWith(`${origin}/assets/`))).toBe(true);
  expect(sockets.length).toBeGreaterThan(0);

  // Nothing went anywhere else: every request is the serve port on 127.0.0.1 (or memory).
  const foreign = [...requests, ...sockets].filter((u) => {
    if (u.startsWith('data:') || u.startsWith(`blob:${origin}/`)) return false;
    const o = new URL(u).origin;
    return o !== origin && o !== wsOrigin;
  });
  expect(foreign).toEqual([]);
  for (const ws of sockets) expect(new URL(ws).origin).toBe(wsOrigin);
  // No web fonts of any origin: the page uses the system's fonts.
  expect(requests.filter((u) => /\.(woff2?|ttf|otf|eot)(\?|$)/i.test(u))).toEqual([]);

  // And the built page names no outside stylesheet, font or script to load.
  const dist = path.resolve(import.meta.dirname, '..', '..', 'dist', 'renderer');
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
  for (const css of fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.css'))) {
    const text = fs.readFileSync(path.join(dist, 'assets', css), 'utf8');
    expect(text, css).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//i);
  }
});
