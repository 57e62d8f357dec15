import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { makeDicom } from '../helpers/makeDicom.js';
import { artifact, serve, type Served } from './helpers/serve.js';
import { openFirstImage } from './helpers/workspace.js';

/**
 * "Next" in region mode through a folder of CTs: each slice is drawn from its own HU values with
 * its own regions, never the slice before's, and the value under a still cursor is the new slice's.
 */
let server: Served;
let work: string;
const SIDE = 256;
const root = path.resolve(import.meta.dirname, '..', '..');
/** Every pixel of slice i is this HU: 40 (soft tissue), 150, 100. */
const HU = [40, 150, 100];
/** The linear VOI function of DICOM PS3.3 C.11.2.1.2 into 0–255. */
const linear = (x: number, c: number, w: number) => (x <= c - 0.5 - (w - 1) / 2 ? 0 : x > c - 0.5 + (w - 1) / 2 ? 255 : Math.round(((x - (c - 0.5)) / (w - 1) + 0.5) * 255));

test.beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-region-next-'));
  const dataset = path.join(work, 'dataset');
  fs.mkdirSync(dataset);
  HU.forEach((hu, i) => {
    const pixels = new Int16Array(SIDE * SIDE).fill(hu + 1024);
    fs.writeFileSync(path.join(dataset, `IM000${i + 1}`), makeDicom({ rows: SIDE, columns: SIDE, pixels, signed: true, slope: 1, intercept: -1024, windows: [[40, 400]], pixelSpacing: [0.5, 0.5], modality: 'CT' }));
  });
  const cli = path.join(root, 'bin', 'lightbox.cjs');
  const env = { ...process.env, LIGHTBOX_HOME: path.join(work, 'home') };
  execFileSync(process.execPath, [cli, 'scan', dataset], { env });
  execFileSync(process.execPath, [cli, 'classes', dataset, 'add', 'lesion', '--key', '1'], { env });
  execFileSync(process.execPath, [cli, 'classes', dataset, 'add', 'cyst', '--key', '2'], { env });
  server = await serve(dataset);
});
test.afterAll(async () => {
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

async function drawBox(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move(...to, { steps: 8 });
  await page.mouse.up();
}

test('next in region mode shows each CT slice with its own regions and HU, never the slice before\'s, without decoding an 8-bit preview', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('grid-cell')).toHaveCount(3);
  await openFirstImage(page, 'IM0001');
  // B: region mode with the box tool. A lesion box on the first slice, a cyst box on the second, nothing on the third.
  await page.keyboard.press('b');
  const layer = page.getByTestId('region-layer');
  const canvas = page.locator('canvas.region-image');
  await expect(canvas).toHaveAttribute('data-values', 'ready');
  const box = (await page.getByTestId('region-canvas').boundingBox())!;
  const at: [number, number] = [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];
  await page.keyboard.press('1');
  await drawBox(page, [at[0] - 120, at[1] - 120], [at[0] - 40, at[1] - 60]);
  await expect(layer).toHaveAttribute('data-shapes', '[["box","lesion"]]');
  // Let the box go (an arrow key moves a selected box), then on to the next slice.
  await page.keyboard.press('Escape');
  await expect(layer).toHaveAttribute('data-selected', '');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.image-name')).toHaveText('IM0002');
  await expect(layer).toHaveAttribute('data-shapes', '[]');
  await page.keyboard.press('2');
  await drawBox(page, [at[0] + 30, at[1] + 30], [at[0] + 100, at[1] + 90]);
  await expect(layer).toHaveAttribute('data-shapes', '[["box","cyst"]]');
  await expect(page.getByTestId('region-save')).toHaveClass(/saved/);
  await page.keyboard.press('Escape');
  await expect(layer).toHaveAttribute('data-selected', '');
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('.image-name')).toHaveText('IM0001');
  await expect(layer).toHaveAttribute('data-shapes', '[["box","lesion"]]');
  await expect(canvas).toHaveAttribute('data-values', 'ready');

  // From here on, what the page shows at every change: the image's name, its regions, its values' state.
  // The region mode draws these CTs from their values: their 8-bit previews are never fetched.
  const previews: string[] = [];
  page.on('request', (r) => /\/previews\//.test(r.url()) && previews.push(r.url()));
  await page.evaluate(() => {
    const w = window as unknown as { seen: string[] };
    w.seen = [];
    const note = () => {
      const name = document.querySelector('.image-name')?.textContent ?? '';
      const shapes = document.querySelector('[data-testid="region-layer"]')?.getAttribute('data-shapes') ?? '';
      const values = document.querySelector('canvas.region-image')?.getAttribute('data-values') ?? '';
      w.seen.push(`${name} ${shapes} ${values}`);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-shapes', 'data-values'] });
  });

  // The cursor rests on the middle of the image: the readout is the first slice's 40 HU.
  await page.mouse.move(...at);
  const readout = page.getByTestId('value-under-cursor');
  await expect(readout).toHaveText(/^40 HU at/);
  const greyAtClient = (c: Element, [cx, cy]: [number, number]) => {
    const el = c as HTMLCanvasElement;
    const r = el.getBoundingClientRect();
    const k = el.width / r.width;
    return el.getContext('2d')!.getImageData(Math.floor((cx - r.left) * k), Math.floor((cy - r.top) * k), 1, 1).data[0]!;
  };

  // Next: the second slice's cyst, its 150 HU under the same still cursor, drawn through the file's 40/400 window.
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.image-name')).toHaveText('IM0002');
  await expect(layer).toHaveAttribute('data-shapes', '[["box","cyst"]]');
  await expect(readout).toHaveText(/^150 HU at/);
  await expect.poll(() => canvas.evaluate(greyAtClient, at)).toBe(linear(150, 40, 400));
  await page.screenshot({ path: artifact('region-next-ct.png') });

  // And the third, which has no regions: none of the second's are left on it.
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.image-name')).toHaveText('IM0003');
  await expect(readout).toHaveText(/^100 HU at/);
  await expect.poll(() => canvas.evaluate(greyAtClient, at)).toBe(linear(100, 40, 400));
  await expect(layer).toHaveAttribute('data-shapes', '[]');

  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  // Never a slice shown under the name of the next with the regions of the one before.
  expect(seen.filter((s) => s.startsWith('IM0002') && s.includes('lesion'))).toEqual([]);
  expect(seen.filter((s) => s.startsWith('IM0003') && (s.includes('cyst') || s.includes('lesion')))).toEqual([]);
  expect(seen.some((s) => s.startsWith('IM0002 [["box","cyst"]] ready'))).toBe(true);
  expect(previews).toEqual([]);
});
