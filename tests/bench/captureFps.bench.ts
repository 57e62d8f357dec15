import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { chromium } from '@playwright/test';
import { afterAll, expect, it } from 'vitest';
import { serve } from '../e2e/helpers/serve.js';
import { chromiumLaunchOptions } from '../helpers/chromium.js';

/**
 * Frames per second that hold-to-record sustains at 1280×720 with Chromium's fake camera, through
 * the real renderer and `lightbox serve`: every frame grabbed from the video, JPEG-encoded in the
 * page, sent over the WebSocket, re-encoded upright without metadata by sharp, written and
 * committed with its label. The hold rate is set to its maximum (30) so the pipeline is the limit.
 */

const root = path.resolve(__dirname, '..', '..');
const HOLD_MS = 6000;
const dataset = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-bench-capture-'));
afterAll(() => fs.rmSync(dataset, { recursive: true, force: true }));

it('hold-to-record at 1280×720 with the fake camera', async () => {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'cli', 'renderer'], { cwd: root });
  execFileSync(process.execPath, [path.join(root, 'bin', 'lightbox.cjs'), 'classes', dataset, 'add', 'A']);
  const server = await serve(dataset);
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Camera' }).click();
    await page.getByTestId('resolution-select').selectOption('1280x720');
    await page.getByTestId('capture-rate-input').fill('30');
    await page.waitForFunction(() => (document.querySelector('[data-testid="capture-video"]') as HTMLVideoElement | null)?.videoWidth === 1280);
    const cameraFps = await page.evaluate(
      () => ((document.querySelector('[data-testid="capture-video"]') as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0]!.getSettings().frameRate,
    );
    await page.locator('body').click({ position: { x: 5, y: 790 } });
    await page.keyboard.down('1');
    await page.waitForTimeout(HOLD_MS);
    await page.keyboard.up('1');
    const rate = await page.getByTestId('capture-rate').textContent({ timeout: 30_000 });
    const fps = Number(/([\d.]+) frames/.exec(rate ?? '')?.[1]);
    const db = new Database(path.join(dataset, '.lightbox', 'labels.sqlite'), { readonly: true });
    const rows = db.prepare(`SELECT width, height, added_at, sha256 FROM images WHERE source = 'camera' ORDER BY added_at`).all() as { width: number; height: number; added_at: number; sha256: string }[];
    db.close();
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.every((r) => r.width === 1280 && r.height === 720)).toBe(true);
    const distinct = new Set(rows.map((r) => r.sha256)).size;
    const span = (rows.at(-1)!.added_at - rows[0]!.added_at) / 1000;
    console.log(
      `[bench] hold-to-record, 1280×720 JPEG, fake camera: ${fps.toFixed(1)} frames/s in the page (${rows.length} frames, ${distinct} distinct, in ${HOLD_MS / 1000} s held; ${((rows.length - 1) / span).toFixed(1)} frames/s committed by the store; the camera delivers ${cameraFps} frames/s, the hold rate is capped at 30; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
});
