import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test } from '@playwright/test';
import { colourClassifier, colourJson, constantDetector, writeModel } from '../helpers/predictModels.js';
import { openRpc, rpcReply } from '../helpers/wsRpc.js';
import { artifact, serve, type Served } from './helpers/serve.js';

/**
 * Pre-labeled by the user's own models (with `lightbox predict`), then reviewed in the workspace:
 * suggestions are drawn dashed with their scores, Y accepts them, X rejects, undo takes an accept back.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
let server: Served;
let work: string;

function lightbox(args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'lightbox.cjs'), ...args], { encoding: 'utf8', env: { ...process.env, LIGHTBOX_HOME: path.join(work, 'home') } });
  if (r.status !== 0) throw new Error(`lightbox ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test.beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-suggestions-'));
  const ds = path.join(work, 'dataset');
  fs.mkdirSync(ds);
  await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#d02020' } }).png().toFile(path.join(ds, 'a-red.png'));
  await sharp({ create: { width: 800, height: 600, channels: 3, background: '#2040d0' } }).png().toFile(path.join(ds, 'b-blue.png'));
  lightbox(['scan', ds]);
  for (const c of ['red', 'green', 'blue']) lightbox(['classes', ds, 'add', c]);
  const classifier = writeModel(path.join(work, 'colours.onnx'), colourClassifier(), colourJson());
  // A detector that finds one "car" in the middle of a 640×640 input: on the 1280×720 image, 540..740 × 260..460.
  const detector = writeModel(path.join(work, 'cars.onnx'), constantDetector([{ cx: 320, cy: 320, w: 100, h: 100, scores: [0.87] }], ['car']));
  lightbox(['predict', ds, '--model', classifier, '--min-score', '0.5']);
  lightbox(['predict', ds, '--model', detector, '--create-classes']);
  server = await serve(ds);
});
test.afterAll(async () => {
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

test('review model suggestions from the keyboard: Y accepts, Ctrl+Z takes it back, X rejects', async ({ page }) => {
  await page.goto(server.url);
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page.locator('.image-name')).toHaveText('a-red.png');

  const panel = page.getByTestId('suggestions');
  await expect(panel.locator('.suggestion-chip')).toHaveCount(2);
  await expect(panel.locator('.suggestion-chip').first()).toContainText(/red \d+%/);
  await expect(panel.locator('.suggestion-chip[data-kind="box"]')).toContainText(/car 87%/);
  await expect(panel).toContainText('Y accept · X reject');
  // The box is drawn dashed over the image, with its class and score.
  const box = page.getByTestId('suggestion-boxes');
  await expect(box.locator('rect.dashed')).toHaveAttribute('stroke-dasharray', /\d/);
  await expect(box.locator('rect.dashed')).toHaveAttribute('x', '540');
  await expect(box).toContainText('car 87%');
  await expect(page.getByTestId('current-labels')).toHaveText('');
  await page.screenshot({ path: artifact('suggestions-shown.png') });

  // Y: the best class becomes the label, the box a region; nothing is left to decide.
  await page.keyboard.press('y');
  await expect(page.getByTestId('current-labels')).toHaveText('red');
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId('suggestion-boxes')).toHaveCount(0);
  await page.screenshot({ path: artifact('suggestions-accepted.png') });

  // Undo: the label goes and the suggestions are back, as one step.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('current-labels')).toHaveText('');
  await expect(panel.locator('.suggestion-chip')).toHaveCount(2);

  // X rejects them; a number key still labels by hand.
  await page.keyboard.press('x');
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId('current-labels')).toHaveText('');
  await page.keyboard.press('2');
  await expect(page.locator('.image-name')).toHaveText('b-blue.png');
  await expect(panel.locator('.suggestion-chip').first()).toContainText(/blue \d+%/);
  await page.keyboard.press('3');
  await expect(page.getByTestId('current-labels')).toHaveText('blue');

  // Both go to val (as the split dialog would); Stats grades the model on them: a-red is "green" to the person, red to the model.
  const url = new URL(server.url);
  const ws = await openRpc(Number(url.port), url.searchParams.get('token')!, url.origin);
  const ids = (await rpcReply(ws, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'images.list', params: {} }), 1)).result as { items: { id: number }[] };
  await rpcReply(ws, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'images.setSplit', params: { ids: ids.items.map((i) => i.id), split: 'val' } }), 2);
  ws.close();
  await page.keyboard.press('Control+i');
  const stats = page.getByTestId('model-stats');
  await expect(page.getByTestId('model-accuracy')).toHaveText('50%');
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix.locator('thead th')).toHaveText(['', 'red', 'green', 'blue', 'Recall']);
  await expect(matrix.locator('tbody tr').nth(1).locator('th, td')).toHaveText(['green', '1', '0', '0', '0%']);
  await expect(matrix.locator('tbody tr').nth(2).locator('th, td')).toHaveText(['blue', '0', '0', '1', '100%']);
  await expect(page.getByTestId('detector-stats')).toContainText('cars.onnx: precision 0%, recall –');
  await stats.scrollIntoViewIfNeeded();
  await page.screenshot({ path: artifact('suggestions-stats.png') });
});

test("a model's labels that are not classes are mapped in Settings, and predict stores them that way", async ({ page }) => {
  // A colour classifier again (another file: another gain), but its labels say "scarlet" and "navy" where the dataset says red and blue.
  const tints = writeModel(path.join(work, 'tints.onnx'), colourClassifier(64, { gain: 8 }), { ...colourJson(), labels: ['scarlet', 'green', 'navy'] });
  await page.goto(server.url);
  await page.getByTestId('open-settings').click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('textbox', { name: 'Path of a model (.onnx)' }).fill(tints);
  await dialog.getByRole('button', { name: 'Add model' }).click();
  await dialog.locator('tr[data-model="tints.onnx"]').getByRole('button', { name: 'Labels…' }).click();

  const map = dialog.getByTestId('model-label-map');
  await expect(map).toContainText('1 label(s) match a class by name. 2 label(s) are not classes of this dataset');
  await expect(map.locator('tbody tr')).toHaveCount(2);
  await expect(map.locator('tr.undecided')).toHaveCount(2);
  await map.getByLabel('scarlet').selectOption({ label: 'red' });
  await map.getByLabel('navy').selectOption({ label: 'Ignore (not stored)' });
  await expect(map.locator('tr.undecided')).toHaveCount(0);
  await expect(map).not.toContainText('are not classes of this dataset');
  await map.scrollIntoViewIfNeeded();
  await page.screenshot({ path: artifact('suggestions-label-map.png') });

  // The CLI, on the same dataset folder, uses what was chosen in the app.
  const out = lightbox(['predict', path.join(work, 'dataset'), '--model', tints, '--images', 'all', '--min-score', '0.5']);
  expect(out).toContain('Mapped: scarlet → red');
  expect(out).toContain('Ignored model labels (not stored): navy');
  expect(out).not.toContain('no class in the dataset');
  const listed = JSON.parse(lightbox(['suggestions', path.join(work, 'dataset'), 'list', '--json'])) as { items: { path: string; class: string; modelName: string }[] };
  const fromTints = listed.items.filter((i) => i.modelName === 'tints.onnx').map((i) => [i.path, i.class]);
  // a-red's answer is stored as "red"; b-blue's ("navy") is ignored.
  expect(fromTints).toEqual([['a-red.png', 'red']]);
});
