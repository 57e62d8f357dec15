import { expect, test } from '@playwright/test';
import { artifact, serve, type Served } from './helpers/serve.js';

let server: Served;
test.beforeAll(async () => {
  server = await serve();
});
test.afterAll(async () => {
  await server.stop();
});

test('the cheat sheet lists the keys, and the command palette runs an action found by typing', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('24 images');

  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet.getByRole('row', { name: /Next image without a label/ })).toContainText('N');
  await expect(sheet.getByRole('row', { name: /^Undo/ })).toContainText('Ctrl+Z');
  // The nine class keys read as one row.
  await expect(sheet.getByRole('row', { name: /^Apply class 1–9/ })).toHaveCount(1);
  await page.screenshot({ path: artifact('cheat-sheet.png') });
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();

  await page.keyboard.press('Control+k');
  await page.keyboard.type('statis');
  await page.screenshot({ path: artifact('palette.png') });
  await expect(page.getByRole('dialog', { name: 'Command palette' }).getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('class-balance')).toContainText('circle');
  await expect(page.getByTestId('class-balance').locator('.bar-row')).toHaveCount(3);
  await page.screenshot({ path: artifact('stats.png') });
});
