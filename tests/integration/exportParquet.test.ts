import path from 'node:path';
import sharp from 'sharp';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/services/dispatch.js';
import { CLASSES, POLY_POINTS, ROTATED_BOX, SOURCES, type TrainingFixture, makeTrainingDataset, meanDifference, pixelsOf } from '../helpers/trainingDataset.js';
import { listFiles } from '../helpers/tempDataset.js';

interface Row {
  image: { bytes: Uint8Array; path: string };
  label?: bigint | null;
  labels?: bigint[];
  split: string | null;
  width: number;
  height: number;
  regions: string;
}

/** Every row of a Parquet file, read by hyparquet (not the writer's library), and its file metadata. */
async function readParquet(file: string): Promise<{ rows: Row[]; rowGroups: number; meta: Record<string, string> }> {
  const buffer = await asyncBufferFromFile(file);
  const md = await parquetMetadataAsync(buffer);
  const rows = (await parquetReadObjects({ file: buffer, utf8: false })) as unknown as Row[];
  return { rows, rowGroups: md.row_groups.length, meta: Object.fromEntries((md.key_value_metadata ?? []).map((kv) => [kv.key, kv.value ?? ''])) };
}

describe('parquet export', () => {
  const cleanups: (() => void)[] = [];
  let fx: TrainingFixture;

  beforeAll(async () => {
    fx = await makeTrainingDataset(cleanups, 'lightbox-parquet-');
  });
  afterAll(() => {
    for (const c of cleanups.splice(0)) c();
  });

  it('writes data/{split}-0000i-of-0000N.parquet with one row per image: its bytes, label, split and regions', async () => {
    const { out, summary } = await fx.run({ format: 'parquet', shardSize: 3 });
    expect(summary.problems).toEqual([]);
    expect(summary.exported).toBe(SOURCES.length);
    expect(summary.skippedNoSplit).toBe(1);
    expect(summary.skippedUnlabeled).toBe(1);
    // Four train rows at three per file: two files; val is named as the Hub names it.
    expect(listFiles(out)).toEqual([
      '.lightbox-export.json',
      'PRIVACY.txt',
      'data/train-00000-of-00002.parquet',
      'data/train-00001-of-00002.parquet',
      'data/validation-00000-of-00001.parquet',
    ]);
    const rows: Row[] = [];
    for (const f of listFiles(out).filter((f) => f.endsWith('.parquet'))) {
      const { rows: r, meta } = await readParquet(path.join(out, f));
      rows.push(...r);
      // The features `datasets` restores: an Image, a ClassLabel over the classes in order.
      const features = JSON.parse(meta.huggingface!).info.features;
      expect(features.image).toEqual({ _type: 'Image' });
      expect(features.label).toEqual({ names: CLASSES, _type: 'ClassLabel' });
    }
    expect(rows.map((r) => r.image.path)).toEqual(['rotated.jpg', 'deep.png', 'dup.jpg', 'dup-2.jpg', 'a.b.c.jpg', 'poly.png']);
    const order = ['photos/rotated.jpg', 'scans/deep.png', 'x/dup.jpg', 'y/dup.jpg', 'a.b.c.jpg', 'poly.webp'];
    for (const [i, row] of rows.entries()) {
      const src = SOURCES.find((s) => s.path === order[i])!;
      expect(row.split, src.path).toBe(src.split);
      expect(row.label).toBe(src.labels[0] ? BigInt(CLASSES.indexOf(src.labels[0])) : null);
      const written = await pixelsOf(Buffer.from(row.image.bytes));
      const source = await pixelsOf(path.join(fx.dir, src.path));
      expect([written.width, written.height], src.path).toEqual([source.width, source.height]);
      expect([row.width, row.height]).toEqual([source.width, source.height]);
      expect(meanDifference(written.rgb, source.rgb), src.path).toBeLessThan(3);
    }
    // Upright, EXIF and its GPS position stripped; the box in upright pixels.
    const rotated = Buffer.from(rows[0]!.image.bytes);
    expect((await sharp(rotated).metadata()).exif).toBeUndefined();
    expect(JSON.parse(rows[0]!.regions)).toEqual([{ class: 'dog', class_id: 1, kind: 'box', bbox: [ROTATED_BOX.x, ROTATED_BOX.y, ROTATED_BOX.w, ROTATED_BOX.h] }]);
    expect(JSON.parse(rows[5]!.regions)).toEqual([{ class: 'dog', class_id: 1, kind: 'polygon', bbox: [2, 2, 28, 18], points: POLY_POINTS }]);
    expect((await sharp(Buffer.from(rows[1]!.image.bytes)).metadata()).depth).toBe('ushort');
  });

  it('writes a multi-label project as a list of class indices', async () => {
    await dispatch(fx.s, 'labels.setMode', { mode: 'multi' });
    const classes = (await dispatch(fx.s, 'classes.list', {})) as { id: number; name: string }[];
    await dispatch(fx.s, 'labels.toggle', { imageId: fx.ids['x/dup.jpg']!, classId: classes.find((c) => c.name === 'dog')!.id });
    try {
      const { out } = await fx.run({ format: 'parquet', anonymousNames: true });
      const { rows, meta } = await readParquet(path.join(out, 'data', 'train-00000-of-00001.parquet'));
      expect(JSON.parse(meta.huggingface!).info.features.labels).toEqual({ feature: { names: CLASSES, _type: 'ClassLabel' }, _type: 'Sequence' });
      expect(rows.map((r) => r.labels)).toEqual([[0n], [1n], [0n, 1n], [1n]]);
      // Anonymous names reach the image's path inside the file too.
      expect(rows.map((r) => r.image.path)).toEqual(['img-000002.jpg', 'img-000004.png', 'img-000005.jpg', 'img-000006.jpg']);
    } finally {
      await dispatch(fx.s, 'labels.setMode', { mode: 'single' });
    }
  });
});
