import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSES, POLY_POINTS, RED, ROTATED_BOX, SOURCES, type TrainingFixture, makeTrainingDataset, meanDifference, pixelsOf } from '../helpers/trainingDataset.js';
import type { ExportSummary } from '../../src-main/api/exports.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { rng as seededRng } from '../helpers/rng.js';
import { listFiles, pixelAt } from '../helpers/tempDataset.js';
import { openTempDataset } from '../helpers/tempSession.js';
import { readTar } from '../helpers/tarRead.js';

interface Sample {
  shard: string;
  key: string;
  files: Map<string, Buffer>;
}

/** WebDataset's grouping: a member's key is its name up to the first dot; consecutive members with one key are a sample. */
async function samplesOf(out: string, shard: string): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const m of await readTar(path.join(out, shard))) {
    const dot = m.name.indexOf('.');
    const key = m.name.slice(0, dot);
    const ext = m.name.slice(dot + 1);
    let last = samples.at(-1);
    if (!last || last.key !== key) {
      last = { shard, key, files: new Map() };
      samples.push(last);
    }
    last.files.set(ext, m.data);
  }
  return samples;
}

describe('webdataset export', () => {
  const cleanups: (() => void)[] = [];
  let fx: TrainingFixture;

  beforeAll(async () => {
    fx = await makeTrainingDataset(cleanups, 'lightbox-wds-');
  });
  afterAll(() => {
    for (const c of cleanups.splice(0)) c();
  });

  it('writes one folder of shards per split, shard-size samples each, every image and label readable by a tar reader', async () => {
    const { out, summary } = await fx.run({ format: 'webdataset', shardSize: 3 }, path.join(path.dirname(fx.dir), `${path.basename(fx.dir)}-wds`));
    const name = path.basename(out).replace(/[^A-Za-z0-9_-]+/g, '_');
    expect(summary.problems).toEqual([]);
    expect(summary.exported).toBe(SOURCES.length);
    expect(summary.skippedUnlabeled).toBe(1);
    expect(summary.skippedNoSplit).toBe(1);
    expect(summary.perSplit).toEqual({ train: 4, val: 2, test: 0, none: 0 });
    // Four train samples at three per shard: two shards; two val samples: one.
    expect(listFiles(out)).toEqual(['.lightbox-export.json', 'PRIVACY.txt', 'dataset.json', `train/${name}-000000.tar`, `train/${name}-000001.tar`, `val/${name}-000000.tar`]);
    const index = JSON.parse(fs.readFileSync(path.join(out, 'dataset.json'), 'utf8'));
    expect(index.classes).toEqual(CLASSES);
    expect(index.splits.train).toEqual({ shards: [`train/${name}-000000.tar`, `train/${name}-000001.tar`], samples: 4 });
    expect(index.splits.val).toEqual({ shards: [`val/${name}-000000.tar`], samples: 2 });

    const samples: Sample[] = [];
    for (const shard of index.splits.train.shards.concat(index.splits.val.shards)) samples.push(...(await samplesOf(out, shard)));
    expect((await samplesOf(out, `train/${name}-000000.tar`)).length).toBe(3);
    expect(samples.map((s) => s.key)).toEqual(['rotated', 'deep', 'dup', 'dup-2', 'a_b_c', 'poly']);
    expect(new Set(samples.map((s) => s.key.toLowerCase())).size).toBe(samples.length);

    const bySource = new Map([
      ['rotated', 'photos/rotated.jpg'],
      ['deep', 'scans/deep.png'],
      ['dup', 'x/dup.jpg'],
      ['dup-2', 'y/dup.jpg'],
      ['a_b_c', 'a.b.c.jpg'],
      ['poly', 'poly.webp'],
    ]);
    for (const sample of samples) {
      const src = SOURCES.find((s) => s.path === bySource.get(sample.key))!;
      const imageExt = [...sample.files.keys()].find((e) => e === 'jpg' || e === 'png')!;
      // JPEG stays JPEG; PNG, 16-bit and WebP go out as PNG.
      expect(imageExt, sample.key).toBe(src.path.endsWith('.jpg') ? 'jpg' : 'png');
      const record = JSON.parse(sample.files.get('json')!.toString('utf8'));
      expect(record.key).toBe(sample.key);
      expect(record.split).toBe(src.split);
      expect(record.label).toBe(src.labels[0] ?? null);
      expect(record.class_id).toBe(src.labels[0] ? CLASSES.indexOf(src.labels[0]) : null);
      if (src.labels[0]) expect(sample.files.get('cls')!.toString('ascii')).toBe(String(CLASSES.indexOf(src.labels[0])));
      else expect(sample.files.has('cls')).toBe(false);
      // The pixels are the source's, upright, at its size.
      const written = await pixelsOf(sample.files.get(imageExt)!);
      const source = await pixelsOf(path.join(fx.dir, src.path));
      expect([written.width, written.height], sample.key).toEqual([source.width, source.height]);
      expect([record.width, record.height]).toEqual([source.width, source.height]);
      expect(meanDifference(written.rgb, source.rgb), sample.key).toBeLessThan(3);
    }
    const get = (key: string) => samples.find((s) => s.key === key)!;
    // Upright and stripped: 40×80 with red on top, no EXIF (the source had a GPS position).
    const rotated = get('rotated').files.get('jpg')!;
    expect((await pixelAt(rotated, 20, 5))[0]).toBeGreaterThan(RED[0] - 40);
    expect((await sharp(rotated).metadata()).exif).toBeUndefined();
    expect(summary.privacy.withGps).toBe(1);
    const rotatedRecord = JSON.parse(get('rotated').files.get('json')!.toString());
    expect(rotatedRecord.regions).toEqual([{ class: 'dog', class_id: 1, kind: 'box', bbox: [ROTATED_BOX.x, ROTATED_BOX.y, ROTATED_BOX.w, ROTATED_BOX.h] }]);
    expect(JSON.parse(get('poly').files.get('json')!.toString()).regions).toEqual([{ class: 'dog', class_id: 1, kind: 'polygon', bbox: [2, 2, 28, 18], points: POLY_POINTS }]);
    // The 16-bit PNG keeps its 16 bits.
    expect((await sharp(get('deep').files.get('png')!).metadata()).depth).toBe('ushort');
  });

  for (const format of ['webdataset', 'parquet'] as const) {
    it(`${format}: cancel leaves neither the output folder nor a partial one, nor an open shard`, async () => {
      const out = `${fx.dir}-cancelled-${format}`;
      const { jobId } = (await dispatch(fx.s, 'exports.run', { format, out })) as { jobId: string };
      await dispatch(fx.s, 'jobs.cancel', { id: jobId });
      await expect(fx.s.jobs.wait(jobId)).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(fs.existsSync(out)).toBe(false);
      expect(fs.readdirSync(path.dirname(out)).filter((n) => n.startsWith(path.basename(out)))).toEqual([]);
    });
  }

  it('moves regions into the written image with a resize', async () => {
    const { out, summary } = await fx.run({ format: 'webdataset', size: { width: 20, height: 40 }, fit: 'fill' });
    expect(summary.exported).toBe(SOURCES.length);
    const name = path.basename(out).replace(/[^A-Za-z0-9_-]+/g, '_');
    // Below the default shard size: one shard per split.
    expect(listFiles(out).filter((f) => f.endsWith('.tar'))).toEqual([`train/${name}-000000.tar`, `val/${name}-000000.tar`]);
    const rotated = (await samplesOf(out, `train/${name}-000000.tar`)).find((s) => s.key === 'rotated')!;
    // 40×80 → 20×40: every coordinate halves.
    expect(JSON.parse(rotated.files.get('json')!.toString()).regions[0].bbox).toEqual([2, 5, 10, 15]);
  });

  it('starts a new shard before one would pass --shard-bytes, never splitting a sample', async () => {
    const local: (() => void)[] = [];
    cleanups.push(() => local.forEach((c) => c()));
    const { s, dir } = openTempDataset(local, 'lightbox-wds-bytes-');
    // Noise does not compress: each PNG is about 300 KB, so three fit in 1 MiB and seven need three shards.
    const rng = seededRng(7);
    for (let i = 0; i < 7; i++) {
      const raw = Buffer.alloc(320 * 320 * 3);
      for (let j = 0; j < raw.length; j++) raw[j] = Math.floor(rng() * 256);
      await sharp(raw, { raw: { width: 320, height: 320, channels: 3 } }).png().toFile(path.join(dir, `noise${i}.png`));
    }
    const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await s.jobs.wait(jobId);
    const ids = ((await dispatch(s, 'images.list', {})) as { items: { id: number }[] }).items.map((i) => i.id);
    const classId = ((await dispatch(s, 'classes.add', { name: 'noise' })) as { id: number }).id;
    await dispatch(s, 'labels.bulkSet', { imageIds: ids, classId });
    const out = `${dir}-out`;
    local.push(() => fs.rmSync(out, { recursive: true, force: true }));
    const { jobId: exportJob } = (await dispatch(s, 'exports.run', { format: 'webdataset', out, shardBytes: 1024 * 1024 })) as { jobId: string };
    const summary = (await s.jobs.wait(exportJob)) as ExportSummary;
    expect(summary.exported).toBe(7);
    const shards = listFiles(out).filter((f) => f.endsWith('.tar'));
    expect(shards.length).toBe(3);
    const keys: string[] = [];
    for (const shard of shards) {
      expect(fs.statSync(path.join(out, shard)).size).toBeLessThanOrEqual(1024 * 1024);
      for (const sample of await samplesOf(out, shard)) {
        // Each sample is whole inside its shard: image, labels and class.
        expect([...sample.files.keys()].sort()).toEqual(['cls', 'json', 'png']);
        const written = await pixelsOf(sample.files.get('png')!);
        expect(meanDifference(written.rgb, (await pixelsOf(path.join(dir, `${sample.key}.png`))).rgb)).toBe(0);
        keys.push(sample.key);
      }
    }
    expect(keys).toEqual(Array.from({ length: 7 }, (_, i) => `noise${i}`));
  });
});
