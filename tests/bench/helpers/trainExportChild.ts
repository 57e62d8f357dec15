// One export of the training-export bench (tests/bench/trainExport.bench.ts), in a process of its
// own so the peak memory it reports is that export's alone. Run as: FORMAT ROOT IMAGES, where
// ROOT/dataset is the scale bench's generated dataset (scaleChild.ts `setup`). FORMAT `open`
// only opens the dataset: the baseline the exports' memory is compared with. The result goes to
// the parent over IPC: { ms, peakKb, note } or { error }.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { ExportSummary } from '../../../src-main/api/exports.js';
import { dispatch } from '../../../src-main/services/dispatch.js';
import { Session } from '../../../src-main/services/Session.js';

const [format, root, imagesArg] = process.argv.slice(2) as ['webdataset' | 'parquet' | 'open', string, string];
const images = Number(imagesArg);

// A full collection on demand, to tell memory the export keeps from garbage not yet collected.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => process.memoryUsage().heapUsed / 1024 / 1024;

function peakKb(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

/** Sizes of the files an export wrote, by extension. */
function written(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !/\.(tar|parquet)$/.test(e.name)) continue;
    files++;
    bytes += fs.statSync(path.join(e.parentPath, e.name)).size;
  }
  return { files, bytes };
}

async function main(): Promise<void> {
  const s = new Session({}, path.join(root, '.home'));
  s.open(path.join(root, 'dataset'));
  try {
    if (format === 'open') return void (await send({ ms: 0, peakKb: peakKb() }));
    const out = path.join(root, `out-${format}`);
    fs.rmSync(out, { recursive: true, force: true });
    gc();
    const heapBefore = heapMb();
    let heapPeak = heapBefore;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, heapMb())), 20);
    // Live heap: a full collection every second during the export, so what it holds is told from garbage.
    let livePeak = heapBefore;
    const liveSampler = setInterval(() => {
      gc();
      livePeak = Math.max(livePeak, heapMb());
    }, 1000);
    const t = performance.now();
    const { jobId } = (await dispatch(s, 'exports.run', { format, out })) as { jobId: string };
    const summary = (await s.jobs.wait(jobId)) as ExportSummary;
    const ms = performance.now() - t;
    clearInterval(sampler);
    clearInterval(liveSampler);
    gc();
    const kept = heapMb() - heapBefore;
    const w = written(out);
    const note = `${summary.exported === images ? '' : `${summary.exported} of ${images} exported; `}${w.files} ${format === 'parquet' ? 'Parquet files' : 'shards'}, ${(w.bytes / 1024 / 1024).toFixed(1)} MB, ${Math.round(images / (ms / 1000))} images/s; JS heap ${heapBefore.toFixed(0)} MB before, peak ${heapPeak.toFixed(0)} MB, live peak ${livePeak.toFixed(1)} MB (+${(livePeak - heapBefore).toFixed(1)} MB, gc each second), ${kept.toFixed(1)} MB kept after`;
    fs.rmSync(out, { recursive: true, force: true });
    await send({ ms, peakKb: peakKb(), note });
  } finally {
    s.close();
  }
}

function send(r: { ms?: number; peakKb?: number; note?: string; error?: string }): Promise<void> {
  return new Promise((resolve) => process.send!(r, () => resolve()));
}

main().catch((e) => send({ error: String((e as Error)?.message ?? e).slice(0, 300) }));
