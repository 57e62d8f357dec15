import { expect, type Page, test } from '@playwright/test';
import { artifact, serve, type Served } from './helpers/serve.js';

// Issue 15, findings 6 (command palette), 7 (keys and header) and 8 (library), as a user meets them.
let server: Served;
test.beforeAll(async () => {
  server = await serve();
});
test.afterAll(async () => {
  await server.stop();
});

const palette = (page: Page) => page.getByRole('dialog', { name: 'Command palette' });
async function openPalette(page: Page, query = '') {
  await page.keyboard.press('Control+k');
  await expect(palette(page)).toBeVisible();
  if (query) await page.keyboard.type(query);
}

test('the palette ranks the current screen first, names classes and finds synonyms in both languages', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('24 images');
  await page.getByTestId('grid-cell').first().dblclick();
  await expect(page.getByTestId('image-view').locator('img')).toBeVisible();

  await openPalette(page);
  const options = palette(page).getByRole('option');
  const first12 = (await options.allTextContents()).slice(0, 12);
  expect(first12.filter((o) => /camera|capture|record/i.test(o))).toEqual([]);
  // One entry per class, by name; none for class keys without a class.
  await expect(options.filter({ hasText: 'Apply class: circle (1)' })).toHaveCount(1);
  await expect(options.filter({ hasText: 'Apply class: triangle (3)' })).toHaveCount(1);
  await expect(options.filter({ hasText: /Apply class.*4/ })).toHaveCount(0);
  await page.screenshot({ path: artifact('palette-label-screen.png') });

  const input = palette(page).getByRole('textbox');
  for (const [q, want] of [
    ['brush', 'Brush'],
    ['mask', 'Brush'],
    ['split', 'Assign splits'],
    ['chinese', 'Switch language to 中文'],
    ['统计', 'Go to statistics'],
  ] as const) {
    await input.fill(q);
    await expect(options.first(), q).toContainText(want);
  }
  await input.fill('square');
  await expect(options.first()).toContainText('Apply class: square (2)');
  await page.keyboard.press('Enter');
  await expect(page.locator('.image-name')).toHaveText('circles/circle-02.jpg');

  // Switching the language is a palette command, and the palette then searches both languages.
  await openPalette(page, 'chinese');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('language')).toHaveValue('zh-CN');
  await page.keyboard.press('Control+k');
  await palette(page).or(page.getByRole('dialog', { name: '命令面板' })).getByRole('textbox').fill('library');
  await page.screenshot({ path: artifact('palette-zh.png') });
  await expect(page.getByRole('dialog').getByRole('option').first()).toContainText('转到图库');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('image-count')).toBeVisible();
  await page.getByTestId('language').selectOption('en');
});

test('screen keys work on every screen; the Import menu closes on Esc and outside click; one header button is current', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('24 images');

  await page.keyboard.press('Control+i');
  await expect(page.getByTestId('class-balance')).toBeVisible();
  await page.keyboard.press('g');
  await expect(page.getByTestId('image-count')).toBeVisible();

  const menu = page.getByTestId('import-menu');
  await menu.locator('summary').click();
  await expect(menu.getByRole('menuitem', { name: 'Import URLs…' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu.getByRole('menuitem', { name: 'Import URLs…' })).toBeHidden();
  await menu.locator('summary').click();
  await page.getByTestId('library-grid').click({ position: { x: 5, y: 5 } });
  await expect(menu.getByRole('menuitem', { name: 'Import URLs…' })).toBeHidden();
  // Keyboard: open, arrow down to the second item, Enter runs it.
  await menu.locator('summary').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Import URLs…' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Import dataset…' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');

  // Click Stats, then rest the mouse on Library and leave the focus on Classes: one button looks current.
  const nav = page.locator('.app-header nav');
  await nav.getByRole('button', { name: 'Stats' }).click();
  await nav.getByRole('button', { name: 'Classes' }).focus();
  await nav.getByRole('button', { name: 'Library' }).hover();
  const looks = await nav.getByRole('button').evaluateAll((bs) =>
    bs.map((b) => {
      const s = getComputedStyle(b);
      return s.borderTopColor;
    }),
  );
  // The accent border is the "current" cue: only Stats has it (not the hovered or the focused button).
  const current = looks[3]!;
  expect(looks.filter((l) => l === current)).toHaveLength(1);
  await expect(nav.locator('[aria-current="page"]')).toHaveText('Stats');
});

test('an undo message goes when the image changes and expires on its own', async ({ page }) => {
  await page.goto(server.url);
  await page.getByTestId('grid-cell').nth(5).dblclick();
  await expect(page.getByTestId('image-view').locator('img')).toBeVisible();
  const status = page.getByTestId('status-message');
  await page.keyboard.press('3');
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await page.keyboard.press('Control+z');
  await expect(status).toContainText('Undone');
  await page.keyboard.press('d');
  await expect(status).toHaveText('');
  await page.keyboard.press('Control+y');
  await expect(status).toContainText('Redone');
  await expect(status).toHaveText('', { timeout: 15_000 });
});

test('the library counts the filtered images, shows folders, filters by folder and fills the width', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(server.url);
  const count = page.getByTestId('image-count');
  await expect(count).toHaveText('24 images');
  await page.getByLabel('Filter by file name').fill('-0');
  await expect(count).toHaveText('24 of 24 images');
  await page.getByLabel('Filter by file name').fill('circle');
  await expect(count).toHaveText('8 of 24 images');
  await page.getByLabel('Filter by file name').fill('');

  // The folder of each card, with the full path on hover.
  const cell = page.getByTestId('grid-cell').first();
  await expect(cell.locator('.folder')).toHaveText('circles/');
  await expect(cell).toHaveAttribute('title', /circles\/circle-01\.jpg/);

  // The folder list: every folder with its count; choosing one filters the grid.
  const folders = page.getByTestId('folder-list');
  await expect(folders.getByRole('button', { name: /squares\/\s*8/ })).toBeVisible();
  await folders.getByRole('button', { name: /squares/ }).click();
  await expect(count).toHaveText('8 of 24 images');
  await expect(page.getByTestId('grid-cell').first().locator('.folder')).toHaveText('squares/');
  await page.screenshot({ path: artifact('library-folders.png') });

  // No wide empty strip right of the grid.
  const gap = await page.getByTestId('library-grid').evaluate((g) => {
    const row = g.querySelector('.grid-row')!;
    const cells = row.querySelectorAll('[data-testid="grid-cell"]');
    const last = cells[cells.length - 1]!.getBoundingClientRect();
    return g.getBoundingClientRect().right - last.right;
  });
  expect(gap).toBeLessThan(40);
  await folders.getByRole('button', { name: 'All folders' }).click();
  await expect(count).toHaveText('24 images');
});
