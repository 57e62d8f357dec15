/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { startWebHost } from '../../src-main/host/web/webHost.js';
import { thumbPath } from '../../src-main/imaging/thumbnails.js';
import { writeTx } from '../../src-main/store/openStore.js';
import { Session } from '../../src-main/services/Session.js';
import { chromiumLaunchOptions } from '../helpers/chromium.js';
import { tempDir } from '../helpers/tempDataset.js';

const ROWS = 100_000;
const SHA = 'ab'.repeat(32);

it(`library with ${ROWS.toLocaleString('en')} images: first grid paint and frame times while scrolling, in Chromium`, async () => {
  const { dir, cleanup } = tempDir('lightbox-bench-library-');
  const session = new Session({}, path.join(dir, '.home'));
  session.open(dir);
  const db = session.require().db;
  // Generated rows sharing one tiny thumbnail: this measures the library, not the disk.
  writeTx(db, () => {
    const insert = db.prepare(
      `INSERT INTO images (path, sha256, bytes, width, height, orientation, format, mtime, added_at, updated_at) VALUES (?, ?, 1000, 640, 480, 1, 'jpeg', 0, ?, ?)`,
    );
    for (let i = 0; i < ROWS; i++) insert.run(`folder-${Math.floor(i / 1000)}/img-${String(i).padStart(6, '0')}.jpg`, SHA, i, i);
  });
  const thumb = thumbPath(dir, SHA);
  fs.mkdirSync(path.dirname(thumb), { recursive: true });
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#4f8cff' } }).jpeg().toFile(thumb);

  const host = await startWebHost(session, { rendererDir: path.resolve('dist/renderer') });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${host.url}#/library`);
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="grid-cell"] img');
      return img?.complete && img.naturalWidth > 0;
    });
    const firstPaint = await page.evaluate(() => performance.now());
    await expect.poll(() => page.getByTestId('image-count').textContent()).toBe('100,000 images');

    const frames = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const el = document.querySelector<HTMLElement>('[data-testid="library-grid"]')!;
          const deltas: number[] = [];
          let last = performance.now();
          let n = 0;
          const step = (now: number) => {
            deltas.push(now - last);
            last = now;
            // Fast scrolling: three screens a second, then a few long jumps as with the scrollbar.
            el.scrollTop += n % 60 === 59 ? el.scrollHeight / 7 : 40;
            if (++n < 360) requestAnimationFrame(step);
            else resolve(deltas.slice(1));
          };
          requestAnimationFrame(step);
        }),
    );
    frames.sort((a, b) => a - b);
    const p95 = frames[Math.floor(frames.length * 0.95)]!;
    console.log(
      `library ${ROWS.toLocaleString('en')} images: first grid paint ${firstPaint.toFixed(0)} ms after navigation; scrolling ${frames.length} frames: median ${frames[frames.length >> 1]!.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, worst ${frames[frames.length - 1]!.toFixed(1)} ms (budget ≤ 50 ms per frame)`,
    );
  } finally {
    await browser.close();
    await host.close();
    session.close();
    cleanup();
  }
});
