import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { colourClassifier, colourJson, writeModel } from '../helpers/predictModels.js';
import { artifact, serve, type Served } from './helpers/serve.js';

// Issue 15, "Also build": the settings screen, keymap presets and remapping, the light theme.
let server: Served;
test.beforeAll(async () => {
  server = await serve();
});
test.afterAll(async () => {
  await server.stop();
});

const settings = (page: Page) => page.getByRole('dialog', { name: 'Settings' });
const imageName = (page: Page) => page.locator('.image-name');

test('a preset and a remapped key drive the workspace, a clash is refused by name, and both last after a reload', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('24 images');
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(imageName(page)).toHaveText('circles/circle-01.jpg');

  await page.keyboard.press('Control+,');
  await expect(settings(page)).toBeVisible();
  await settings(page).getByLabel('Preset').selectOption('cvat');
  await page.keyboard.press('Escape');
  await expect(settings(page)).toBeHidden();
  // CVAT: F is the next frame, D the previous.
  await page.keyboard.press('f');
  await expect(imageName(page)).toHaveText('circles/circle-02.jpg');
  await page.keyboard.press('d');
  await expect(imageName(page)).toHaveText('circles/circle-01.jpg');

  // Remap "Skip" to J; then try to give it G, which goes to the library: refused, naming it.
  await page.getByTestId('open-settings').click();
  const skipRow = settings(page).locator('tr[data-action="image.skip"]');
  await skipRow.getByRole('button', { name: 'Change' }).click();
  await expect(skipRow).toContainText('Press the new key');
  await page.keyboard.press('j');
  await expect(skipRow.locator('kbd')).toHaveText(['J']);
  await skipRow.getByRole('button', { name: 'Change' }).click();
  await page.keyboard.press('g');
  await expect(settings(page).getByRole('alert')).toContainText('G is already used by “Go to library”');
  await expect(skipRow.locator('kbd')).toHaveText(['J']);
  await settings(page).getByRole('searchbox', { name: 'Search actions' }).fill('window');
  await expect(settings(page).locator('tbody tr', { hasText: 'Right-drag on the image' })).toHaveCount(1);
  await expect(settings(page).locator('tbody tr', { hasText: 'Skip image' })).toHaveCount(0);
  await settings(page).getByRole('searchbox', { name: 'Search actions' }).fill('');
  await settings(page).getByLabel('Theme').selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: artifact('settings-light.png') });
  await page.keyboard.press('Escape');

  await page.keyboard.press('j');
  await expect(imageName(page)).toHaveText('circles/circle-02.jpg');

  // Kept for this user, outside the dataset: a reload (or another dataset) has them.
  const config = JSON.parse(fs.readFileSync(path.join(server.home, 'config.json'), 'utf8'));
  expect(config.keymap).toEqual({ preset: 'cvat', overrides: { 'image.skip': ['j'] } });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(imageName(page)).toBeVisible();
  const before = await imageName(page).textContent();
  await page.keyboard.press('f');
  await expect(imageName(page)).not.toHaveText(before!);

  // The cheat sheet shows the keys in force.
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet.locator('tr', { hasText: 'Skip image' }).locator('kbd')).toHaveText(['J']);
  await page.keyboard.press('Escape');
});

test('settings read in Chinese', async ({ page }) => {
  await page.goto(server.url);
  await page.getByTestId('language').selectOption('zh-CN');
  await page.getByTestId('open-settings').click();
  const dialog = page.getByRole('dialog', { name: '设置' });
  await expect(dialog).toContainText('标注者姓名');
  await expect(dialog).toContainText('键盘');
  await page.screenshot({ path: artifact('settings-zh.png') });
  await dialog.getByRole('textbox').first().fill('李医生');
  await dialog.getByRole('textbox').first().press('Enter');
  await expect(dialog).toContainText('已保存');
  await page.keyboard.press('Escape');
  await page.getByTestId('language').selectOption('en');
});

test('models are added by path with their hash, a file that is not a model is refused in words, and removed again', async ({ page }) => {
  const model = writeModel(path.join(server.home, 'colours.onnx'), colourClassifier(), colourJson());
  const notAModel = path.join(server.home, 'holiday.onnx');
  fs.writeFileSync(notAModel, 'these are not weights');
  await page.goto(server.url);
  await page.getByTestId('language').selectOption('en');
  await page.getByTestId('open-settings').click();
  const dialog = settings(page);
  await expect(dialog).toContainText('No model added yet.');
  await dialog.getByRole('textbox', { name: 'Path of a model (.onnx)' }).fill(notAModel);
  await dialog.getByRole('button', { name: 'Add model' }).click();
  await expect(dialog.getByRole('alert')).toContainText('holiday.onnx is not an ONNX model');
  await dialog.getByRole('textbox', { name: 'Path of a model (.onnx)' }).fill(model);
  await dialog.getByRole('button', { name: 'Add model' }).click();
  const row = dialog.locator('tr[data-model="colours.onnx"]');
  await expect(row).toContainText('classifier');
  await expect(row).toContainText(/sha256 [0-9a-f]{12}…/);
  await page.screenshot({ path: artifact('settings-models.png') });
  await row.getByRole('button', { name: 'Remove' }).click();
  await expect(dialog).toContainText('No model added yet.');
});

test('export defaults set in Settings are what the Export dialog starts with, also after a reload', async ({ page }) => {
  await page.goto(server.url);
  await page.getByTestId('language').selectOption('en');
  await page.getByTestId('open-settings').click();
  const section = settings(page).getByTestId('settings-export');
  await section.getByTestId('settings-export-format').selectOption('coco');
  await section.getByTestId('settings-export-width').fill('512');
  await section.getByTestId('settings-export-anonymous').check();
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: artifact('settings-export.png') });
  await page.keyboard.press('Escape');
  await page.reload();
  // The export dialog opens once the dataset is shown again (and with it the preferences).
  await expect(page.getByTestId('image-count')).toBeVisible();
  await page.keyboard.press('Control+e');
  const dialog = page.locator('.export-dialog');
  await expect(dialog.getByTestId('export-format')).toHaveValue('coco');
  await expect(dialog.getByRole('spinbutton', { name: 'Width' })).toHaveValue('512');
  await expect(dialog.getByRole('checkbox', { name: /Name images img-000001/ })).toBeChecked();
});
