import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/services/dispatch.js';
import type { Session } from '../../src-main/services/Session.js';
import { makeDicom } from '../helpers/makeDicom.js';
import { openTempDataset } from '../helpers/tempSession.js';

/**
 * Apply-to-similar (Shift+A) on a DICOM image copies a redaction to the images of its series (the
 * burned-in banner of an ultrasound series), wherever their files lie, and not to another series
 * that shares the folder. The SeriesInstanceUID is never written to the store as it is.
 */

const SERIES_A = '1.2.826.0.1.3680043.8.498.777001.1';
const SERIES_B = '1.2.826.0.1.3680043.8.498.777002.1';
const BANNER = { kind: 'box' as const, x: 0, y: 0, w: 16, h: 3 };

describe('apply to similar images of a DICOM series', () => {
  const cleanups: (() => void)[] = [];
  let s: Session;
  let dir: string;
  let face = 0;
  let byPath = new Map<string, number>();

  const write = (rel: string, series: string, frames = 1) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), makeDicom({ rows: 16, columns: 16, frames, seriesInstanceUid: series }));
  };
  const scan = async () => {
    const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await s.jobs.wait(jobId);
    byPath = new Map(((await dispatch(s, 'images.list', {})) as { items: { id: number; path: string }[] }).items.map((i) => [i.path, i.id]));
  };
  const redactionsOf = async (p: string) =>
    ((await dispatch(s, 'annotations.list', { imageId: byPath.get(p)! })) as { regions: { classId: number; shape: unknown }[] }).regions.filter((r) => r.classId === face).map((r) => r.shape);
  const idsOf = (...paths: string[]) => paths.map((p) => byPath.get(p)!).sort((a, b) => a - b);

  beforeAll(async () => {
    ({ s, dir } = openTempDataset(cleanups, 'lightbox-series-'));
    write('exam/us1.dcm', SERIES_A);
    write('exam/us2.dcm', SERIES_A);
    write('exam/other-series.dcm', SERIES_B);
    write('later/us3.dcm', SERIES_A);
    write('later/cine.dcm', SERIES_A, 2);
    await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808080' } }).png().toFile(path.join(dir, 'exam', 'screenshot.png'));
    await scan();
    face = ((await dispatch(s, 'classes.add', { name: 'banner', redact: true })) as { id: number }).id;
  }, 60_000);
  afterAll(() => {
    for (const c of cleanups.splice(0)) c();
  });

  it('copies the region to every image of the series in any folder, and to no other series or non-DICOM image beside it', async () => {
    const banner = (await dispatch(s, 'annotations.create', { imageId: byPath.get('exam/us1.dcm')!, classId: face, shape: BANNER })) as { id: number };
    const applied = (await dispatch(s, 'annotations.applyToSimilar', { id: banner.id })) as { created: number; images: number[] };
    expect(applied.images.sort((a, b) => a - b)).toEqual(idsOf('exam/us2.dcm', 'later/us3.dcm', 'later/cine.dcm#1', 'later/cine.dcm#2'));
    expect(applied.created).toBe(4);
    for (const p of ['exam/us2.dcm', 'later/us3.dcm', 'later/cine.dcm#1', 'later/cine.dcm#2']) expect(await redactionsOf(p), p).toEqual([BANNER]);
    expect(await redactionsOf('exam/other-series.dcm')).toEqual([]);
    expect(await redactionsOf('exam/screenshot.png')).toEqual([]);

    // The store holds a keyed hash of the series, never its UID.
    s.close();
    const store = fs.readdirSync(path.join(dir, '.lightbox')).filter((f) => f.startsWith('labels.sqlite'));
    for (const f of store) {
      const bytes = fs.readFileSync(path.join(dir, '.lightbox', f));
      for (const uid of [SERIES_A, SERIES_B]) {
        expect(bytes.includes(Buffer.from(uid, 'latin1')), `${f} holds ${uid}`).toBe(false);
        expect(bytes.includes(Buffer.from(uid, 'utf16le')), `${f} holds ${uid} in UTF-16`).toBe(false);
      }
    }
    s.open(dir);
  }, 60_000);

  it('reads a file again when it changed: an image moved to another series no longer gets the region', async () => {
    write('later/us3.dcm', SERIES_B);
    await scan();
    const banner = (await dispatch(s, 'annotations.create', { imageId: byPath.get('exam/other-series.dcm')!, classId: face, shape: { ...BANNER, h: 5 } })) as { id: number };
    const applied = (await dispatch(s, 'annotations.applyToSimilar', { id: banner.id })) as { images: number[] };
    expect(applied.images).toEqual(idsOf('later/us3.dcm'));
  }, 60_000);

  it('keeps grouping other images by folder and size', async () => {
    await sharp({ create: { width: 16, height: 16, channels: 3, background: '#404040' } }).png().toFile(path.join(dir, 'exam', 'screenshot2.png'));
    await scan();
    const banner = (await dispatch(s, 'annotations.create', { imageId: byPath.get('exam/screenshot.png')!, classId: face, shape: BANNER })) as { id: number };
    const applied = (await dispatch(s, 'annotations.applyToSimilar', { id: banner.id })) as { images: number[] };
    // The folder's images of that size, DICOM or not (as before series were known).
    expect(applied.images).toContain(byPath.get('exam/screenshot2.png')!);
    expect(applied.images).not.toContain(byPath.get('later/us3.dcm')!);
  }, 60_000);
});
