import os from 'node:os';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleChild, collectStderr, exited, forkChild } from '../helpers/childProcess.js';
import { tempDir } from '../helpers/tempDataset.js';
import type { ChildResult } from './helpers/scaleChild.js';

/**
 * Exports that feed training, at scale: a WebDataset export (and a Parquet one) of 1,000, 10,000
 * and 100,000 generated images with 10 regions each (the scale bench's dataset, made by its
 * child), each export in a process of its own so its peak memory (VmHWM) is its own, beside the
 * peak of a process that only opens the same dataset. Memory is flat when the export's peak
 * above that baseline does not grow with the dataset; time should grow with it, 10× for 10×.
 * Printed, not asserted. LIGHTBOX_TRAIN_SIZES=1000,10000 runs fewer sizes, LIGHTBOX_TRAIN_FORMATS=webdataset one format.
 */
const SIZES = (process.env.LIGHTBOX_TRAIN_SIZES ?? '1000,10000,100000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);

const FORMATS = (process.env.LIGHTBOX_TRAIN_FORMATS ?? 'webdataset,parquet').split(',').map((f) => f.trim());
const MEASURES = [
  { id: 'open', label: 'open the dataset (memory baseline)' },
  { id: 'webdataset', label: 'WebDataset export (tar shards, images re-encoded)' },
  { id: 'parquet', label: 'Parquet export (row groups, images re-encoded)' },
].filter((m) => m.id === 'open' || FORMATS.includes(m.id));

const table = new Map<string, Map<number, ChildResult>>(MEASURES.map((m) => [m.id, new Map()]));
const notes: string[] = [];
const children: { file: string; remove: () => void }[] = [];
let scaleChild: string | null = null;
let trainChild: string | null = null;

async function run(file: string, args: string[]): Promise<ChildResult> {
  const p: ChildProcess = forkChild(file, args);
  const stderr = collectStderr(p);
  const result = await Promise.race([
    new Promise<ChildResult>((resolve) => p.once('message', (m) => resolve(m as ChildResult))),
    exited(p).then((code) => ({ error: `the child ended (${code}) without a result: ${stderr().slice(-500)}` })),
  ]);
  await exited(p);
  return result;
}

const mb = (kb: number) => Math.round(kb / 1024);
const fmtMs = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`);

function cell(r: ChildResult | undefined, base: ChildResult | undefined): string {
  if (!r) return '–';
  if (r.error) return `failed: ${r.error.slice(0, 60)}`;
  const above = base?.peakKb ? ` (+${mb(r.peakKb! - base.peakKb)} MB)` : '';
  return `${r.ms ? `${fmtMs(r.ms)} / ` : ''}${mb(r.peakKb!)} MB${r.ms ? above : ''}${r.note ? `; ${r.note}` : ''}`;
}

function ratio(a: ChildResult | undefined, b: ChildResult | undefined): string {
  if (!a?.ms || !b?.ms || a.error || b.error) return '–';
  return `time ×${(b.ms / a.ms).toFixed(1)}, peak ×${(b.peakKb! / a.peakKb!).toFixed(2)}`;
}

function printTable(): void {
  const head = ['measure (time / peak RSS of its process, above the open baseline)', ...SIZES.map((n) => `${n.toLocaleString('en')} images`)];
  for (let i = 1; i < SIZES.length; i++) head.push(`${SIZES[i]! / 1000}k / ${SIZES[i - 1]! / 1000}k`);
  const rows = MEASURES.map((m) => {
    const row = table.get(m.id)!;
    const base = table.get('open')!;
    const out = [m.label, ...SIZES.map((n) => cell(row.get(n), m.id === 'open' ? undefined : base.get(n)))];
    for (let i = 1; i < SIZES.length; i++) out.push(ratio(row.get(SIZES[i - 1]!), row.get(SIZES[i]!)));
    return out;
  });
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(
    [
      `[bench] training exports: 64×48 PNGs with 10 regions each, default shards (10,000 images or 512 MiB); load ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} CPUs`,
      line(head),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map(line),
      ...notes,
    ].join('\n'),
  );
}

describe('training exports', () => {
  afterAll(() => {
    printTable();
    for (const c of children) c.remove();
  });

  for (const images of SIZES) {
    it(`${images.toLocaleString('en')} images: WebDataset and Parquet export time and peak memory`, async () => {
      if (!scaleChild) {
        const a = await bundleChild('tests/bench/helpers/scaleChild.ts');
        const b = await bundleChild('tests/bench/helpers/trainExportChild.ts', { nearPackages: true });
        children.push(a, b);
        scaleChild = a.file;
        trainChild = b.file;
      }
      const { dir, cleanup } = tempDir(`lightbox-bench-train-${images}-`);
      try {
        const setup = await run(scaleChild, ['setup', dir, String(images)]);
        notes.push(`  ${images.toLocaleString('en')} images: ${setup.error ? `setup failed: ${setup.error}` : setup.note}`);
        expect(setup.error).toBeUndefined();
        for (const m of MEASURES) {
          const r = await run(trainChild!, [m.id, dir, String(images)]);
          table.get(m.id)!.set(images, r);
          console.log(`[bench] training exports ${images.toLocaleString('en')} images, ${m.label}: ${cell(r, table.get('open')!.get(images))}`);
        }
      } finally {
        cleanup();
      }
    }, 3 * 60 * 60_000);
  }
});
