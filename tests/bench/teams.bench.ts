import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir } from '../helpers/tempDataset.js';

/**
 * The teams round trip on generated data: pack N 1024×768 JPEGs (with EXIF orientation 6, so every
 * copy is turned upright and re-encoded) for three annotators with 20 % overlap, unpack one
 * package, label it, hand it in, merge all three back, and compute the agreement report.
 */
const N = 300;

it(`task packages: create, open, return, merge and agreement over ${N} images`, async () => {
  const work = tempDir('lightbox-bench-teams-');
  try {
    const owner = path.join(work.dir, 'owner');
    fs.mkdirSync(owner);
    const base = await sharp({ create: { width: 1024, height: 768, channels: 3, background: '#808080' } })
      .composite([{ input: { create: { width: 200, height: 100, channels: 3, background: '#ff0000' } }, left: 10, top: 10 }])
      .jpeg({ quality: 85 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    for (let i = 0; i < N; i++) fs.writeFileSync(path.join(owner, `img${String(i).padStart(4, '0')}.jpg`), base);
    const s = new Session({}, path.join(work.dir, '.home'));
    const call = (m: string, p: unknown) => dispatch(s, m, p) as Promise<never>;
    const job = async <T>(start: Promise<{ jobId: string }>): Promise<T> => s.jobs.wait((await start).jobId) as Promise<T>;
    s.open(owner, false, false);
    await job(call('datasets.scan', { thumbnails: false }));
    await call('classes.add', { name: 'cat' });
    await call('classes.add', { name: 'dog' });

    let t = performance.now();
    const made = await job<{ file: string; images: number }[]>(call('packages.create', { out: path.join(work.dir, 'task.lbx'), annotators: ['ana', 'ben', 'cy'], overlap: 20 }));
    const createMs = performance.now() - t;
    const handedOut = made.reduce((n, p) => n + p.images, 0);

    const results: string[] = [];
    let openMs = 0;
    let returnMs = 0;
    for (const p of made) {
      const into = path.join(work.dir, path.basename(p.file, '.lbx'));
      t = performance.now();
      await job(call('packages.open', { file: p.file, into }));
      openMs += performance.now() - t;
      const ids = ((await call('images.list', { limit: 5000 })) as { items: { id: number }[] }).items.map((i) => i.id);
      await call('labels.bulkSet', { imageIds: ids, classId: ((await call('classes.list', {})) as { id: number }[])[0]!.id });
      const out = `${into}-result.lbx`;
      t = performance.now();
      await job(call('packages.return', { out }));
      returnMs += performance.now() - t;
      results.push(out);
    }
    s.open(owner, false, false);
    t = performance.now();
    const merged = await job<{ agreed: number; single: number }>(call('packages.merge', { files: results }));
    const mergeMs = performance.now() - t;
    t = performance.now();
    const report = (await call('packages.agreement', {})) as { pairs: unknown[] };
    const agreementMs = performance.now() - t;
    expect(merged.single + merged.agreed).toBe(N);
    expect(report.pairs.length).toBe(3);
    s.close();
    console.log(
      `[bench] teams, ${N} images of 1024×768 (EXIF 6), 3 annotators, 20% overlap → ${handedOut} images handed out: ` +
        `create ${(createMs / 1000).toFixed(2)} s (${((N / createMs) * 1000).toFixed(0)} images/s made upright), ` +
        `open ${(openMs / 1000).toFixed(2)} s (${((handedOut / openMs) * 1000).toFixed(0)} images/s unpacked, hashed, scanned), ` +
        `return ${(returnMs / 1000).toFixed(2)} s, merge ${mergeMs.toFixed(0)} ms (${((handedOut / mergeMs) * 1000).toFixed(0)} answers/s), ` +
        `agreement ${agreementMs.toFixed(0)} ms; load ${os.loadavg()[0]!.toFixed(2)}`,
    );
  } finally {
    work.cleanup();
  }
});
