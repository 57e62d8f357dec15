/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { expect, it } from 'vitest';
import { startWebHost } from '../../src-main/host/web/webHost.js';
import { startScan } from '../../src-main/services/datasetsService.js';
import { readDerived } from '../../src-main/services/fileAccess.js';
import { Session } from '../../src-main/services/Session.js';
import { chromiumLaunchOptions } from '../helpers/chromium.js';
import { tempDir } from '../helpers/tempDataset.js';
import { ensure12mpJpegs } from './generate12mp.js';

const COUNT = 40;

/** Time from the key press to the next image decoded and on screen, in the page. */
async function step(page: import('@playwright/test').Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const current = () => document.querySelector<HTMLImageElement>('[data-testid="image-view"] img');
        const before = current()?.src;
        const start = performance.now();
        window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
        const check = () => {
          const img = current();
          if (!img || img.src === before) return requestAnimationFrame(check);
          void img
            .decode()
            .catch(() => undefined)
            .then(() => requestAnimationFrame(() => resolve(performance.now() - start)));
        };
        requestAnimationFrame(check);
      }),
  );
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

it(`next image shown in the workspace, ${COUNT} 12-megapixel JPEGs with cached previews, in Chromium`, async () => {
  const sources = await ensure12mpJpegs(COUNT, undefined, console.log);
  const { dir, cleanup } = tempDir('lightbox-bench-next-');
  sources.forEach((s, i) => fs.linkSync(s, path.join(dir, `img-${String(i).padStart(3, '0')}.jpg`)));
  const session = new Session({}, path.join(dir, '.home'));
  session.open(dir);
  await startScan(session, false).promise;
  const ids = (session.require().db.prepare('SELECT id FROM images ORDER BY path').all() as { id: number }[]).map((r) => r.id);
  // "Once previews are cached": made ahead, as browsing the folder once does.
  let t = performance.now();
  for (const id of ids) expect((await readDerived(session, id, 'previews')).status).toBe(200);
  const previewMs = (performance.now() - t) / ids.length;

  const host = await startWebHost(session, { rendererDir: path.resolve('dist/renderer') });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${host.url}#/workspace/${ids[0]}`);
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('[data-testid="image-view"] img')?.complete);
    const paced: number[] = [];
    for (let i = 0; i < COUNT / 2 - 1; i++) {
      await page.waitForTimeout(400); // a person looking at the image before the next key
      paced.push(await step(page));
    }
    const rapid: number[] = [];
    for (let i = COUNT / 2; i < COUNT - 1; i++) rapid.push(await step(page));
    console.log(
      `next image (12 MP, cached 2048 px previews): at a labeling pace (400 ms between keys) p50 ${pct(paced, 50).toFixed(0)} ms, p95 ${pct(paced, 95).toFixed(0)} ms; ` +
        `keys held down p50 ${pct(rapid, 50).toFixed(0)} ms, p95 ${pct(rapid, 95).toFixed(0)} ms (budget p95 ≤ 100 ms); making a preview took ${previewMs.toFixed(0)} ms per image`,
    );
  } finally {
    await browser.close();
    await host.close();
    session.close();
    cleanup();
  }
});
