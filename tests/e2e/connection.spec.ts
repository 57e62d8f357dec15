import { expect, test } from '@playwright/test';
import { artifact, serve, type Served } from './helpers/serve.js';

let server: Served | null = null;
test.afterAll(async () => {
  await server?.stop();
});

test('when lightbox serve stops, the page says the connection is lost instead of failing silently', async ({ page }) => {
  server = await serve();
  await page.goto(server.url);
  await expect(page.getByTestId('image-count')).toHaveText('24 images');
  await expect(page.getByTestId('connection-lost')).toHaveCount(0);
  await server.stop();
  server = null;
  await expect(page.getByTestId('connection-lost')).toContainText('Connection lost.');
  await expect(page.getByTestId('connection-lost')).toContainText('open the new address');
  await page.screenshot({ path: artifact('connection-lost.png') });
});
