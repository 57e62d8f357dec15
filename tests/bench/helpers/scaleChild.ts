// One measurement of the scale bench (tests/bench/scale.bench.ts), in a process of its own so the
// peak memory it reports is that measurement's alone. Run as: MEASURE ROOT IMAGES, where ROOT
// holds dataset/ (the generated images), export/ (the COCO export) and fresh/ (the import's
// dataset). The result goes to the parent over IPC: { ms, peakKb, note } or { error }.
import fs from 'node:fs';
import path from 'node:path';
import type { RegionShape } from '../../../src-main/api/annotations.js';
import type { ExportSummary } from '../../../src-main/api/exports.js';
import { encodeGrayPng } from '../../../src-main/formats/pngWrite.js';
import { startWebHost } from '../../../src-main/host/web/webHost.js';
import { dispatch } from '../../../src-main/services/dispatch.js';
import { Session } from '../../../src-main/services/Session.js';
import { listImageIds } from '../../../src-main/store/imagesRepo.js';
import { writeTx } from '../../../src-main/store/openStore.js';
import { insertRegion, shapeToStored } from '../../../src-main/store/regionsRepo.js';

export type Measure = 'setup' | 'open' | 'scan' | 'stats' | 'export' | 'import' | 'serve';
export interface ChildResult {
  ms?: number;
  peakKb?: number;
  note?: string;
  error?: string;
  url?: string;
}

const W = 64;
const H = 48;
const PER_FOLDER = 1000;
const REGIONS_PER_IMAGE = 10;
const CLASSES = 10;

const [measure, root, imagesArg] = process.argv.slice(2) as [Measure, string, string];
const images = Number(imagesArg);
const datasetDir = path.join(root, 'dataset');
const exportDir = path.join(root, 'export');
const freshDir = path.join(root, 'fresh');

/** The peak resident memory of this process so far: VmHWM where /proc exists, else getrusage's maxrss. */
function peakKb(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

function send(r: ChildResult): Promise<void> {
  return new Promise((resolve) => process.send!(r, () => resolve()));
}

function session(): Session {
  return new Session({}, path.join(root, '.home'));
}

async function runJob<T>(s: Session, started: unknown): Promise<T> {
  return (await s.jobs.wait((started as { jobId: string }).jobId)) as T;
}

/**
 * `count` small grayscale PNGs, 1,000 to a folder. Each differs in its pixels (its number is
 * written into the first row), not only in metadata: an export re-encodes images without their
 * metadata, and identical pixels would make the import match every exported image to one.
 */
function writeImages(dir: string, count: number): void {
  const pixels = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) pixels[y * W + x] = (x * 4 + y * 2) & 0xff;
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, `d${String(Math.floor(i / PER_FOLDER)).padStart(3, '0')}`);
    if (i % PER_FOLDER === 0) fs.mkdirSync(folder, { recursive: true });
    for (let b = 0; b < 4; b++) pixels[b] = (i >>> (8 * b)) & 0xff;
    fs.writeFileSync(path.join(folder, `img-${String(i).padStart(6, '0')}.png`), encodeGrayPng(pixels, W, H));
  }
}

/** Ten regions inside a 64×48 image: seven boxes and three hexagons, spread over the classes. */
function regionsOf(i: number): { classNo: number; shape: RegionShape }[] {
  const out: { classNo: number; shape: RegionShape }[] = [];
  for (let k = 0; k < REGIONS_PER_IMAGE; k++) {
    const x = 2 + ((i * 7 + k * 5) % 40);
    const y = 2 + ((i * 3 + k * 11) % 28);
    const shape: RegionShape =
      k < 7
        ? { kind: 'box', x, y, w: 8 + (k % 5), h: 6 + (k % 4) }
        : {
            kind: 'polygon',
            points: Array.from({ length: 6 }, (_, v) => [x + 8 + 7 * Math.cos((v / 6) * 2 * Math.PI), y + 8 + 7 * Math.sin((v / 6) * 2 * Math.PI)] as [number, number]),
          };
    out.push({ classNo: (i + k) % CLASSES, shape });
  }
  return out;
}

