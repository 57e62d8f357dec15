import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, test } from '@playwright/test';
import { openRpc, rpcReply } from '../helpers/wsRpc.js';
import { listFiles } from '../helpers/tempDataset.js';
import { artifact, serve, type Served } from './helpers/serve.js';

/**
 * Face proposals started from the app (the library's button, then the command palette), reviewed
 * in the workspace from the keyboard (Y accepts an image's face boxes, X rejects them), exported
 * from the dialog: the accepted faces are black in the exported image, the rejected one is not.
 * The photographs ship inside the face-api npm package (real faces, nothing downloaded).
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const demo = path.join(root, 'node_modules', '@vladmandic', 'face-api', 'demo');
let server: Served;
let work: string;

function lightbox(args: string[]): void {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'lightbox.cjs'), ...args], { encoding: 'utf8', env: { ...process.env, LIGHTBOX_HOME: path.join(work, 'home') } });
  if (r.status !== 0) throw new Error(`lightbox ${args.join(' ')}: ${r.stderr}`);
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The largest channel value of the 3×3 pixels around the centre of `b` in `file`. */
async function centreMax(file: string, b: Box): Promise<number> {
  const cx = Math.round(b.x + b.w / 2);
  const cy = Math.round(b.y + b.h / 2);
  const { data } = await sharp(file).extract({ left: cx - 1, top: cy - 1, width: 3, height: 3 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return Math.max(...data);
}

test.beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-faces-'));
  const ds = path.join(work, 'dataset');
  fs.mkdirSync(ds);
  fs.copyFileSync(path.join(demo, 'sample6.jpg'), path.join(ds, 'a-group.jpg'));
  fs.copyFileSync(path.join(demo, 'sample2.jpg'), path.join(ds, 'b-crowd.jpg'));
  lightbox(['scan', ds]);
  lightbox(['classes', ds, 'add', 'people']);
  for (const f of ['a-group.jpg', 'b-crowd.jpg']) lightbox(['label', ds, f, '--class', 'people']);
  server = await serve(ds);
});
test.afterAll(async () => {
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

test('propose faces from the app, accept one photo’s with Y and reject the other’s with X, export: accepted faces are black, rejected ones are not', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('2 images');

  // The library's button starts the job; its progress, then its result, show above the grid.
  await page.getByTestId('propose-faces').click();
  const status = page.getByTestId('face-proposals');
  await expect(status).toBeVisible();
  await page.screenshot({ path: artifact('face-review-running.png') });
  await expect(page.getByTestId('face-proposals-result')).toContainText(/face box\(es\) proposed on 2 image\(s\), as the redaction class “face”/, { timeout: 180_000 });
  await expect(page.getByTestId('face-proposals-result')).toContainText('Y accepts, X rejects');
  await page.screenshot({ path: artifact('face-review-proposed.png') });

  // What was proposed, per image (the boxes whose centres the export is checked at).
  const url = new URL(server.url);
  const ws = await openRpc(Number(url.port), url.searchParams.get('token')!, url.origin);
  const images = (await rpcReply(ws, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'images.list', params: {} }), 1)).result as { items: { id: number; path: string }[] };
  const pending = (await rpcReply(ws, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'suggestions.list', params: {} }), 2)).result as { items: { imageId: number; box: Box }[] };
  const idOf = (p: string) => images.items.find((i) => i.path === p)!.id;
  const groupFaces = pending.items.filter((s) => s.imageId === idOf('a-group.jpg')).map((s) => s.box);
  const crowdFaces = pending.items.filter((s) => s.imageId === idOf('b-crowd.jpg')).map((s) => s.box);
  expect(groupFaces).toHaveLength(4);
  expect(crowdFaces.length).toBeGreaterThan(0);

  // The same from the command palette: a second run skips the images looked at already.
  await page.getByTestId('face-proposals').getByRole('button', { name: 'Dismiss' }).click();
  await page.keyboard.press('Control+k');
  await page.getByRole('dialog', { name: 'Command palette' }).getByRole('textbox').fill('face redactions');
  await expect(page.getByRole('dialog').getByRole('option').first()).toContainText('Propose face redactions');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('face-proposals-result')).toHaveText('No new images to look at: 2 image(s) were looked at before and skipped.', { timeout: 120_000 });

  // Review: Y on the group photo accepts its four boxes; X on the next one rejects its boxes.
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page.locator('.image-name')).toHaveText('a-group.jpg');
  const panel = page.getByTestId('suggestions');
  await expect(panel.locator('.suggestion-chip')).toHaveCount(4);
  await expect(panel.locator('.suggestion-chip').first()).toContainText(/face \d+%/);
  await expect(page.getByTestId('suggestion-boxes').locator('rect.dashed')).toHaveCount(4);
  await page.screenshot({ path: artifact('face-review-pending.png') });
  await page.keyboard.press('y');
  await expect(panel).toHaveCount(0);
  await page.screenshot({ path: artifact('face-review-accepted.png') });

  await page.keyboard.press('d');
  await expect(page.locator('.image-name')).toHaveText('b-crowd.jpg');
  await expect(panel.locator('.suggestion-chip')).toHaveCount(crowdFaces.length);
  await page.keyboard.press('x');
  await expect(panel).toHaveCount(0);
  await page.screenshot({ path: artifact('face-review-rejected.png') });
  const left = (await rpcReply(ws, JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'suggestions.list', params: {} }), 3)).result as { items: unknown[] };
  expect(left.items).toEqual([]);
  ws.close();

  // Export from the dialog (Ctrl+E): ImageFolder at full size (the resize unticked), JPEG as the sources.
  const out = path.join(work, 'export');
  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog', { name: 'Export dataset' });
  await dialog.getByLabel('Output folder').fill(out);
  await dialog.getByRole('checkbox', { name: 'Resize to' }).uncheck();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('export-summary')).toContainText(`to ${out}`, { timeout: 120_000 });
  await expect(page.getByTestId('export-summary')).toContainText('Redaction regions hidden in 1 image(s)');
  await page.screenshot({ path: artifact('face-review-exported.png') });

  const fileOf = (stem: string) => path.join(out, listFiles(out).find((f) => f.includes(stem) && /\.(jpe?g|png)$/.test(f))!);
  const group = fileOf('a-group');
  const crowd = fileOf('b-crowd');
  for (const b of groupFaces) expect(await centreMax(group, b), `face at ${b.x},${b.y} is black`).toBeLessThanOrEqual(12);
  for (const b of crowdFaces) expect(await centreMax(crowd, b), `rejected face at ${b.x},${b.y} is shown`).toBeGreaterThan(40);
  // Kept for looking at: the exported photographs, shrunk.
  await sharp(group).resize(960).png().toFile(artifact('face-review-export-group.png'));
  await sharp(crowd).resize(960).png().toFile(artifact('face-review-export-crowd.png'));
  expect(fs.readFileSync(path.join(out, 'PRIVACY.txt'), 'utf8')).toMatch(/redaction regions were filled with black in 1 image/);
});
