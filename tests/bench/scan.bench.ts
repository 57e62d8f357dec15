import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { scanDataset } from '../../src-main/dataset/scan.js';
import { probeImage } from '../../src-main/imaging/probe.js';
import { ensureThumbnail } from '../../src-main/imaging/thumbnails.js';
import { sha256File } from '../../src-main/dataset/hash.js';
import { type JobContext, mapLimit } from '../../src-main/jobs/JobManager.js';
import { openStore } from '../../src-main/store/openStore.js';
import { ensure12mpJpegs } from './generate12mp.js';
import { pillowAvailable, runPillow } from './helpers/pillow.js';

const COUNT = Number(process.env.BENCH_IMAGES ?? 300);
const job: JobContext = { signal: new AbortController().signal, progress: () => undefined, checkCancelled: () => undefined };

const PILLOW_THUMBS = `
import sys, time
from PIL import Image
files = open(sys.argv[1]).read().split('\\n'); out = sys.argv[2]
t = time.perf_counter()
for i, p in enumerate(files):
    im = Image.open(p)
    im.draft('RGB', (256, 256))
    im.thumbnail((256, 256))
    im.save(f'{out}/{i}.jpg', quality=80)
print(time.perf_counter() - t)
`;

it(`scan of ${COUNT} 12-megapixel JPEGs: probe + hash, then thumbnails, against Pillow draft-mode thumbnails`, async () => {
  const sources = await ensure12mpJpegs(COUNT, undefined, console.log);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-bench-scan-'));
  // Hard links: the dataset holds the same files without copying gigabytes.
  sources.forEach((s, i) => fs.linkSync(s, path.join(root, `img-${i}.jpg`)));
  const db = openStore(root);
  try {
    let t = performance.now();
    const summary = await scanDataset(root, db, job, { thumbnails: false });
    const indexSeconds = (performance.now() - t) / 1000;
    expect(summary.added).toBe(COUNT);

    // The two halves of indexing on their own: header probe, and the content hash.
    t = performance.now();
    await mapLimit(sources, 4, (f) => probeImage(f));
    const probeSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    await mapLimit(sources, 4, (f) => sha256File(f));
    const hashSeconds = (performance.now() - t) / 1000;
    const megabytes = sources.reduce((n, f) => n + fs.statSync(f).size, 0) / 1e6;

    const rows = db.prepare('SELECT path, sha256 FROM images').all() as { path: string; sha256: string }[];
    t = performance.now();
    await mapLimit(rows, 4, (r) => ensureThumbnail(root, { file: path.join(root, r.path), sha256: r.sha256, frame: null, render: 'plain' }));
    const thumbSeconds = (performance.now() - t) / 1000;

    console.log(`index (probe + sha256): ${(COUNT / indexSeconds).toFixed(0)} images/s (${indexSeconds.toFixed(2)} s for ${COUNT}); budget ≥ 1000 images/s`);
    console.log(`  of which header probe alone: ${(COUNT / probeSeconds).toFixed(0)} images/s; sha256 alone: ${(COUNT / hashSeconds).toFixed(0)} images/s (${(megabytes / hashSeconds).toFixed(0)} MB/s over ${megabytes.toFixed(0)} MB)`);
    console.log(`thumbnails (256 px, upright): ${(COUNT / thumbSeconds).toFixed(1)} images/s (${thumbSeconds.toFixed(2)} s)`);
    if (pillowAvailable()) {
      const pillowSeconds = runPillow(PILLOW_THUMBS, sources, path.join(root, '..', `${path.basename(root)}-pillow`));
      console.log(`Pillow draft-mode thumbnails: ${(COUNT / pillowSeconds).toFixed(1)} images/s (${pillowSeconds.toFixed(2)} s)`);
      console.log(`thumbnail ratio sharp/Pillow: ${(pillowSeconds / thumbSeconds).toFixed(2)}× (budget ≥ 1.5×)`);
      fs.rmSync(path.join(root, '..', `${path.basename(root)}-pillow`), { recursive: true, force: true });
    } else {
      console.log('Pillow baseline skipped: /usr/bin/python3 has no PIL (apt-get install python3-pil)');
    }
  } finally {
    db.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
