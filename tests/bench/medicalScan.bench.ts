import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { scanDataset } from '../../src-main/dataset/scan.js';
import { derivedSource, ensureDerived } from '../../src-main/imaging/thumbnails.js';
import { type JobContext, mapLimit } from '../../src-main/jobs/JobManager.js';
import { readableDerivedSourceRows } from '../../src-main/store/imageMetaRepo.js';
import { openStore } from '../../src-main/store/openStore.js';
import { makeDicom } from '../helpers/makeDicom.js';

const COUNT = Number(process.env.BENCH_IMAGES ?? 100);
const FRAMES = 100;
const SIDE = 512;
const job: JobContext = { signal: new AbortController().signal, progress: () => undefined, checkCancelled: () => undefined };

it(`scan and thumbnails of ${COUNT} 512×512 CT DICOMs, ${COUNT} 16-bit PNGs and one ${FRAMES}-frame DICOM`, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-bench-medical-'));
  try {
    const pixels = new Int16Array(SIDE * SIDE).map((_, i) => ((i * 7) % 2400) - 1000 + 1024);
    for (let i = 0; i < COUNT; i++) {
      pixels[0] = i; // each file its own content
      fs.writeFileSync(path.join(root, `IM${String(i).padStart(4, '0')}`), makeDicom({ rows: SIDE, columns: SIDE, pixels, signed: true, slope: 1, intercept: -1024, windows: [[40, 400]] }));
    }
    const grey = new Uint16Array(SIDE * SIDE).map((_, i) => (i * 13) % 4096);
    for (let i = 0; i < COUNT; i++) {
      grey[0] = i;
      await sharp(grey, { raw: { width: SIDE, height: SIDE, channels: 1 } }).toColourspace('grey16').png().toFile(path.join(root, `png16-${i}.png`));
    }
    fs.writeFileSync(path.join(root, 'cine.dcm'), makeDicom({ rows: SIDE, columns: SIDE, frames: FRAMES, modality: 'XA' }));

    const db = openStore(root);
    try {
      let t = performance.now();
      const summary = await scanDataset(root, db, job, { thumbnails: false });
      const indexSeconds = (performance.now() - t) / 1000;
      expect(summary.added).toBe(2 * COUNT + FRAMES);

      const rows = readableDerivedSourceRows(db);
      const timed = async (filter: (p: string) => boolean, kind: 'thumbs' | 'previews') => {
        const mine = rows.filter((r) => filter(r.path));
        const start = performance.now();
        await mapLimit(mine, 4, async (r) => {
          const file = path.join(root, r.frame === null ? r.path : r.path.slice(0, r.path.lastIndexOf('#')));
          const made = await ensureDerived(root, derivedSource(file, { ...r, sha256: r.sha256! }), kind);
          expect(made.ok).toBe(true);
        });
        return { n: mine.length, ms: performance.now() - start };
      };
      const dicomThumbs = await timed((p) => p.startsWith('IM'), 'thumbs');
      const pngThumbs = await timed((p) => p.startsWith('png16'), 'thumbs');
      const frameThumbs = await timed((p) => p.startsWith('cine'), 'thumbs');
      const dicomPreviews = await timed((p) => p.startsWith('IM'), 'previews');
      t = performance.now();

      console.log(`index (probe + sha256) of ${summary.added} images from ${2 * COUNT + 1} files: ${(summary.added / indexSeconds).toFixed(0)} images/s`);
      for (const [name, r] of [
        ['CT DICOM thumbnails (decode, file window, 256 px)', dicomThumbs],
        ['16-bit PNG thumbnails (histogram window, 256 px)', pngThumbs],
        [`thumbnails of the ${FRAMES} frames of one DICOM`, frameThumbs],
        ['CT DICOM previews (512 px, not enlarged)', dicomPreviews],
      ] as const) {
        console.log(`${name}: ${((r.n * 1000) / r.ms).toFixed(0)} images/s, ${(r.ms / r.n).toFixed(1)} ms each (4 at a time)`);
      }
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
