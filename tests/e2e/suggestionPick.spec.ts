import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { expect, test } from '@playwright/test';
import { constantDetector, writeModel } from '../helpers/predictModels.js';
import { artifact, serve, type Served } from './helpers/serve.js';

/**
 * Deciding a detector's (or the face detector's) boxes one by one: Tab picks a suggestion, Y or X
 * decides only that one and the pick moves to the next; with none picked Y and X decide them all.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
let server: Served;
let work: string;
let ds: string;

function lightbox(args: string[]): void {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'lightbox.cjs'), ...args], { encoding: 'utf8', env: { ...process.env, LIGHTBOX_HOME: path.join(work, 'home') } });
  if (r.status !== 0) throw new Error(`lightbox ${args.join(' ')}: ${r.stderr}`);
}

/** Each suggestion's score and state, as the store has them. */
function states(): { score: number; state: string }[] {
  const db = new Database(path.join(ds, '.lightbox', 'labels.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT round(score, 2) AS score, state FROM suggestions ORDER BY score DESC').all() as { score: number; state: string }[];
  } finally {
    db.close();
  }
}

test.beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-pick-'));
  ds = path.join(work, 'dataset');
  fs.mkdirSync(ds);
  await sharp({ create: { width: 640, height: 640, channels: 3, background: '#808080' } }).png().toFile(path.join(ds, 'street.png'));
  lightbox(['scan', ds]);
  // Three cars far apart (no NMS between them), best first: 90 % at x 20, 80 % at x 260, 70 % at x 500.
  const detector = writeModel(
    path.join(work, 'cars.onnx'),
    constantDetector(
      [
        { cx: 70, cy: 320, w: 100, h: 100, scores: [0.9] },
        { cx: 310, cy: 320, w: 100, h: 100, scores: [0.8] },
        { cx: 550, cy: 320, w: 100, h: 100, scores: [0.7] },
      ],
      ['car'],
    ),
  );
  lightbox(['predict', ds, '--model', detector, '--create-classes']);
  server = await serve(ds);
});
test.afterAll(async () => {
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

test('Tab picks one suggestion and Y or X decides only that one; with none picked they decide all', async ({ page }) => {
  await page.goto(server.url);
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page.locator('.image-name')).toHaveText('street.png');
  const panel = page.getByTestId('suggestions');
  const chips = panel.locator('.suggestion-chip');
  const picked = panel.locator('.suggestion-chip[aria-selected="true"]');
  const pickedBox = page.getByTestId('suggestion-boxes').locator('g[data-picked] rect.dashed');
  await expect(chips).toHaveCount(3);
  await expect(panel).toContainText('Tab picks one at a time');
  await expect(picked).toHaveCount(0);

  // Tab, Tab, Shift+Tab: the best one is picked, drawn bold over the image.
  await page.keyboard.press('Tab');
  await expect(picked).toContainText('90%');
  await page.keyboard.press('Tab');
  await expect(picked).toContainText('80%');
  await expect(pickedBox).toHaveAttribute('x', '260');
  await page.keyboard.press('Shift+Tab');
  await expect(picked).toContainText('90%');
  await expect(pickedBox).toHaveAttribute('x', '20');
  await expect(panel).toContainText('Y and X decide the picked one only');
  await page.screenshot({ path: artifact('suggestion-picked.png') });

  // Y takes the 90 % box alone; the pick moves on to the 80 % one, X rejects only it, then Y the 70 %.
  await page.keyboard.press('y');
  await expect(chips).toHaveCount(2);
  await expect(picked).toContainText('80%');
  await page.keyboard.press('x');
  await expect(chips).toHaveCount(1);
  await expect(picked).toContainText('70%');
  await page.keyboard.press('y');
  await expect(panel).toHaveCount(0);
  expect(states()).toEqual([
    { score: 0.9, state: 'accepted' },
    { score: 0.8, state: 'rejected' },
    { score: 0.7, state: 'accepted' },
  ]);

  // Undo takes back one decision: the 70 % box is pending again. Tab past it picks none: Y decides all that are left.
  await page.keyboard.press('Control+z');
  await expect(chips).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect(chips).toHaveCount(2);
  await page.keyboard.press('Tab');
  await expect(picked).toHaveCount(1);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(picked).toHaveCount(0);
  await page.keyboard.press('y');
  await expect(panel).toHaveCount(0);
  expect(states()).toEqual([
    { score: 0.9, state: 'accepted' },
    { score: 0.8, state: 'accepted' },
    { score: 0.7, state: 'accepted' },
  ]);
});
