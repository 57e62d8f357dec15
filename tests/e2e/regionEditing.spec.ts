import { expect, test, type Page } from '@playwright/test';
import { artifact, serve, type Served } from './helpers/serve.js';

// Region editing as a new user tries it: zoom kept when switching modes, a class key right after
// drawing, the region list (select, hide, note kept after a reload) and the brush size on screen.

let server: Served;
test.beforeAll(async () => {
  server = await serve();
});
test.afterAll(async () => {
  await server.stop();
});

async function drag(page: Page, from: [number, number], to: [number, number], steps = 10): Promise<void> {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move(...to, { steps });
  await page.mouse.up();
}

/** The overlay canvas's alpha at a screen point: 0 where no region is drawn. */
async function overlayAlpha(page: Page, x: number, y: number): Promise<number> {
  return page.getByTestId('region-canvas').evaluate(
    (c: HTMLCanvasElement, [sx, sy]) => {
      const r = c.getBoundingClientRect();
      const k = c.width / r.width;
      return c.getContext('2d')!.getImageData(Math.round((sx - r.left) * k), Math.round((sy - r.top) * k), 1, 1).data[3]!;
    },
    [x, y] as const,
  );
}

async function openFirstImage(page: Page): Promise<void> {
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('24 images');
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page.locator('.image-name')).toHaveText('circles/circle-01.jpg');
}

test('zoom and pan are kept when region mode is turned on and off', async ({ page }) => {
  await openFirstImage(page);
  const zoom = page.getByTestId('zoom-status');
  await expect(zoom).not.toHaveText('0%');
  const fitted = await zoom.textContent();
  // One step at a time, each seen on screen, so the zoom read below is the one all four presses gave.
  let zoomed = fitted!;
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('+');
    await expect(zoom).not.toHaveText(zoomed);
    zoomed = (await zoom.textContent())!;
  }
  // Pan a little, so the view is neither fitted nor centred.
  const box = (await page.getByTestId('image-view').boundingBox())!;
  await drag(page, [box.x + box.width / 2, box.y + box.height / 2], [box.x + box.width / 2 + 80, box.y + box.height / 2 + 40]);
  await page.screenshot({ path: artifact('region-editing-zoom-image-mode.png') });

  await page.keyboard.press('b'); // region mode, box tool
  await expect(page.getByTestId('region-layer')).toHaveAttribute('data-tool', 'box.idle');
  await expect(zoom).toHaveText(zoomed);
  await page.screenshot({ path: artifact('region-editing-zoom-region-mode.png') });

  await page.getByRole('button', { name: 'Done with regions' }).click();
  await expect(page.getByTestId('image-view')).toBeVisible();
  await expect(zoom).toHaveText(zoomed);
  // Fit still fits.
  await page.keyboard.press('0');
  await expect(zoom).toHaveText(fitted!);
});

test('a class key right after drawing is for the next region; the region list selects, hides and keeps notes', async ({ page }) => {
  await openFirstImage(page);
  await page.keyboard.press('b');
  const layer = page.getByTestId('region-layer');
  await expect(layer).toHaveAttribute('data-tool', 'box.idle');
  const r = (await page.getByTestId('region-canvas').boundingBox())!;
  const cx = r.x + r.width / 2;
  const cy = r.y + r.height / 2;

  await drag(page, [cx - 220, cy - 150], [cx - 80, cy - 30]);
  await expect(layer).toHaveAttribute('data-shapes', '[["box","circle"]]');
  await page.keyboard.press('2'); // not a re-class of the box just drawn
  await drag(page, [cx + 40, cy + 20], [cx + 200, cy + 140]);
  await expect(layer).toHaveAttribute('data-shapes', '[["box","circle"],["box","square"]]');

  // The list: one row per region, with class, kind and area.
  const rows = page.getByTestId('region-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('circle');
  await expect(rows.nth(0)).toContainText('box');
  await expect(rows.nth(0)).toContainText('px²');
  await expect(rows.nth(1)).toContainText('square');

  // Clicking a row selects that region on the canvas (and a class key then re-classes it: chosen on purpose).
  await rows.nth(0).locator('.region-pick').click();
  const firstId = await rows.nth(0).getAttribute('data-region');
  await expect(layer).toHaveAttribute('data-selected', firstId!);
  await expect(rows.nth(0)).toHaveClass(/\bon\b/);
  await page.keyboard.press('3');
  await expect(layer).toHaveAttribute('data-shapes', '[["box","triangle"],["box","square"]]');
  await expect(rows.nth(0)).toContainText('triangle');

  // Hide the second region: gone from the canvas, back when shown.
  const edge: [number, number] = [cx + 200, cy + 80];
  await expect.poll(() => overlayAlpha(page, ...edge)).toBeGreaterThan(0);
  await rows.nth(1).getByTestId('region-hide').click();
  await expect.poll(() => overlayAlpha(page, ...edge)).toBe(0);
  await page.screenshot({ path: artifact('region-editing-list-hidden.png') });
  await rows.nth(1).getByTestId('region-hide').click();
  await expect.poll(() => overlayAlpha(page, ...edge)).toBeGreaterThan(0);

  // A note, kept with the region: Enter saves it; after a reload it is still there.
  const note = rows.nth(1).getByTestId('region-note');
  await note.click();
  await note.fill('border irregular; 中文 ok');
  await page.keyboard.press('Enter');
  await expect(note).toHaveAttribute('data-state', 'saved');
  await expect(note).not.toBeFocused();
  await page.screenshot({ path: artifact('region-editing-list-note.png') });
  await page.reload();
  await expect(page.getByTestId('region-row')).toHaveCount(2);
  await expect(page.getByTestId('region-row').nth(1).getByTestId('region-note')).toHaveValue('border irregular; 中文 ok');
  await expect(page.getByTestId('region-row').nth(0)).toContainText('triangle');
});

test('the brush shows its size in image and screen pixels, and can keep its size on screen while zooming', async ({ page }) => {
  await openFirstImage(page);
  await page.keyboard.press('m');
  await expect(page.getByTestId('region-layer')).toHaveAttribute('data-tool', 'brush.idle');
  const size = page.getByTestId('brush-size');
  const read = async () => {
    const m = /brush ([\d.]+) px \(([\d.]+) px on screen\)/.exec((await size.textContent()) ?? '');
    return m ? { image: Number(m[1]), screen: Number(m[2]) } : null;
  };
  await expect.poll(read).not.toBeNull();
  const before = (await read())!;
  expect(before.image).toBe(16);
  expect(before.screen).toBeGreaterThan(before.image); // a 320×240 image fitted is enlarged

  // Sized in image pixels: zooming out leaves the image size and shrinks it on screen.
  await page.keyboard.press('-');
  await expect.poll(async () => (await read())!.screen).toBeLessThan(before.screen);
  expect((await read())!.image).toBe(16);

  // Sized on screen: zooming keeps the screen size and changes the image size.
  await page.getByTestId('brush-on-screen').check();
  const onScreen = (await read())!;
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect.poll(async () => (await read())!.image).toBeGreaterThan(onScreen.image);
  expect(Math.abs((await read())!.screen - onScreen.screen)).toBeLessThanOrEqual(1);
  const r = (await page.getByTestId('region-canvas').boundingBox())!;
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  await page.screenshot({ path: artifact('region-editing-brush-size.png') });
});
