import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, type Page, test } from '@playwright/test';
import { artifact, serve, type Served } from './helpers/serve.js';

/**
 * The export dialog's training formats as a person meets them: webdataset in the format list, a
 * line on what it writes, the shard limit, and shards on disk after Export.
 */

const repo = path.resolve(import.meta.dirname, '..', '..');
let work: string;
let ds: string;
let server: Served;
let page: Page;

const lightbox = (...args: string[]) => spawnSync(process.execPath, [path.join(repo, 'bin', 'lightbox.cjs'), ...args], { encoding: 'utf8', env: { ...process.env, LIGHTBOX_HOME: work } });

test.beforeAll(async ({ browser }) => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-train-'));
  ds = path.join(work, 'pets');
  fs.mkdirSync(ds);
  for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(ds, `a-${i}.png`), await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } }).png().toBuffer());
  expect(lightbox('scan', ds, '--no-thumbnails').status).toBe(0);
  expect(lightbox('classes', ds, 'add', 'cat').status).toBe(0);
  for (let i = 0; i < 3; i++) expect(lightbox('label', ds, `a-${i}.png`, '--class', 'cat').status).toBe(0);
  server = await serve(ds);
  page = await browser.newPage();
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('3 images');
});

test.afterAll(async () => {
  await page?.close();
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

test('exports WebDataset shards from the dialog, with the shard size chosen there', async () => {
  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog', { name: 'Export dataset' });
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('export-format').selectOption('webdataset');
  await expect(dialog.getByTestId('export-format-hint')).toContainText('Tar shards for the WebDataset loader');
  await dialog.getByTestId('export-shard-size').fill('2');
  await dialog.getByTestId('export-out').fill('pets-wds');
  await expect(dialog.getByTestId('export-problem')).toHaveCount(0);
  await page.screenshot({ path: artifact('train-export-dialog.png') });
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('export-summary')).toContainText(`Exported 3 images to ${path.join(work, 'pets-wds')}`);
  expect(fs.readdirSync(path.join(work, 'pets-wds')).sort()).toEqual(['.lightbox-export.json', 'PRIVACY.txt', 'dataset.json', 'pets-wds-000000.tar', 'pets-wds-000001.tar']);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});
