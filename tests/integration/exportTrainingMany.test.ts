import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/services/dispatch.js';
import type { Session } from '../../src-main/services/Session.js';
import type { ExportSummary } from '../../src-main/api/exports.js';
import { exportRunner, openTempDataset } from '../helpers/tempSession.js';
import { readTar } from '../helpers/tarRead.js';

/**
 * A few thousand tiny images whose file names clash (the same name in many folders, names that
 * differ only in case, names whose dots become the `_` of another's key), split and labeled by
 * their number. The WebDataset and Parquet exports of it are read back with independent readers
 * (node-tar, hyparquet) and compared with the export of this dataset as Lightbox wrote it before
 * the exports streamed their selection (the fingerprints below: every sample's key, file name,
 * split, label and image bytes, in order), so paging through the store changed no name, key,
 * split or shard.
 */

const IMAGES = 2400;
const SPLITS = ['train', 'train', 'train', 'val', 'test'] as const;
const CLASSES = ['cat', 'dog', 'fox'];

/** The dataset-relative path of image `i`: clashing on purpose. */
function pathOf(i: number): string {
  switch (i % 6) {
    case 0:
      return `f${i}/IMG.png`; // 400 images called IMG.png
    case 1:
      return `F${i}/img.PNG`; // the same, in another case
    case 2:
      return `g${i}/scan.${i % 7}.png`; // key scan_3 …
    case 3:
      return `h${i}/scan_${i % 7}.png`; // … clashes with this one's
    case 4:
      return `n/${String(i).padStart(5, '0')}.png`;
    default:
      return `d${i}/a.b.png`;
  }
}

interface Fixture {
  s: Session;
  dir: string;
  /** Image ids by split, as made. */
  bySplit: Map<string | null, number[]>;
}

