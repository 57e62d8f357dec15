import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { artifact, serve, type Served } from './helpers/serve.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let server: Served;
let dataset: string;

test.beforeAll(async () => {
  dataset = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-capture-'));
  for (const name of ['A', 'B']) execFileSync(process.execPath, [path.join(root, 'bin', 'lightbox.cjs'), 'classes', dataset, 'add', name]);
  server = await serve(dataset);
});
test.afterAll(async () => {
  await server.stop();
  fs.rmSync(dataset, { recursive: true, force: true });
});

function store() {
  const db = new Database(path.join(dataset, '.lightbox', 'labels.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT i.path, i.source, c.name AS class FROM images i JOIN annotations a ON a.image_id = i.id AND a.deleted = 0 JOIN classes c ON c.id = a.class_id ORDER BY i.id`,
      )
      .all() as { path: string; source: string; class: string }[];
    const images = (db.prepare('SELECT COUNT(*) AS n FROM images').get() as { n: number }).n;
    return { rows, images };
  } finally {
    db.close();
  }
}

function capturedFiles(): string[] {
  const dir = path.join(dataset, 'captures');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).flatMap((day) => fs.readdirSync(path.join(dir, day)).filter((f) => !f.startsWith('.')).map((f) => `captures/${day}/${f}`));
}

test('camera: pick the fake device, 3 shots into A, hold 2 to record into B, undo the last', async ({ page }) => {
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Camera' }).click();

  // Pick the device by its label (Chromium's fake camera), at 1280×720.
  const select = page.getByTestId('camera-select');
  const fakeOption = select.locator('option', { hasText: /fake/i }).first();
  await expect(fakeOption).toBeAttached();
  const fakeLabel = (await fakeOption.textContent())!;
  await select.selectOption({ label: fakeLabel });
  await page.getByTestId('resolution-select').selectOption('1280x720');
  const video = page.getByTestId('capture-video');
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  await expect(page.getByTestId('camera-problem')).toHaveCount(0);

  const count = (name: string) => page.locator(`[data-testid="capture-class"][data-name="${name}"] [data-testid="capture-count"]`);
  await expect(count('A')).toHaveText('0');

  // Three single shots into A (selected by clicking it), with Space.
  await page.locator('[data-testid="capture-class"][data-name="A"]').click();
  for (const n of [1, 2, 3]) {
    await page.keyboard.press('Space');
    await expect(count('A')).toHaveText(String(n));
  }

  // Hold 2 (class B's key) to record, release to stop.
  await page.keyboard.down('2');
  await expect(page.getByTestId('recording')).toContainText('B');
  await expect.poll(async () => Number(await count('B').textContent()), { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
  await page.keyboard.up('2');
  await expect(page.getByTestId('recording')).toHaveCount(0);
  await expect(page.getByTestId('capture-rate')).toBeVisible();
  // Saves still in flight at release finish; then the count stops moving.
  let recorded = -1;
  await expect
    .poll(async () => {
      const now = Number(await count('B').textContent());
      const stable = now === recorded;
      recorded = now;
      return stable;
    })
    .toBe(true);
  expect(store().rows.filter((r) => r.class === 'B')).toHaveLength(recorded);

  // Undo the last capture: one B frame fewer, on screen, on disk and in the store.
  await page.keyboard.press('Control+z');
  await expect(count('B')).toHaveText(String(recorded - 1));
  await expect(page.getByTestId('capture-message')).toHaveText('The last capture was removed.');
  await page.screenshot({ path: artifact('capture.png') });

  const { rows, images } = store();
  expect(rows.filter((r) => r.class === 'A')).toHaveLength(3);
  expect(rows.filter((r) => r.class === 'B')).toHaveLength(recorded - 1);
  expect(images).toBe(3 + recorded - 1);
  expect(rows.every((r) => r.source === 'camera' && /^captures\/\d{4}-\d{2}-\d{2}\/\d{6}-\d{3}(-\d+)?\.jpg$/.test(r.path))).toBe(true);
  expect(capturedFiles().sort()).toEqual(rows.map((r) => r.path).sort());
  // Frames are stored at the size the camera delivered.
  const first = fs.readFileSync(path.join(dataset, ...rows[0]!.path.split('/')));
  expect(first.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));

  // The camera goes away mid-capture: the screen says so, and what was captured stays.
  await page.getByTestId('capture-video').evaluate((v: HTMLVideoElement) => (v.srcObject as MediaStream).getVideoTracks()[0]!.dispatchEvent(new Event('ended')));
  await expect(page.getByTestId('camera-problem')).toHaveText(/camera was disconnected\. What was captured is saved/);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('capture-message')).toHaveText('The camera is not running: choose a camera above.');
  expect(store().images).toBe(3 + recorded - 1);
  await expect(count('A')).toHaveText('3');

  // The chosen device is remembered by the dataset.
  const db = new Database(path.join(dataset, '.lightbox', 'labels.sqlite'), { readonly: true });
  const prefs = JSON.parse((db.prepare(`SELECT value FROM settings WHERE key = 'capture.prefs'`).get() as { value: string }).value);
  db.close();
  expect(prefs).toMatchObject({ deviceLabel: fakeLabel, width: 1280, height: 720 });
});
