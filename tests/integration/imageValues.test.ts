import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSummary } from '../../src-main/api/datasets.js';
import type { ImageRow, ImageValues } from '../../src-main/api/images.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import type { Session } from '../../src-main/services/Session.js';
import { makeDicom } from '../helpers/makeDicom.js';
import { codeOf, openTempDataset } from '../helpers/tempSession.js';

const SIDE = 32;

/** Typed array view of a values answer, as the renderer reads it. */
function valuesOf(v: ImageValues): Int16Array | Uint16Array | Float32Array {
  const copy = new Uint8Array(v.data);
  return v.type === 'int16' ? new Int16Array(copy.buffer) : v.type === 'uint16' ? new Uint16Array(copy.buffer) : new Float32Array(copy.buffer);
}

describe('images.values: the full-precision values of medical images', () => {
  const cleanups: (() => void)[] = [];
  let s: Session;
  let rows: Map<string, ImageRow>;
  // HU from -1000 at pixel 0 in steps of 3, stored as HU + 1024.
  const hu = (i: number) => -1000 + 3 * i;

  beforeAll(async () => {
    const opened = openTempDataset(cleanups, 'lightbox-values-');
    s = opened.s;
    const put = (rel: string, bytes: Buffer) => {
      fs.mkdirSync(path.dirname(path.join(opened.dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(opened.dir, rel), bytes);
    };
    const stored = new Int16Array(SIDE * SIDE).map((_, i) => hu(i) + 1024);
    put('ct.dcm', makeDicom({ rows: SIDE, columns: SIDE, pixels: stored, signed: true, bitsStored: 16, slope: 1, intercept: -1024, windows: [[40, 400]], pixelSpacing: [0.5, 0.5] }));
    // Slope 0.5: half-HU steps need floats.
    put('half.dcm', makeDicom({ rows: SIDE, columns: SIDE, pixels: new Uint16Array(SIDE * SIDE).map((_, i) => i), bitsStored: 12, slope: 0.5, intercept: -10, modality: 'PT' }));
    put('mono1.dcm', makeDicom({ rows: SIDE, columns: SIDE, pixels: new Uint16Array(SIDE * SIDE).map((_, i) => 100 + i), modality: 'CR', photometric: 'MONOCHROME1' }));
    const ramp = new Uint16Array(SIDE * SIDE).map((_, i) => i * 60);
    put('scan16.png', await sharp(ramp, { raw: { width: SIDE, height: SIDE, channels: 1 } }).toColourspace('grey16').png().toBuffer());
    put('photo.png', await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } }).png().toBuffer());
    const { jobId } = (await dispatch(s, 'datasets.scan', {})) as { jobId: string };
    (await s.jobs.wait(jobId)) as ScanSummary;
    const { items } = (await dispatch(s, 'images.list', {})) as { items: ImageRow[] };
    rows = new Map(items.map((r) => [r.path, r]));
  });
  afterAll(() => cleanups.splice(0).forEach((c) => c()));

  const values = (p: string) => dispatch(s, 'images.values', { id: rows.get(p)!.id }) as Promise<ImageValues>;

  it('gives a CT in Hounsfield units, exactly, as 16-bit integers', async () => {
    const v = await values('ct.dcm');
    expect([v.width, v.height, v.type, v.units, v.invert]).toEqual([SIDE, SIDE, 'int16', 'HU', false]);
    const data = valuesOf(v);
    expect(data.length).toBe(SIDE * SIDE);
    for (const i of [0, 1, 17, SIDE * SIDE - 1]) expect(data[i]).toBe(hu(i));
    expect([v.min, v.max]).toEqual([hu(0), hu(SIDE * SIDE - 1)]);
  });

  it('keeps fractional modality values as floats', async () => {
    const v = await values('half.dcm');
    expect(v.type).toBe('float32');
    expect(Array.from(valuesOf(v).slice(0, 3))).toEqual([-10, -9.5, -9]);
  });

  it('says MONOCHROME1 is shown inverted', async () => {
    const v = await values('mono1.dcm');
    expect([v.invert, v.units]).toEqual([true, null]);
    expect(valuesOf(v)[5]).toBe(105);
  });

  it('gives a 16-bit PNG its stored values, with its histogram window', async () => {
    const v = await values('scan16.png');
    expect([v.type, v.units, v.min, v.max]).toEqual(['uint16', null, 0, (SIDE * SIDE - 1) * 60]);
    expect(valuesOf(v)[100]).toBe(6000);
    expect(v.autoWindow.width).toBeGreaterThan(50_000);
  });

  it('refuses an 8-bit image with a reason', async () => {
    const e = await codeOf(values('photo.png'));
    expect(e.code).toBe('BAD_FILE');
    expect(e.message).toMatch(/8-bit/);
  });
});

describe('images.medicalCounts', () => {
  it('counts the DICOM and 16-bit images the export window applies to', async () => {
    const cleanups: (() => void)[] = [];
    try {
      const { s, dir } = openTempDataset(cleanups, 'lightbox-counts-');
      const count = () => dispatch(s, 'images.medicalCounts', {});
      fs.writeFileSync(path.join(dir, 'photo.png'), await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } }).png().toBuffer());
      const scan = async () => {
        const { jobId } = (await dispatch(s, 'datasets.scan', {})) as { jobId: string };
        await s.jobs.wait(jobId);
      };
      await scan();
      expect(await count()).toEqual({ dicom: 0, sixteenBit: 0 });
      fs.writeFileSync(path.join(dir, 'a.dcm'), makeDicom({ rows: 8, columns: 8, frames: 2 }));
      const ramp = new Uint16Array(64).map((_, i) => i * 900);
      fs.writeFileSync(path.join(dir, 'b.png'), await sharp(ramp, { raw: { width: 8, height: 8, channels: 1 } }).toColourspace('grey16').png().toBuffer());
      await scan();
      expect(await count()).toEqual({ dicom: 2, sixteenBit: 1 });
    } finally {
      cleanups.splice(0).forEach((c) => c());
    }
  });
});
