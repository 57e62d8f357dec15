import { expect, test } from '@playwright/test';
import { serve, type Served } from './helpers/serve.js';

let server: Served;
test.beforeAll(async () => {
  server = await serve();
});
test.afterAll(async () => {
  await server.stop();
});

test('a box drawn before the image\'s regions have loaded stays on screen', async ({ page }) => {
  // Hold back the answers to annotations.list, as a busy machine would, so the drawing races the read.
  await page.routeWebSocket(/\/rpc/, (ws) => {
    const srv = ws.connectToServer();
    const slow = new Set<number>();
    ws.onMessage((m) => {
      const req = JSON.parse(String(m)) as { id?: number; method?: string };
      if (req.method === 'annotations.list' && req.id !== undefined) slow.add(req.id);
      srv.send(m);
    });
    srv.onMessage((m) => {
      const reply = JSON.parse(String(m)) as { id?: number };
      if (reply.id !== undefined && slow.delete(reply.id)) setTimeout(() => ws.send(m), 1500);
      else ws.send(m);
    });
  });
  await page.goto(server.url);
  await expect(page.getByTestId('grid-cell')).toHaveCount(24);
  await page.getByTestId('grid-cell').nth(5).dblclick();
  await page.keyboard.press('b');
  const layer = page.getByTestId('region-layer');
  await expect(layer).toHaveAttribute('data-tool', 'box.idle');
  const r = (await page.getByTestId('region-canvas').boundingBox())!;
  await page.mouse.move(r.x + r.width / 2 - 100, r.y + r.height / 2 - 80);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width / 2 + 40, r.y + r.height / 2 + 30, { steps: 8 });
  await page.mouse.up();
  await expect(layer).toHaveAttribute('data-shapes', '[["box","circle"]]');
  // After the slow list has arrived (and been read again), the box is still there, and saved.
  await page.waitForTimeout(3500);
  await expect(layer).toHaveAttribute('data-shapes', '[["box","circle"]]');
  await expect(page.getByTestId('region-save')).toHaveText('Saved');
});
