import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, type Page, test } from '@playwright/test';
import { artifact, serve, type Served } from './helpers/serve.js';

/**
 * Issue 15, finding 9: a main-process refusal reaches the Chinese interface in Chinese, in the
 * dialog where the user acted, with the path carried over and no English left.
 */

test.describe.configure({ mode: 'serial' });

let work: string;
let ds: string;
let server: Served;
let page: Page;

/** Latin words left once the paths and format names a message may carry are taken out. */
const english = (text: string, ...kept: string[]) => {
  let rest = text;
  for (const k of kept) rest = rest.split(k).join(' ');
  return (rest.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !['JSON', 'COCO', 'Lightbox'].includes(w));
};

test.beforeAll(async ({ browser }) => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-errzh-'));
  ds = path.join(work, 'pets');
  fs.mkdirSync(ds);
  for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(ds, `a-${i}.png`), await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } }).png().toBuffer());
  // A hostile label file: named like COCO, not JSON at all.
  fs.writeFileSync(path.join(work, 'labels.json'), '{"images": [ this is not json');
  server = await serve(ds);
  page = await browser.newPage();
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('3 images');
  await page.getByTestId('language').selectOption('zh-CN');
  await expect(page.getByTestId('image-count')).toHaveText('3 张图像');
});

test.afterAll(async () => {
  await page.close();
  await server.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

test('an export into the dataset is refused in the dialog, in Chinese', async () => {
  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('export-out').fill('pets/inside');
  const problem = dialog.getByTestId('export-problem');
  const inside = path.join(ds, 'inside');
  await expect(problem).toContainText(`导出文件夹 ${inside} 位于数据集内部。请选择数据集之外的文件夹`);
  expect(english((await problem.textContent()) ?? '', inside)).toEqual([]);
  await page.screenshot({ path: artifact('error-export-zh.png') });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('an import of a label file that is not JSON fails in the dialog, in Chinese', async () => {
  await page.getByTestId('import-menu').locator('summary').click();
  await page.getByRole('menuitem', { name: '导入数据集…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('import-format').selectOption('coco');
  await dialog.getByTestId('import-from').fill(path.join(work, 'labels.json'));
  await dialog.getByTestId('import-from').press('Enter');
  const alert = dialog.getByRole('alert');
  await expect(alert).toHaveText('labels.json 不是有效的 JSON 文件。', { timeout: 30_000 });
  await page.screenshot({ path: artifact('error-import-zh.png') });
  // The same refusal in English, as the main process and the CLI write it.
  await page.keyboard.press('Escape');
  await page.getByTestId('language').selectOption('en');
  await page.getByTestId('import-menu').locator('summary').click();
  await page.getByRole('menuitem', { name: 'Import dataset…' }).click();
  const again = page.getByRole('dialog');
  await again.getByTestId('import-format').selectOption('coco');
  await again.getByTestId('import-from').fill(path.join(work, 'labels.json'));
  await again.getByTestId('import-from').press('Enter');
  await expect(again.getByRole('alert')).toContainText('labels.json is not valid JSON', { timeout: 30_000 });
});
