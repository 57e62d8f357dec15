import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportOptions, ExportSummary } from '../../src-main/api/exports.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import type { Session } from '../../src-main/services/Session.js';
import { bundleCli } from '../helpers/childProcess.js';
import { makeDicom } from '../helpers/makeDicom.js';
import { exportRunner, openTempDataset } from '../helpers/tempSession.js';

/**
 * Exports keep the values of medical images: a 12-bit CT in a 16-bit PNG is written at 16 bits,
 * DICOM frames go out as PNG through the window asked for (checked against the formula of
 * DICOM PS3.3 C.11.2.1.2), `window: none` round-trips to HU, COCO carries millimetres.
 */

const SIDE = 64;
/** HU of the CT slice at pixel i: from -1000 (top left) to +1000 (bottom right). */
const hu = (i: number) => Math.round(-1000 + (2000 * ((i % SIDE) + Math.floor(i / SIDE))) / (2 * (SIDE - 1)));
/** The file's own window is a lung window, so it is told apart from the 40,400 asked for. */
const FILE_WINDOW: [number, number] = [-600, 1500];

function ctSlice(): Buffer {
  const pixels = new Int16Array(SIDE * SIDE);
  for (let i = 0; i < pixels.length; i++) pixels[i] = hu(i) + 1024;
  return makeDicom({ rows: SIDE, columns: SIDE, pixels, signed: true, bitsStored: 12, slope: 1, intercept: -1024, windows: [FILE_WINDOW], pixelSpacing: [0.7, 0.8] });
}

/** The linear VOI function of PS3.3 C.11.2.1.2.1 into 0..255, written out again here. */
function linear(x: number, c: number, w: number): number {
  if (x <= c - 0.5 - (w - 1) / 2) return 0;
  if (x > c - 0.5 + (w - 1) / 2) return 255;
  return Math.round(((x - (c - 0.5)) / (w - 1) + 0.5) * 255);
}

/** 12-bit values 0..4095 in a 16-bit greyscale PNG, most of them above 255. */
const ct16Values = (() => {
  const v = new Uint16Array(SIDE * SIDE);
  for (let i = 0; i < v.length; i++) v[i] = (i * 37) % 4096;
  return v;
})();

async function raw(file: string): Promise<{ depth: string | undefined; channels: number | undefined; width: number; values: number[] }> {
  const meta = await sharp(file).metadata();
  expect(meta.channels, `${file} is greyscale`).toBe(1);
  const { data, info } = await sharp(file).toColourspace(meta.depth === 'ushort' ? 'grey16' : 'b-w').raw({ depth: meta.depth === 'ushort' ? 'ushort' : 'uchar' }).toBuffer({ resolveWithObject: true });
  const values = meta.depth === 'ushort' ? [...new Uint16Array(Buffer.from(data).buffer, 0, info.width * info.height * info.channels)] : [...data];
  return { depth: meta.depth, channels: meta.channels, width: info.width, values };
}

