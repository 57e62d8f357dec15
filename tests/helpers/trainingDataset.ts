import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { ExportOptions, ExportSummary } from '../../src-main/api/exports.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import type { Session } from '../../src-main/services/Session.js';
import { type Rgb, writeHalvesImage, writeImage } from './tempDataset.js';
import { openTempDataset } from './tempSession.js';

/**
 * The dataset the training-scale exports (webdataset, parquet) are read back from: an EXIF-rotated
 * photo with GPS and a box, a 16-bit greyscale PNG, a name with dots, two images of the same name,
 * an image with a polygon and no tag, a WebP, one unlabeled and one labeled without a split.
 */

export const RED: Rgb = [220, 30, 30];
export const BLUE: Rgb = [30, 30, 220];

export interface Source {
  path: string;
  split: 'train' | 'val' | 'test' | null;
  /** Tags, in class order. */
  labels: string[];
}

/** The exported images and their labels (what every sample must match), in path order. */
export const SOURCES: Source[] = [
  { path: 'a.b.c.jpg', split: 'val', labels: ['cat'] },
  { path: 'photos/rotated.jpg', split: 'train', labels: ['cat'] },
  { path: 'poly.webp', split: 'val', labels: [] },
  { path: 'scans/deep.png', split: 'train', labels: ['dog'] },
  { path: 'x/dup.jpg', split: 'train', labels: ['cat'] },
  { path: 'y/dup.jpg', split: 'train', labels: ['dog'] },
];

export const CLASSES = ['cat', 'dog'];
/** The box on photos/rotated.jpg, in upright pixels (the photo is 40×80 upright). */
export const ROTATED_BOX = { kind: 'box' as const, x: 4, y: 10, w: 20, h: 30 };
export const POLY_POINTS: [number, number][] = [
  [2, 2],
  [30, 2],
  [16, 20],
];

export interface TrainingFixture {
  s: Session;
  dir: string;
  ids: Record<string, number>;
  run(options: Omit<ExportOptions, 'out'>, out?: string): Promise<{ out: string; summary: ExportSummary }>;
}

export async function makeTrainingDataset(cleanups: (() => void)[], prefix: string): Promise<TrainingFixture> {
  const { s, dir } = openTempDataset(cleanups, prefix);
  // Stored 80×40, left red / right blue, orientation 6: upright 40×80, red on top.
  await writeHalvesImage(path.join(dir, 'photos', 'rotated.jpg'), { width: 80, height: 40, left: RED, right: BLUE, format: 'jpeg', orientation: 6, camera: true });
  await writeHalvesImage(path.join(dir, 'scans', 'deep.png'), { width: 24, height: 16, left: [10, 10, 10], right: [250, 250, 250], format: 'png', space: 'grey16' });
  await writeImage(path.join(dir, 'a.b.c.jpg'), { width: 30, height: 20, color: '#20c040' });
  await writeImage(path.join(dir, 'x', 'dup.jpg'), { width: 32, height: 24, color: '#c02020' });
  await writeImage(path.join(dir, 'y', 'dup.jpg'), { width: 24, height: 32, color: '#2020c0' });
  await writeImage(path.join(dir, 'poly.webp'), { width: 36, height: 28, color: '#e0e020' });
  await writeImage(path.join(dir, 'unlabeled.jpg'), { width: 16, height: 16 });
  await writeImage(path.join(dir, 'zz-nosplit.jpg'), { width: 16, height: 16 });
  const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
  await s.jobs.wait(jobId);
  const list = (await dispatch(s, 'images.list', {})) as { items: { id: number; path: string }[] };
  const ids = Object.fromEntries(list.items.map((i) => [i.path, i.id]));
  const classes: Record<string, number> = {};
  for (const name of CLASSES) classes[name] = ((await dispatch(s, 'classes.add', { name })) as { id: number }).id;
  for (const src of SOURCES) {
    for (const l of src.labels) await dispatch(s, 'labels.set', { imageId: ids[src.path]!, classId: classes[l]! });
    if (src.split) await dispatch(s, 'images.setSplit', { ids: [ids[src.path]!], split: src.split });
  }
  await dispatch(s, 'labels.set', { imageId: ids['zz-nosplit.jpg']!, classId: classes.cat! });
  await dispatch(s, 'annotations.create', { imageId: ids['photos/rotated.jpg']!, classId: classes.dog!, shape: ROTATED_BOX });
  await dispatch(s, 'annotations.create', { imageId: ids['poly.webp']!, classId: classes.dog!, shape: { kind: 'polygon', points: POLY_POINTS } });
  let n = 0;
  const run = async (options: Omit<ExportOptions, 'out'>, out = path.join(dir, '..', `${path.basename(dir)}-out${++n}`)) => {
    cleanups.push(() => fs.rmSync(out, { recursive: true, force: true }));
    const { jobId: id } = (await dispatch(s, 'exports.run', { ...options, out })) as { jobId: string };
    return { out, summary: (await s.jobs.wait(id)) as ExportSummary };
  };
  return { s, dir, ids, run };
}

/** The pixels of an image, upright, as 8-bit RGB (16-bit and grey scaled into it), and its size and depth. */
export async function pixelsOf(data: Buffer | string): Promise<{ width: number; height: number; depth: string | undefined; rgb: Buffer }> {
  const meta = await sharp(data).metadata();
  const { data: rgb, info } = await sharp(data).rotate().toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, depth: meta.depth, rgb };
}

/**
 * Mean channel difference between two RGB buffers of the same size. JPEG re-encoding moves values
 * a little (most at a sharp colour edge); a wrong image, turn or crop moves them by tens.
 */
export function meanDifference(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i]! - b[i]!);
  return d / a.length;
}
