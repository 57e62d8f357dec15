import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, expect, it } from 'vitest';
import type { ExportSummary } from '../../src-main/api/exports.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { ensure12mpJpegs } from './generate12mp.js';

/**
 * Resized export (224×224) of 300 12-megapixel JPEGs through the imagefolder exporter, against the
 * plain Pillow loop it replaces, `Image.open(p).resize((224, 224)).save(out)`, on the same files.
 * fit=fill is the like-for-like setting: Pillow's resize stretches too. Budget (DESIGN.md): ≥ 7×.
 */

const COUNT = 300;
const PILLOW_PYTHON = '/usr/bin/python3';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-bench-export-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const PILLOW_LOOP = `
import os, sys, time
from PIL import Image
out = sys.argv[1]
files = [l for l in sys.stdin.read().split('\\n') if l]
start = time.perf_counter()
for i, p in enumerate(files):
    Image.open(p).resize((224, 224)).save(os.path.join(out, '%04d.jpg' % i))
print(time.perf_counter() - start)
`;

it(`resized export of ${COUNT} 12-megapixel JPEGs to 224×224, against Pillow`, async () => {
  const files = await ensure12mpJpegs(COUNT, undefined, (s) => console.log(`[bench] ${s}`));

  // A dataset of the cached files: hard links cost nothing and keep the cache untouched.
  const dataset = path.join(work, 'dataset');
  fs.mkdirSync(path.join(dataset, 'photos'), { recursive: true });
  for (const f of files) {
    const to = path.join(dataset, 'photos', path.basename(f));
    try {
      fs.linkSync(f, to);
    } catch {
      fs.copyFileSync(f, to);
    }
  }
  const session = new Session({}, path.join(work, 'home'));
  try {
    await dispatch(session, 'datasets.open', { path: dataset });
    const scan = (await dispatch(session, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await session.jobs.wait(scan.jobId);
    const { ids } = (await dispatch(session, 'images.ids', {})) as { ids: number[] };
    expect(ids).toHaveLength(COUNT);
    const cls = (await dispatch(session, 'classes.add', { name: 'photo' })) as { id: number };
    await dispatch(session, 'labels.bulkSet', { imageIds: ids, classId: cls.id });

    // The scan read every file to hash it, so both sides start with the files in the page cache.
    // The machine is shared: runs go Lightbox, Pillow, Pillow, Lightbox, so a change of load
    // during the bench weighs on both sides alike.
    let runs = 0;
    const lightbox = async (): Promise<number> => {
      const out = path.join(work, `lightbox-out-${++runs}`);
      const t0 = performance.now();
      const { jobId } = (await dispatch(session, 'exports.run', { format: 'imagefolder', out, size: { width: 224, height: 224 }, fit: 'fill' })) as {
        jobId: string;
      };
      const summary = (await session.jobs.wait(jobId)) as ExportSummary;
      const seconds = (performance.now() - t0) / 1000;
      expect(summary.exported).toBe(COUNT);
      const sample = await sharp(path.join(out, 'photo', 'photo-000.jpg')).metadata();
      expect([sample.width, sample.height]).toEqual([224, 224]);
      fs.rmSync(out, { recursive: true, force: true });
      return seconds;
    };
    const pillow = (): number => {
      const out = path.join(work, `pillow-out-${++runs}`);
      fs.mkdirSync(out);
      const py = spawnSync(PILLOW_PYTHON, ['-c', PILLOW_LOOP, out], { input: files.join('\n'), encoding: 'utf8', maxBuffer: 1 << 20 });
      expect(py.status, py.stderr).toBe(0);
      expect(fs.readdirSync(out)).toHaveLength(COUNT);
      fs.rmSync(out, { recursive: true, force: true });
      return Number(py.stdout.trim());
    };
    const l1 = await lightbox();
    const p1 = pillow();
    const p2 = pillow();
    const l2 = await lightbox();

    const rate = (seconds: number) => COUNT / seconds;
    const lightboxRate = rate((l1 + l2) / 2);
    const pillowRate = rate((p1 + p2) / 2);
    console.log(
      [
        `[bench] resized export 224×224 (fit fill, JPEG) of ${COUNT} 12-MP JPEGs on ${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(1)}:`,
        `[bench]   Lightbox (sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}): ${lightboxRate.toFixed(1)} images/s (runs: ${rate(l1).toFixed(1)}, ${rate(l2).toFixed(1)})`,
        `[bench]   Pillow loop (${PILLOW_PYTHON}):                ${pillowRate.toFixed(1)} images/s (runs: ${rate(p1).toFixed(1)}, ${rate(p2).toFixed(1)})`,
        `[bench]   ratio: ${(lightboxRate / pillowRate).toFixed(2)}× (budget ≥ 7×)`,
      ].join('\n'),
    );
  } finally {
    session.close();
  }
});
