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
    const out = path.join(work, 'lightbox-out');
    const t0 = performance.now();
    const { jobId } = (await dispatch(session, 'exports.run', { format: 'imagefolder', out, size: { width: 224, height: 224 }, fit: 'fill' })) as {
      jobId: string;
    };
    const summary = (await session.jobs.wait(jobId)) as ExportSummary;
    const lightboxSeconds = (performance.now() - t0) / 1000;
    expect(summary.exported).toBe(COUNT);
    const sample = await sharp(path.join(out, 'photo', 'photo-000.jpg')).metadata();
    expect([sample.width, sample.height]).toEqual([224, 224]);

    const pillowOut = path.join(work, 'pillow-out');
    fs.mkdirSync(pillowOut);
    const py = spawnSync(PILLOW_PYTHON, ['-c', PILLOW_LOOP, pillowOut], { input: files.join('\n'), encoding: 'utf8', maxBuffer: 1 << 20 });
    expect(py.status, py.stderr).toBe(0);
    const pillowSeconds = Number(py.stdout.trim());
    expect(fs.readdirSync(pillowOut)).toHaveLength(COUNT);

    const lightboxRate = COUNT / lightboxSeconds;
    const pillowRate = COUNT / pillowSeconds;
    console.log(
      [
        `[bench] resized export 224×224 (fit fill, JPEG) of ${COUNT} 12-MP JPEGs on ${os.availableParallelism()} cores:`,
        `[bench]   Lightbox (sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}): ${lightboxRate.toFixed(1)} images/s (${lightboxSeconds.toFixed(2)} s)`,
        `[bench]   Pillow loop (${PILLOW_PYTHON}):                ${pillowRate.toFixed(1)} images/s (${pillowSeconds.toFixed(2)} s)`,
        `[bench]   ratio: ${(lightboxRate / pillowRate).toFixed(2)}× (budget ≥ 7×)`,
      ].join('\n'),
    );
  } finally {
    session.close();
  }
});
