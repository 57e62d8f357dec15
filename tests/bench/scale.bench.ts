/// <reference lib="dom" />
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { chromium } from '@playwright/test';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleChild, collectStderr, exited, forkChild } from '../helpers/childProcess.js';
import { chromiumLaunchOptions } from '../helpers/chromium.js';
import { tempDir } from '../helpers/tempDataset.js';
import type { ChildResult, Measure } from './helpers/scaleChild.js';

/**
 * Cost must grow linearly with the dataset: the same operations on 1,000, 10,000 and 100,000
 * generated images with 10 regions each, every measurement in a process of its own so its peak
 * memory (VmHWM) is its own. A dataset 10× larger may cost at most 12× the time: each ratio is
 * printed "ok" or "over", not asserted (a bench prints figures).
 *
 * The images are written with plain fs (a tiny grayscale PNG whose first pixels hold its number),
 * indexed by one real scan; the classes are added through the contract and the regions through the
 * store's repository (a million calls through the contract would time the bench, not the app).
 * The rescan skips thumbnails (the index made none; thumbnails are made on demand for the library).
 *
 * LIGHTBOX_SCALE_SIZES=1000,10000 runs fewer sizes; LIGHTBOX_SCALE_MEASURES=stats,library fewer
 * measures (open, scan, stats, export, import, library; import needs export).
 */
const SIZES = (process.env.LIGHTBOX_SCALE_SIZES ?? '1000,10000,100000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);

const MEASURES: { id: Measure | 'library'; label: string }[] = [
  { id: 'open', label: 'open dataset (baseline)' },
  { id: 'scan', label: 'scan, already indexed (no thumbnails; best of 3)' },
  { id: 'stats', label: 'stats (best of 3)' },
  { id: 'export', label: 'COCO export (images re-encoded)' },
  { id: 'import', label: 'COCO import into an empty dataset (images copied in)' },
  { id: 'library', label: 'library first paint' },
];

const ONLY = process.env.LIGHTBOX_SCALE_MEASURES?.split(',').map((m) => m.trim());
if (ONLY) MEASURES.splice(0, MEASURES.length, ...MEASURES.filter((m) => ONLY.includes(m.id)));

type Row = Map<number, ChildResult>;
const table = new Map<string, Row>(MEASURES.map((m) => [m.id, new Map()]));
const setupNotes: string[] = [];
let child: { file: string; remove: () => void } | null = null;

async function childFile(): Promise<string> {
  child ??= await bundleChild('tests/bench/helpers/scaleChild.ts');
  return child.file;
}

/** The results a child sends over IPC, in order. */
function messages(p: ChildProcess): () => Promise<ChildResult> {
  const queue: ChildResult[] = [];
  const waiting: ((r: ChildResult) => void)[] = [];
  p.on('message', (m) => {
    const w = waiting.shift();
    if (w) w(m as ChildResult);
    else queue.push(m as ChildResult);
  });
  return () => new Promise((resolve) => (queue.length > 0 ? resolve(queue.shift()!) : waiting.push(resolve)));
}

async function runMeasure(measure: Measure, root: string, images: number): Promise<ChildResult> {
  const p = forkChild(await childFile(), [measure, root, String(images)]);
  const stderr = collectStderr(p);
  const next = messages(p);
  const result = await Promise.race([next(), exited(p).then((code) => ({ error: `the child ended (${code}) without a result: ${stderr().slice(-500)}` }))]);
  await exited(p);
  return result;
}

/** First paint of the library grid in Chromium, against the web host in a child; its peak memory is the host's. */
async function libraryFirstPaint(root: string, images: number): Promise<ChildResult> {
  const p = forkChild(await childFile(), ['serve', root, String(images)]);
  const stderr = collectStderr(p);
  const next = messages(p);
  const started = await Promise.race([next(), exited(p).then((code) => ({ error: `the web host ended (${code}): ${stderr().slice(-500)}` }) as ChildResult)]);
  if (!started.url) return started;
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${started.url}#/library`);
    await page.waitForFunction(
      () => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="grid-cell"] img');
        return img?.complete && img.naturalWidth > 0;
      },
      undefined,
      { timeout: 600_000 },
    );
    const ms = await page.evaluate(() => performance.now());
    const count = `${images.toLocaleString('en')} images`;
    await expect.poll(() => page.getByTestId('image-count').textContent(), { timeout: 600_000 }).toBe(count);
    p.send('report');
    const report = await next();
    return { ms, peakKb: report.peakKb };
  } finally {
    await browser.close();
    if (p.exitCode === null) p.kill();
    await exited(p);
  }
}

function fmtMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(ms < 10 ? 1 : 0)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function cell(r: ChildResult | undefined): string {
  if (!r) return '–';
  if (r.error) return `failed: ${r.error.slice(0, 60)}`;
  return `${fmtMs(r.ms!)} / ${Math.round(r.peakKb! / 1024)} MB${r.note ? ` (${r.note})` : ''}`;
}

/** Time of the larger size over the smaller, against 1.2× the size ratio (12× for 10× the images). */
function ratio(a: ChildResult | undefined, b: ChildResult | undefined, na: number, nb: number): string {
  if (!a?.ms || !b?.ms || a.error || b.error) return '–';
  const r = b.ms / a.ms;
  return `×${r.toFixed(1)} ${r <= 1.2 * (nb / na) ? 'ok' : 'over'}`;
}

function printTable(): void {
  const head = ['measure (time / peak memory of its process)', ...SIZES.map((n) => `${n.toLocaleString('en')} images`)];
  for (let i = 1; i < SIZES.length; i++) head.push(`${SIZES[i]! / 1000}k / ${SIZES[i - 1]! / 1000}k`);
  const rows = MEASURES.map((m) => {
    const row = table.get(m.id)!;
    const out = [m.label, ...SIZES.map((n) => cell(row.get(n)))];
    for (let i = 1; i < SIZES.length; i++) out.push(ratio(row.get(SIZES[i - 1]!), row.get(SIZES[i]!), SIZES[i - 1]!, SIZES[i]!));
    return out;
  });
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(
    [
      `[bench] scale: 10 regions per image (7 boxes, 3 polygons), 64×48 PNGs; each measure in its own process; ratios: at most 1.2× the size ratio is "ok"; load ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} CPUs`,
      line(head),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map(line),
      ...setupNotes,
    ].join('\n'),
  );
}

describe('scale', () => {
  afterAll(() => {
    printTable();
    child?.remove();
  });

  for (const images of SIZES) {
    it(`${images.toLocaleString('en')} images with 10 regions each: scan, stats, COCO export and import, library first paint`, async () => {
      const { dir, cleanup } = tempDir(`lightbox-bench-scale-${images}-`);
      try {
        const setup = await runMeasure('setup', dir, images);
        setupNotes.push(`  ${images.toLocaleString('en')} images: ${setup.error ? `setup failed: ${setup.error}` : setup.note} (peak ${Math.round((setup.peakKb ?? 0) / 1024)} MB)`);
        expect(setup.error).toBeUndefined();
        for (const m of MEASURES) {
          let r: ChildResult;
          try {
            r = m.id === 'library' ? await libraryFirstPaint(dir, images) : await runMeasure(m.id, dir, images);
          } catch (e) {
            // One measure that breaks (a browser that times out) leaves the others to run and print.
            r = { error: String((e as Error)?.message ?? e).split('\n')[0]!.slice(0, 300) };
          }
          table.get(m.id)!.set(images, r);
          console.log(`[bench] scale ${images.toLocaleString('en')} images, ${m.label}: ${r.error ? `failed: ${r.error}` : cell(r)}`);
        }
      } finally {
        cleanup();
      }
    }, 3 * 60 * 60_000);
  }
});
