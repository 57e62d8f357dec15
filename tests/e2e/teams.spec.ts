import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test } from '@playwright/test';
import { artifact, serve } from './helpers/serve.js';

/**
 * Teams end to end: the owner packs four images for two annotators (all shared). Ana opens her
 * package and labels it in the app with the number keys; Ben's answers come by the CLI. Both hand
 * in (Ana from the app's task dialog), the owner merges, and the Stats screen shows their agreement.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
let work: string;
let home: string;

function lightbox(...args: string[]): string {
  return execFileSync(process.execPath, [path.join(root, 'bin', 'lightbox.cjs'), ...args], { env: { ...process.env, LIGHTBOX_HOME: home }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

test.beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-teams-'));
  home = path.join(work, '.home');
  const owner = path.join(work, 'owner');
  fs.mkdirSync(owner);
  for (const [i, c] of ['#cc3333', '#33cc33', '#3333cc', '#cccc33'].entries()) {
    await sharp({ create: { width: 320, height: 240, channels: 3, background: c } }).png().toFile(path.join(owner, `img${i + 1}.png`));
  }
  lightbox('scan', owner, '--no-thumbnails');
  lightbox('classes', owner, 'add', 'cat', '--key', '1');
  lightbox('classes', owner, 'add', 'dog', '--key', '2');
  fs.writeFileSync(path.join(work, 'guide.md'), '# Pets\nA cat has pointed ears.\n');
  lightbox('package', 'create', owner, '--out', path.join(work, 'task.lbx'), '--annotator', 'ana,ben', '--overlap', '100%', '--guidelines', path.join(work, 'guide.md'));
  lightbox('package', 'open', path.join(work, 'task-ana.lbx'), '--into', path.join(work, 'ana'));
  lightbox('package', 'open', path.join(work, 'task-ben.lbx'), '--into', path.join(work, 'ben'));
  for (const [i, c] of ['cat', 'cat', 'dog', 'cat'].entries()) lightbox('label', path.join(work, 'ben'), `images/00000${i + 1}.png`, '--class', c);
});

test.afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

test('an annotator labels a task package in the app; after the merge the owner sees the agreement on Stats', async ({ page }) => {
  const ana = await serve(path.join(work, 'ana'));
  try {
    await page.goto(ana.url);
    await expect(page.getByTestId('image-count')).toHaveText('4 images');
    await page.getByTestId('grid-cell').first().dblclick();
    await expect(page.getByTestId('image-view').locator('img')).toBeVisible();
    for (const k of ['1', '1', '2']) {
      const before = await page.locator('.image-name').textContent();
      await page.keyboard.press(k);
      await expect(page.locator('.image-name')).not.toHaveText(before!);
    }
    await page.keyboard.press('2');
    await expect(page.getByTestId('current-labels')).toHaveText('dog');
    await expect(page.getByTestId('save-status')).toHaveText('Saved');
    await page.screenshot({ path: artifact('teams-annotator.png') });
    // The guidelines are one key away, and so is the hand-in.
    await page.keyboard.press('Control+g');
    const dialog = page.getByRole('dialog', { name: 'Task' });
    await expect(dialog.getByTestId('guidelines')).toContainText('A cat has pointed ears.');
    await dialog.getByTestId('result-path').fill(path.join(work, 'ana.lbx'));
    await dialog.getByRole('button', { name: 'Hand in' }).click();
    await expect(dialog.getByTestId('handed-in')).toContainText('4 of 4 images answered');
    await page.screenshot({ path: artifact('teams-handin.png') });
  } finally {
    await ana.stop();
  }
  expect(fs.existsSync(path.join(work, 'ana.lbx'))).toBe(true);
  lightbox('package', 'return', path.join(work, 'ben'), '--out', path.join(work, 'ben.lbx'));
  expect(lightbox('package', 'merge', path.join(work, 'owner'), path.join(work, 'ana.lbx'), path.join(work, 'ben.lbx'))).toContain('3 agreed');

  const owner = await serve(path.join(work, 'owner'));
  try {
    await page.goto(owner.url);
    await expect(page.getByTestId('image-count')).toHaveText('4 images');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('statis');
    await page.keyboard.press('Enter');
    // ana: cat cat dog dog; ben: cat cat dog cat → pₒ = 3/4, pₑ = 1/2, κ = 0.5; Fleiss (two raters) 0.47.
    await expect(page.getByTestId('agreement-kappa')).toContainText('ana / ben');
    await expect(page.getByTestId('agreement-kappa')).toContainText('0.50');
    await expect(page.getByTestId('agreement-fleiss')).toContainText('0.47');
    await expect(page.getByTestId('agreement-rate').locator('.bar-row')).toHaveCount(2);
    await page.getByTestId('agreement').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('teams-agreement.png'), fullPage: true });
  } finally {
    await owner.stop();
  }
});
