import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, type Page, test } from '@playwright/test';
import { artifact, serve, type Served } from './helpers/serve.js';

/**
 * What a new user tripped on (issue 15), as they would meet it: counts that agree between Stats,
 * the library and the class keys; an unreadable file the labeling loop passes over; the export
 * dialog's problems said in the dialog; the split preview; a replaced file's new thumbnail.
 */

test.describe.configure({ mode: 'serial' });

const repo = path.resolve(import.meta.dirname, '..', '..');
let work: string;
let ds: string;
let server: Served;
let page: Page;

async function png(file: string, width: number, height: number, color: string) {
  fs.writeFileSync(file, await sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer());
}

test.beforeAll(async ({ browser }) => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-newuser-'));
  ds = path.join(work, 'pets');
  fs.mkdirSync(ds);
  for (let i = 0; i < 4; i++) await png(path.join(ds, `a-${i}.png`), 40, 30, '#3366cc');
  // One sorts first by name, one last: the labeling loop must not start on, stop at or label either.
  fs.writeFileSync(path.join(ds, '0-broken.jpg'), 'this is not a jpeg');
  fs.writeFileSync(path.join(ds, 'broken.jpg'), 'this is not a jpeg either');
  for (const name of ['cat', 'dog']) {
    const r = spawnSync(process.execPath, [path.join(repo, 'bin', 'lightbox.cjs'), 'classes', ds, 'add', name], { encoding: 'utf8', env: { ...process.env, LIGHTBOX_HOME: work } });
    expect(r.status, r.stderr).toBe(0);
  }
  server = await serve(ds);
  page = await browser.newPage();
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('6 images');
});