describe('exports keep the values of DICOM and 16-bit images', () => {
  const cleanups: (() => void)[] = [];
  let s: Session;
  let dir: string;
  const ids: Record<string, number> = {};
  let classId = 0;
  const { newOut, run } = exportRunner(cleanups, () => ({ s, dir }));

  beforeAll(async () => {
    ({ s, dir } = openTempDataset(cleanups, 'lightbox-export-medical-'));
    fs.mkdirSync(path.join(dir, 'ct'));
    fs.writeFileSync(path.join(dir, 'ct', 'slice.dcm'), ctSlice());
    await sharp(ct16Values, { raw: { width: SIDE, height: SIDE, channels: 1 } }).toColourspace('grey16').png().toFile(path.join(dir, 'ct12.png'));
    const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await s.jobs.wait(jobId);
    const list = (await dispatch(s, 'images.list', {})) as { items: { id: number; path: string }[] };
    for (const i of list.items) ids[i.path] = i.id;
    classId = ((await dispatch(s, 'classes.add', { name: 'lesion' })) as { id: number }).id;
    for (const p of ['ct/slice.dcm', 'ct12.png']) await dispatch(s, 'labels.set', { imageId: ids[p]!, classId });
    // A 10×20 box on the CT: 200 px, at 0.7 × 0.8 mm per pixel 112 mm².
    await dispatch(s, 'annotations.create', { imageId: ids['ct/slice.dcm']!, classId, shape: { kind: 'box', x: 4, y: 8, w: 10, h: 20 } });
  });
  afterAll(() => {
    for (const c of cleanups.splice(0)) c();
  });

  it('writes a 12-bit CT in a 16-bit PNG at 16 bits with its exact values, and DICOM through the file window by default', async () => {
    const { out, summary } = await run({ format: 'imagefolder' });
    expect(summary.problems).toEqual([]);
    expect(summary.exported).toBe(2);
    const png = await raw(path.join(out, 'lesion', 'ct12.png'));
    expect(png.depth).toBe('ushort');
    expect(png.values).toEqual([...ct16Values]);
    // The DICOM is a PNG (never a DICOM), windowed by the file's first window.
    const dcm = await raw(path.join(out, 'lesion', 'slice.png'));
    expect(dcm.depth).toBe('uchar');
    expect(dcm.values).toEqual(Array.from({ length: SIDE * SIDE }, (_, i) => linear(hu(i), ...FILE_WINDOW)));
    expect(fs.existsSync(path.join(out, 'rescale.json'))).toBe(false);
  });

  it('keeps 16 bits when resizing a 16-bit PNG', async () => {
    const { out } = await run({ format: 'imagefolder', size: { width: 32, height: 32 }, fit: 'fill' });
    const png = await raw(path.join(out, 'lesion', 'ct12.png'));
    expect(png.depth).toBe('ushort');
    expect(png.values).toHaveLength(32 * 32);
    // Averaged by the resize, but still spanning the 12-bit range, not cut to its low byte.
    expect(Math.max(...png.values)).toBeGreaterThan(3000);
  });

  it('windows a 16-bit PNG by its histogram for JPEG, which holds 8 bits only, and says so', async () => {
    const { out, summary } = await run({ format: 'imagefolder', imageFormat: 'jpeg' });
    const jpg = await raw(path.join(out, 'lesion', 'ct12.jpg'));
    expect(jpg.depth).toBe('uchar');
    // The full range of the histogram window, not values 0–15 of a truncation.
    expect(Math.max(...jpg.values)).toBeGreaterThan(240);
    expect(Math.min(...jpg.values)).toBeLessThan(15);
    expect(summary.notes).toEqual([expect.stringMatching(/1 16-bit image.*histogram.*JPEG holds 8 bits/)]);
  });

  it('`--window none` keeps the modality values in a 16-bit PNG, and rescale.json takes them back to HU', async () => {
    const { out, summary } = await run({ format: 'imagefolder', window: 'none' });
    expect(summary.notes).toEqual([expect.stringMatching(/rescale\.json/)]);
    const rescale = JSON.parse(fs.readFileSync(path.join(out, 'rescale.json'), 'utf8')) as { images: Record<string, { slope: number; intercept: number }> };
    expect(Object.keys(rescale.images)).toEqual(['lesion/slice.png']);
    const { slope, intercept } = rescale.images['lesion/slice.png']!;
    const png = await raw(path.join(out, 'lesion', 'slice.png'));
    expect(png.depth).toBe('ushort');
    expect(png.values.map((v) => v * slope + intercept)).toEqual(Array.from({ length: SIDE * SIDE }, (_, i) => hu(i)));
    // The 16-bit PNG is still written as it is.
    expect((await raw(path.join(out, 'lesion', 'ct12.png'))).values).toEqual([...ct16Values]);
  });

  it('refuses `window: none` into JPEG, which cannot hold the values', async () => {
    await expect(dispatch(s, 'exports.run', { format: 'imagefolder', out: newOut(), window: 'none', imageFormat: 'jpeg' })).rejects.toThrow(/JPEG holds 8 bits only/);
  });

  it('COCO carries pixel_spacing per image and area_mm2 per annotation, scaled with a resize', async () => {
    for (const size of [undefined, { width: 32, height: 32 }]) {
      const { out } = await run({ format: 'coco', ...(size ? { size, fit: 'fill' as const } : {}) });
      const doc = JSON.parse(fs.readFileSync(path.join(out, 'annotations', 'instances.json'), 'utf8')) as {
        images: { file_name: string; pixel_spacing?: [number, number] }[];
        annotations: { area: number; area_mm2?: number }[];
      };
      // The 16-bit PNG (tagged, no spacing) has none; the CT has its own, in mm of the written pixels.
      expect(doc.images.find((i) => i.file_name === 'slice.png')!.pixel_spacing).toEqual(size ? [1.4, 1.6] : [0.7, 0.8]);
      expect(doc.images.find((i) => i.file_name === 'ct12.png')).not.toHaveProperty('pixel_spacing');
      expect(doc.annotations).toEqual([expect.objectContaining({ area: size ? 50 : 200, area_mm2: 112 })]);
    }
  });

  it('lightbox export --window 40,400 writes the CT through that window, pixel by pixel by the formula', async () => {
    const cli = await bundleCli();
    const out = newOut();
    s.close();
    const child = spawn(process.execPath, [cli, 'export', dir, '--format', 'imagefolder', '--out', out, '--window', '40,400'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LIGHTBOX_HOME: path.join(dir, '.home') },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const code = await new Promise((resolve) => child.once('close', resolve));
    expect(code, stderr).toBe(0);
    const dcm = await raw(path.join(out, 'lesion', 'slice.png'));
    expect(dcm.values).toEqual(Array.from({ length: SIDE * SIDE }, (_, i) => linear(hu(i), 40, 400)));
    // The 16-bit PNG goes through the same window: a window asked for applies to every image.
    expect((await raw(path.join(out, 'lesion', 'ct12.png'))).values).toEqual([...ct16Values].map((v) => linear(v, 40, 400)));
  });
});