/** Make the dataset: images on disk, indexed by the scan, classes through the contract, regions through the repository. */
async function setup(): Promise<ChildResult> {
  let t = performance.now();
  writeImages(datasetDir, images);
  const generateMs = performance.now() - t;
  const s = session();
  s.open(datasetDir);
  try {
    t = performance.now();
    const indexed = await runJob<{ added: number }>(s, await dispatch(s, 'datasets.scan', { thumbnails: false }));
    const indexMs = performance.now() - t;
    if (indexed.added !== images) throw new Error(`the scan indexed ${indexed.added} of ${images} images`);
    const classIds: number[] = [];
    for (let c = 0; c < CLASSES; c++) classIds.push(((await dispatch(s, 'classes.add', { name: `class-${c}` })) as { id: number }).id);
    t = performance.now();
    const db = s.require().db;
    const ids = listImageIds(db, { sort: 'name' });
    const now = Date.now();
    // In transactions of 1,000 images, as an importer writes them.
    for (let from = 0; from < ids.length; from += 1000) {
      writeTx(db, () => {
        for (let n = from; n < Math.min(from + 1000, ids.length); n++) {
          for (const r of regionsOf(n)) insertRegion(db, ids[n]!, shapeToStored(classIds[r.classNo]!, r.shape), 'bench', now);
        }
      });
    }
    const regionsMs = performance.now() - t;
    return {
      ms: indexMs,
      peakKb: peakKb(),
      note: `generated ${images} PNGs in ${(generateMs / 1000).toFixed(1)} s, indexed in ${(indexMs / 1000).toFixed(1)} s, ${ids.length * REGIONS_PER_IMAGE} regions written in ${(regionsMs / 1000).toFixed(1)} s`,
    };
  } finally {
    s.close();
  }
}

/**
 * Open the dataset, time `op`, then (untimed) `check` what it did: a note when it is not what was
 * expected. An operation that changes nothing (a rescan, stats) runs `runs` times and the fastest
 * counts: on a shared machine the fastest run is the one least disturbed by other work.
 */
async function timed<T>(
  dir: string,
  op: (s: Session) => Promise<T>,
  check: (r: T, s: Session) => Promise<string | undefined> | string | undefined,
  runs = 1,
): Promise<ChildResult> {
  const s = session();
  s.open(dir);
  try {
    let ms = Infinity;
    let r: T | undefined;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      r = await op(s);
      ms = Math.min(ms, performance.now() - t);
    }
    return { ms, peakKb: peakKb(), note: await check(r as T, s) };
  } finally {
    s.close();
  }
}

async function serve(): Promise<void> {
  // The web host `lightbox serve` runs, without the rescan `serve` starts on open: the first paint
  // measured is the library's, not a scan's running beside it.
  const s = session();
  s.open(datasetDir);
  const host = await startWebHost(s, { rendererDir: path.resolve('dist/renderer') });
  process.on('message', (m: unknown) => {
    if (m !== 'report') return;
    void send({ peakKb: peakKb() }).then(async () => {
      await host.close();
      s.close();
      process.exit(0);
    });
  });
  await send({ url: host.url });
}

async function main(): Promise<void> {
  if (measure === 'serve') return serve();
  const run: Record<Exclude<Measure, 'serve'>, () => Promise<ChildResult>> = {
    setup,
    open: () => timed(datasetDir, async () => undefined, () => undefined),
    scan: () =>
      timed(
        datasetDir,
        async (s) => runJob<{ unchanged: number; total: number }>(s, await dispatch(s, 'datasets.scan', { thumbnails: false })),
        (r) => (r.unchanged === images ? undefined : `${r.unchanged} of ${r.total} unchanged`),
        3,
      ),
    stats: () =>
      timed(
        datasetDir,
        async (s) => (await dispatch(s, 'datasets.stats', {})) as { images: number; labeled: number },
        (r) => (r.labeled === images ? undefined : `${r.labeled} of ${r.images} labeled`),
        3,
      ),
    export: () => {
      fs.rmSync(exportDir, { recursive: true, force: true });
      return timed(
        datasetDir,
        async (s) => runJob<ExportSummary>(s, await dispatch(s, 'exports.run', { format: 'coco', out: exportDir })),
        (r) => (r.exported === images ? undefined : `${r.exported} of ${images} exported`),
      );
    },
    import: () => {
      fs.rmSync(freshDir, { recursive: true, force: true });
      fs.mkdirSync(freshDir);
      return timed(
        freshDir,
        async (s) => runJob<unknown>(s, await dispatch(s, 'acquire.importLabeled', { format: 'coco', from: exportDir })),
        async (_r, s) => {
          const stats = (await dispatch(s, 'datasets.stats', {})) as { images: number; labeled: number };
          const regions = s.require().db.prepare('SELECT COUNT(*) AS n FROM annotations WHERE deleted = 0').get() as { n: number };
          const want = images * REGIONS_PER_IMAGE;
          return stats.labeled === images && regions.n === want ? undefined : `${stats.images} images, ${stats.labeled} labeled, ${regions.n} of ${want} regions`;
        },
      );
    },
  };
  try {
    await send(await run[measure]());
  } catch (e) {
    await send({ error: String((e as Error)?.message ?? e).slice(0, 300) });
  }
}

void main();