test.afterAll(async () => {
  await page?.close();
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const nav = (name: string) => page.locator('header nav').getByRole('button', { name, exact: true });
const imageName = () => page.locator('.image-name');

test('labeling passes over the unreadable file, and Stats, the library and the class keys give the same counts', async () => {
  await nav('Label').click();
  // The queue starts on the first readable image, not on 0-broken.jpg.
  await expect(imageName()).toHaveText('a-0.png');
  for (const [key, next] of [['1', 'a-1.png'], ['1', 'a-2.png'], ['1', 'a-3.png']] as const) {
    await page.keyboard.press(key);
    await expect(imageName()).toHaveText(next);
  }
  // The last readable image: labeling it stays there instead of moving on to broken.jpg.
  await page.keyboard.press('2');
  await expect(page.getByTestId('current-labels')).toHaveText('dog');
  await expect(imageName()).toHaveText('a-3.png');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('current-labels')).toHaveText('');
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  // The class keys count images with the class: cat 3, dog 0 after the undo.
  await expect(page.getByTestId('class-keys').getByTestId('class-count')).toHaveText(['3', '0']);

  // Previous stops at the first readable image instead of showing 0-broken.jpg.
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
  await expect(imageName()).toHaveText('a-0.png');

  await nav('Stats').click();
  await expect(page.locator('main.stats')).toContainText('3 of 4 images labeled');
  await expect(page.getByTestId('stats-status')).toHaveText('To do 1 · Done 3 · Skipped 0');
  await expect(page.getByTestId('class-balance').locator('.bar-count')).toHaveText(['3', '0']);
  // Labeled per hour counts what is labeled now: the undone dog label is not in it.
  await expect(page.getByTestId('rate')).toHaveText('3');
  await expect(page.locator('main.stats')).toContainText('2 unreadable files are not counted');
  await page.screenshot({ path: artifact('newuser-stats.png') });

  await nav('Library').click();
  await expect(page.locator('.library-summary')).toContainText('3 of 4 images labeled');
  await expect(page.getByTestId('library-status')).toHaveText('To do 1 · Done 3 · Skipped 0');
  await expect(page.getByTestId('library-class-counts').getByTestId('class-count')).toHaveText(['3', '0']);

  // N goes to the one readable unlabeled image, never to broken.jpg; once it is labeled, N says all are.
  await nav('Label').click();
  await page.keyboard.press('n');
  await expect(imageName()).toHaveText('a-3.png');
  await page.keyboard.press('2');
  await expect(page.getByTestId('current-labels')).toHaveText('dog');
  await page.keyboard.press('n');
  await expect(page.getByTestId('status-message')).toHaveText('Every image has a label.');
  await expect(imageName()).toHaveText('a-3.png');
});

test('the export dialog says what to change inside the dialog, takes a relative folder, and a later export leaves no error behind', async () => {
  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog', { name: 'Export dataset' });
  await expect(dialog).toBeVisible();
  // A relative folder inside the dataset: refused in the dialog, with what to change.
  await dialog.getByTestId('export-out').fill('pets/inside');
  await expect(dialog.getByTestId('export-problem')).toContainText('inside the dataset. Choose a folder outside it');
  await expect(page.locator('.error-banner')).toHaveCount(0);
  // A relative folder next to the dataset: resolved against the dataset's parent, as the hint says.
  await dialog.getByTestId('export-out').fill('pets-export');
  await expect(dialog.getByTestId('export-problem')).toHaveCount(0);
  await expect(dialog).toContainText(`Will write to ${path.join(work, 'pets-export')}`);
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('export-summary')).toContainText(`Exported 4 images to ${path.join(work, 'pets-export')}`);
  expect(fs.readdirSync(path.join(work, 'pets-export')).sort()).toEqual(['.lightbox-export.json', 'PRIVACY.txt', 'cat', 'dog']);
  await expect(page.locator('.error-banner')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('Assign splits previews what each class gets before writing, labeled images only, and warns of a class test would miss', async () => {
  await nav('Assign splits…').click();
  const dialog = page.getByRole('dialog', { name: 'Assign train / val / test' });
  await expect(dialog.getByTestId('split-labeled-only')).toBeChecked();
  const preview = dialog.getByTestId('split-preview');
  // cat 3 images, dog 1 at 0.8 / 0.1 / 0.1: neither gets a test image, dog no val either.
  await expect(preview.locator('tr[data-class="cat"] td')).toHaveText(['cat', '3', '0', '0']);
  await expect(preview.locator('tr[data-class="dog"] td')).toHaveText(['dog', '1', '0', '0']);
  await dialog.getByLabel('val').fill('0.4');
  await dialog.getByLabel('test').fill('0.3');
  await dialog.getByLabel('train').fill('0.3');
  await expect(preview.locator('tr[data-class="cat"] td')).toHaveText(['cat', '1', '1', '1']);
  await expect(preview.locator('tr[data-class="dog"] td')).toHaveText(['dog', '0', '1', '0']);
  await expect(dialog.getByTestId('split-warning')).toHaveText(['⚠ No image of dog would go to test: label more images of it, or change the ratios.']);
  await page.screenshot({ path: artifact('newuser-split-dialog.png') });
  // Nothing is written until Assign.
  expect(await stat('perSplit')).toEqual({ train: 0, val: 0, test: 0, none: 4 });
  await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(dialog.getByTestId('split-result')).toHaveText('Assigned: train 1, val 2, test 1');
  expect(await stat('perSplit')).toEqual({ train: 1, val: 2, test: 1, none: 0 });
  await page.keyboard.press('Escape');
});

test('a replaced file shows its new thumbnail after a rescan and a reload', async () => {
  await nav('Library').click();
  const thumb = page.getByTestId('grid-cell').filter({ hasText: 'a-0.png' }).locator('img');
  await expect(thumb).toHaveJSProperty('complete', true);
  const before = await thumb.getAttribute('src');
  expect(before).toMatch(/\/thumbs\/\d+\?v=[0-9a-f]{12}$/);
  expect(await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth > img.naturalHeight)).toBe(true);

  // Replace a-0.png by a tall red picture, rescan, reload.
  await png(path.join(ds, 'a-0.png'), 20, 60, '#cc2222');
  await page.getByRole('button', { name: 'Rescan' }).click();
  await expect.poll(async () => page.getByTestId('grid-cell').filter({ hasText: 'a-0.png' }).locator('img').getAttribute('src')).not.toBe(before);
  await page.reload();
  const fresh = page.getByTestId('grid-cell').filter({ hasText: 'a-0.png' }).locator('img');
  await expect(fresh).toHaveJSProperty('complete', true);
  await expect.poll(() => fresh.evaluate((img: HTMLImageElement) => img.naturalHeight > img.naturalWidth)).toBe(true);
});

test('Stats and the split preview read the same in Chinese', async () => {
  await page.getByTestId('language').selectOption('zh-CN');
  await page.locator('header nav button').nth(3).click(); // 统计 (Stats)
  await expect(page.locator('main.stats')).toContainText('已标注 4 / 4 张图像');
  await expect(page.getByTestId('stats-status')).toHaveText('待处理 0 · 已完成 4 · 已跳过 0');
  await expect(page.locator('main.stats')).toContainText('2 个无法读取的文件不计入');
  await page.screenshot({ path: artifact('newuser-stats-zh.png') });
  await page.locator('header nav').getByRole('button', { name: '分配划分…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('split-preview')).toContainText('各划分将获得的图像');
  await page.screenshot({ path: artifact('newuser-split-dialog-zh.png') });
  await page.keyboard.press('Escape');
  await page.getByTestId('language').selectOption('en');
});

/** One part of datasets.stats, read as `lightbox stats --json` would (the CLI, a second process on the same store). */
async function stat(key: 'perSplit'): Promise<unknown> {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin', 'lightbox.cjs'), 'stats', ds, '--json'], { encoding: 'utf8', env: { ...process.env, LIGHTBOX_HOME: work } });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Record<string, unknown>)[key];
}
