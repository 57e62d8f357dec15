import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { writeTx } from '../../src-main/store/openStore.js';
import { shapeToStored } from '../../src-main/store/regionsRepo.js';
import { insertAnswer, setTeamState } from '../../src-main/store/teamsRepo.js';
import { tempDir } from '../helpers/tempDataset.js';

/**
 * Exports of a dataset answered by three annotators, under each `--annotations` choice: N small
 * PNGs, each with a tag and a box from ana, ben and cy (written straight into the store, as a
 * merge would, all left for review so the dataset has no labels of its own). Prints the time of
 * each export and the heap it grew by, so `all` can be compared with `annotator:NAME` on the same
 * images (the streaming formats read answers a window at a time).
 */
const N = 3000;

it(`exports of ${N} images answered by three annotators, per --annotations choice`, async () => {
  const work = tempDir('lightbox-bench-team-exports-');
  try {
    const owner = path.join(work.dir, 'owner');
    fs.mkdirSync(owner);
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } }).png().toBuffer();
    for (let i = 0; i < N; i++) fs.writeFileSync(path.join(owner, `img${String(i).padStart(5, '0')}.png`), png);
    const s = new Session({}, path.join(work.dir, '.home'));
    const call = (m: string, p: unknown) => dispatch(s, m, p) as Promise<never>;
    const job = async <T>(start: Promise<{ jobId: string }>): Promise<T> => s.jobs.wait((await start).jobId) as Promise<T>;
    s.open(owner, false, false);
    await job(call('datasets.scan', { thumbnails: false }));
    const cat = ((await call('classes.add', { name: 'cat' })) as { id: number }).id;
    const lesion = ((await call('classes.add', { name: 'lesion' })) as { id: number }).id;
    const ids = ((await call('images.list', { limit: N })) as { items: { id: number }[] }).items.map((i) => i.id);
    const db = s.require().db;
    writeTx(db, () => {
      const now = Date.now();
      for (const id of ids) {
        for (const [k, annotator] of ['ana', 'ben', 'cy'].entries()) {
          const base = { contentSha256: annotator, assignmentId: annotator, annotator, imageId: id, answeredAt: now };
          insertAnswer(db, { ...base, classId: cat, kind: 'tag', geometry: null, mask: null });
          const b = shapeToStored(lesion, { kind: 'box', x: 4 * k, y: 4, w: 20, h: 20 });
          insertAnswer(db, { ...base, classId: b.classId, kind: b.kind, geometry: b.geometry, mask: b.mask });
        }
        setTeamState(db, id, 'review', now);
      }
    });
    const figures: string[] = [];
    for (const format of ['coco', 'webdataset', 'parquet', 'yolo']) {
      for (const annotations of ['annotator:ben', 'all']) {
        const out = path.join(work.dir, `${format}-${annotations.replace(':', '-')}`);
        global.gc?.();
        const heap = process.memoryUsage().heapUsed;
        let peak = heap;
        const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
        const t = performance.now();
        const summary = await job<{ exported: number }>(call('exports.run', { format, out, annotations }));
        const ms = performance.now() - t;
        clearInterval(sample);
        expect(summary.exported).toBe(N);
        figures.push(`${format} ${annotations}: ${(ms / 1000).toFixed(2)} s (${((N / ms) * 1000).toFixed(0)} images/s), heap +${((peak - heap) / 2 ** 20).toFixed(0)} MiB`);
      }
    }
    s.close();
    console.log(`[bench] team exports, ${N} PNGs of 64×48, three annotators' answers each (tag + box): ${figures.join('; ')}; load ${os.loadavg()[0]!.toFixed(2)}`);
  } finally {
    work.cleanup();
  }
});