async function makeDataset(cleanups: (() => void)[]): Promise<Fixture> {
  const { s, dir } = openTempDataset(cleanups, 'lightbox-many-');
  for (let i = 0; i < IMAGES; i++) {
    const file = path.join(dir, ...pathOf(i).split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const raw = Buffer.alloc(4 * 4 * 3);
    for (let p = 0; p < 16; p++) raw.set([i & 255, (i >> 8) & 255, p * 16], p * 3);
    await sharp(raw, { raw: { width: 4, height: 4, channels: 3 } }).png().toFile(file);
  }
  const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
  await s.jobs.wait(jobId);
  const list = (await dispatch(s, 'images.list', { limit: 5000 })) as { items: { id: number; path: string }[] };
  expect(list.items.length).toBe(IMAGES);
  const idOf = new Map(list.items.map((x) => [x.path, x.id]));
  const classIds: number[] = [];
  for (const name of CLASSES) classIds.push(((await dispatch(s, 'classes.add', { name })) as { id: number }).id);
  const byClass = new Map<number, number[]>();
  const bySplit = new Map<string | null, number[]>();
  for (let i = 0; i < IMAGES; i++) {
    const id = idOf.get(pathOf(i))!;
    // Every 97th image stays unlabeled; every 89th has no split (left out, since others have one).
    if (i % 97 !== 5) byClass.set(classIds[i % 3]!, [...(byClass.get(classIds[i % 3]!) ?? []), id]);
    const split = i % 89 === 7 ? null : SPLITS[i % SPLITS.length]!;
    bySplit.set(split, [...(bySplit.get(split) ?? []), id]);
  }
  for (const [classId, imageIds] of byClass) await dispatch(s, 'labels.bulkSet', { imageIds, classId });
  for (const [split, ids] of bySplit) if (split) await dispatch(s, 'images.setSplit', { ids, split });
  return { s, dir, bySplit };
}

const sha = (b: Buffer | Uint8Array) => crypto.createHash('sha256').update(b).digest('hex').slice(0, 16);

describe('training exports of many images with clashing names', () => {
  const cleanups: (() => void)[] = [];
  let fx: Fixture;
  const { run } = exportRunner(cleanups, () => fx);

  beforeAll(async () => {
    fx = await makeDataset(cleanups);
  }, 600_000);
  afterAll(() => {
    for (const c of cleanups.splice(0)) c();
  });

  const expectedExported = Array.from({ length: IMAGES }, (_, i) => i).filter((i) => i % 97 !== 5 && i % 89 !== 7).length;

  it('WebDataset: every labeled image once, keys unique without dots, the same shards, keys, names and splits as before', async () => {
    // Shards are named after the output folder: the same name on every run.
    const parent = `${fx.dir}-wds`;
    cleanups.push(() => fs.rmSync(parent, { recursive: true, force: true }));
    const { out, summary } = await run({ format: 'webdataset', shardSize: 500 }, path.join(parent, 'many'));
    expect(summary.exported).toBe(expectedExported);
    expect(summary.skippedUnlabeled).toBe(Array.from({ length: IMAGES }, (_, i) => i).filter((i) => i % 97 === 5).length);
    expect(summary.skippedNoSplit).toBe(Array.from({ length: IMAGES }, (_, i) => i).filter((i) => i % 97 !== 5 && i % 89 === 7).length);
    const index = JSON.parse(fs.readFileSync(path.join(out, 'dataset.json'), 'utf8'));
    const lines: string[] = [];
    const keys = new Set<string>();
    let samples = 0;
    for (const split of ['train', 'val', 'test']) {
      for (const shard of index.splits[split].shards as string[]) {
        const members = await readTar(path.join(out, shard));
        for (let m = 0; m < members.length; m += 3) {
          const [img, json, cls] = [members[m]!, members[m + 1]!, members[m + 2]!];
          const key = img.name.slice(0, img.name.indexOf('.'));
          expect(key).not.toContain('.');
          expect(json.name).toBe(`${key}.json`);
          expect(cls.name).toBe(`${key}.cls`);
          expect(keys.has(key.toLowerCase())).toBe(false);
          keys.add(key.toLowerCase());
          const rec = JSON.parse(json.data.toString('utf8'));
          expect(rec.split).toBe(split);
          expect(CLASSES[Number(cls.data.toString('ascii'))]).toBe(rec.label);
          lines.push(`${shard} ${img.name} ${rec.key} ${rec.file_name} ${rec.split} ${cls.data.toString('ascii')} ${sha(img.data)}`);
          samples++;
        }
      }
    }
    expect(samples).toBe(expectedExported);
    expect(summary.renamed).toBeGreaterThan(700);
    expect(sha(Buffer.from(lines.join('\n')))).toBe(WEBDATASET_FINGERPRINT);
  }, 300_000);

  it('Parquet: every labeled image once, the same files, rows, names and splits as before', async () => {
    const { out, summary } = await run({ format: 'parquet', shardSize: 700 });
    expect(summary.exported).toBe(expectedExported);
    const files = fs.readdirSync(path.join(out, 'data')).sort();
    const lines: string[] = [];
    const names = new Map<string, Set<string>>();
    for (const f of files) {
      const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(path.join(out, 'data', f)), utf8: false })) as unknown as {
        image: { bytes: Uint8Array; path: string };
        label: bigint;
        split: string;
      }[];
      for (const r of rows) {
        const split = f.split('-')[0]!;
        const seen = names.get(split) ?? new Set();
        expect(seen.has(r.image.path.toLowerCase())).toBe(false);
        seen.add(r.image.path.toLowerCase());
        names.set(split, seen);
        lines.push(`${f} ${r.image.path} ${r.split} ${r.label} ${sha(r.image.bytes)}`);
      }
    }
    expect(lines.length).toBe(expectedExported);
    expect(sha(Buffer.from(lines.join('\n')))).toBe(PARQUET_FINGERPRINT);
  }, 300_000);

  // Last: it changes the dataset.
  it('writes the dataset as it was when the export started, while the app moves images to another split', async () => {
    const parent = `${fx.dir}-moved`;
    cleanups.push(() => fs.rmSync(parent, { recursive: true, force: true }));
    const out = path.join(parent, 'many');
    const { jobId } = (await dispatch(fx.s, 'exports.run', { format: 'webdataset', out })) as { jobId: string };
    // Before the export has written its first sample: every train image goes to test.
    await dispatch(fx.s, 'images.setSplit', { ids: fx.bySplit.get('train')!, split: 'test' });
    const summary = (await fx.s.jobs.wait(jobId)) as ExportSummary;
    const index = JSON.parse(fs.readFileSync(path.join(out, 'dataset.json'), 'utf8'));
    const samples: Record<string, number> = {};
    const keys = new Set<string>();
    for (const split of Object.keys(index.splits)) {
      for (const shard of index.splits[split].shards as string[]) {
        for (const m of await readTar(path.join(out, shard))) {
          if (!m.name.endsWith('.json')) continue;
          keys.add(m.name);
          expect(JSON.parse(m.data.toString('utf8')).split).toBe(split);
          samples[split] = (samples[split] ?? 0) + 1;
        }
      }
    }
    expect(keys.size).toBe(expectedExported);
    expect(summary.exported).toBe(expectedExported);
    expect(summary.perSplit.train).toBeGreaterThan(1000);
    expect(samples).toEqual({ train: summary.perSplit.train, val: summary.perSplit.val, test: summary.perSplit.test });
  }, 300_000);
});

/** The fingerprints of the exports as Lightbox wrote them before they streamed their selection (commit 5458e36). */
const WEBDATASET_FINGERPRINT = '447913ce302c0e3e';
const PARQUET_FINGERPRINT = '6e0ddb67004865e8';
