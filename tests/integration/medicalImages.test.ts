import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSummary, Stats } from '../../src-main/api/datasets.js';
import type { ExportSummary } from '../../src-main/api/exports.js';
import type { ImageRow } from '../../src-main/api/images.js';
import { applyWindow, decodeDicomFrame } from '../../src-main/imaging/dicom/index.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { readDerived } from '../../src-main/services/fileAccess.js';
import type { Session } from '../../src-main/services/Session.js';
import { alreadyIndexed } from '../../src-main/services/watchService.js';
import { encodeJpegLs } from '../helpers/dicomEncoders.js';
import { UID, greyAttributes, writeDicom } from '../helpers/dicomFiles.js';
import { BASIC_TEXT_SR, makeDicom } from '../helpers/makeDicom.js';
import { codeOf, openTempDataset } from '../helpers/tempSession.js';

const SIDE = 64;

/** A CT slice: HU from -1000 (top left) to +1000 (bottom right), stored as HU + 1024. */
function ctSlice(): Buffer {
  const pixels = new Int16Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) pixels[y * SIDE + x] = Math.round(-1000 + (2000 * (x + y)) / (2 * (SIDE - 1))) + 1024;
  return makeDicom({ rows: SIDE, columns: SIDE, pixels, signed: true, bitsStored: 12, slope: 1, intercept: -1024, windows: [[40, 400], [-600, 1500]], pixelSpacing: [0.7, 0.8] });
}

/** Three frames, each one flat grey level (100, 1000, 3000), so each frame's thumbnail says which frame it shows. */
function threeFrames(levels = [100, 1000, 3000]): Buffer {
  const n = SIDE * SIDE;
  const pixels = new Uint16Array(n * levels.length);
  levels.forEach((v, f) => {
    // A small dark corner in every frame, so the frame is not one value (a histogram window needs a spread).
    for (let i = 0; i < n; i++) pixels[f * n + i] = i < SIDE ? 0 : v;
  });
  return makeDicom({ rows: SIDE, columns: SIDE, frames: levels.length, pixels, bitsStored: 12, modality: 'XA', windows: [[2000, 4000]] });
}

/** An uncompressed 16-bit greyscale TIFF (sharp writes TIFF at 8 bits only). */
function grey16Tiff(values: Uint16Array, width: number, height: number): Buffer {
  const tags: [tag: number, type: number, value: number][] = [
    [256, 3, width],
    [257, 3, height],
    [258, 3, 16],
    [259, 3, 1],
    [262, 3, 1], // BlackIsZero
    [273, 4, 0], // StripOffsets, set below
    [277, 3, 1],
    [278, 3, height],
    [279, 4, values.byteLength],
  ];
  const ifdSize = 2 + tags.length * 12 + 4;
  const out = Buffer.alloc(8 + ifdSize + values.byteLength);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(tags.length, 8);
  tags.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(1, at + 4);
    if (type === 3) out.writeUInt16LE(value, at + 8);
    else out.writeUInt32LE(tag === 273 ? 8 + ifdSize : value, at + 8);
  });
  Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(out, 8 + ifdSize);
  return out;
}

async function pixelStats(file: string): Promise<{ mean: number; sd: number; data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (const v of data) sum += v;
  const mean = sum / data.length;
  let sq = 0;
  for (const v of data) sq += (v - mean) ** 2;
  return { mean, sd: Math.sqrt(sq / data.length), data, width: info.width, height: info.height };
}

describe('DICOM and 16-bit images in the dataset', () => {
  const cleanups: (() => void)[] = [];
  let s: Session;
  let dir: string;
  let summary: ScanSummary;
  let rows: Map<string, ImageRow>;
  const ctBytes = ctSlice();

  const scan = async () => {
    const { jobId } = (await dispatch(s, 'datasets.scan', {})) as { jobId: string };
    return (await s.jobs.wait(jobId)) as ScanSummary;
  };
  const list = async () => {
    const { items } = (await dispatch(s, 'images.list', {})) as { items: ImageRow[] };
    return new Map(items.map((r) => [r.path, r]));
  };
  const thumb = async (p: string, kind: 'thumbs' | 'previews' = 'thumbs') => {
    const res = await readDerived(s, rows.get(p)!.id, kind);
    expect(res.status, `${p}: ${String(res.body)}`).toBe(200);
    return res.file!;
  };

  beforeAll(async () => {
    ({ s, dir } = openTempDataset(cleanups, 'lightbox-dicom-'));
    const put = (rel: string, bytes: Buffer) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), bytes);
    };
    put('ct/slice1.dcm', ctBytes);
    // The name a scanner writes, no extension; MONOCHROME1, no window: the histogram window and inverted.
    const mr = new Uint16Array(SIDE * SIDE).map((_, i) => 200 + i);
    put('scanner/IM0001', makeDicom({ rows: SIDE, columns: SIDE, pixels: mr, modality: 'CR', photometric: 'MONOCHROME1', imagerPixelSpacing: [0.15, 0.15] }));
    put('cine/multi.dcm', threeFrames());
    put('reports/sr.dcm', makeDicom({ rows: 0, columns: 0, noPixelData: true, sopClassUid: BASIC_TEXT_SR, modality: 'SR' }));
    // A 12-bit CT saved by a script as a 16-bit PNG: values 0..4095, a left-to-right ramp.
    const ramp = new Uint16Array(SIDE * SIDE).map((_, i) => Math.round(((i % SIDE) * 4095) / (SIDE - 1)));
    put('png/ct16.png', await sharp(ramp, { raw: { width: SIDE, height: SIDE, channels: 1 } }).toColourspace('grey16').png().toBuffer());
    put('tiff/ct16.tif', grey16Tiff(ramp, SIDE, SIDE));
    // 8-bit RGB: red on the left half, blue on the right.
    const rgb = new Uint8Array(SIDE * SIDE * 3).map((_, i) => ((Math.floor(i / 3) % SIDE < SIDE / 2 ? [220, 30, 30] : [30, 30, 220])[i % 3]!));
    put('colour/rgb.dcm', makeDicom({ rows: SIDE, columns: SIDE, pixels: rgb, bitsAllocated: 8, samplesPerPixel: 3, modality: 'XC' }));
    put('photo.jpg', await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } }).jpeg().toBuffer());
    put('notes.txt', Buffer.from('not an image, and not a DICOM either'));
    summary = await scan();
    rows = await list();
  });
  afterAll(() => cleanups.splice(0).forEach((c) => c()));

  it('writes the 16-bit test image the test means (16 bits, values up to 4095)', async () => {
    const { data } = await sharp(path.join(dir, 'png/ct16.png')).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    const values = new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
    expect([values.length, values[0], values[SIDE - 1], Math.max(...values)]).toEqual([SIDE * SIDE, 0, 4095, 4095]);
    expect(await sharp(path.join(dir, 'tiff/ct16.tif')).metadata()).toMatchObject({ format: 'tiff', depth: 'ushort', channels: 1 });
  });

  it('indexes .dcm and extensionless DICOM files, one image per frame, and lists a report without pixels as unreadable', async () => {
    expect([...rows.keys()]).toEqual([
      'cine/multi.dcm#1',
      'cine/multi.dcm#2',
      'cine/multi.dcm#3',
      'colour/rgb.dcm',
      'ct/slice1.dcm',
      'photo.jpg',
      'png/ct16.png',
      'reports/sr.dcm',
      'scanner/IM0001',
      'tiff/ct16.tif',
    ]);
    expect(summary).toMatchObject({ added: 10, unreadable: 1, total: 10 });
    expect(rows.get('ct/slice1.dcm')).toMatchObject({ width: SIDE, height: SIDE, format: 'dicom', error: null });
    expect(rows.get('scanner/IM0001')).toMatchObject({ format: 'dicom', error: null });
    expect([1, 2, 3].map((f) => rows.get(`cine/multi.dcm#${f}`)!.frame)).toEqual([1, 2, 3]);
    expect(rows.get('reports/sr.dcm')!.error).toMatch(/no image.*structured report/);

    const stats = (await dispatch(s, 'datasets.stats', {})) as Stats;
    expect(stats.images).toBe(10);
    expect(stats.unreadable).toEqual([{ path: 'reports/sr.dcm', reason: expect.stringMatching(/structured report/) }]);
  });

  it('keeps spacing, rescale and the file window per image, readable through the contract, and no patient data', async () => {
    const ct = (await dispatch(s, 'images.get', { id: rows.get('ct/slice1.dcm')!.id })) as ImageRow;
    expect(ct.medical).toMatchObject({
      modality: 'CT',
      rescaleSlope: 1,
      rescaleIntercept: -1024,
      rescaleType: 'HU',
      window: { center: 40, width: 400 },
      pixelSpacing: { row: 0.7, col: 0.8, source: 'PixelSpacing' },
      bitsStored: 12,
      seriesNumber: 3,
      instanceNumber: 7,
      frames: 1,
    });
    expect(rows.get('scanner/IM0001')!.medical).toMatchObject({ photometric: 'MONOCHROME1', window: null, pixelSpacing: { row: 0.15, col: 0.15, source: 'ImagerPixelSpacing' } });
    expect(rows.get('cine/multi.dcm#2')!.medical).toMatchObject({ modality: 'XA', frames: 3 });
    expect(rows.get('png/ct16.png')!.medical).toMatchObject({ bitsStored: 16, modality: null });
    expect(rows.get('tiff/ct16.tif')!.medical).toMatchObject({ bitsStored: 16 });
    expect(rows.get('photo.jpg')!.medical).toBeUndefined();
    const everything = JSON.stringify([...rows.values()]);
    for (const secret of ['Doe', 'Jane', 'P-12345', '19600101']) expect(everything).not.toContain(secret);
  });

  it('gives a DICOM\'s patient data, read from its file, only while the user\'s setting shows them; never into the store', async () => {
    const ct = rows.get('ct/slice1.dcm')!.id;
    const hidden = await codeOf(dispatch(s, 'images.patient', { id: ct }));
    expect([hidden.code, hidden.message]).toEqual(['CONFLICT', 'Patient data are hidden: turn on "Show patient data" in Settings to see them.']);
    await dispatch(s, 'settings.setPreferences', { showPatientData: true });
    try {
      expect(await dispatch(s, 'images.patient', { id: ct })).toEqual({ name: 'Doe Jane', id: 'P-12345', birthDate: '19600101' });
      expect(await dispatch(s, 'images.patient', { id: rows.get('cine/multi.dcm#2')!.id })).toMatchObject({ id: 'P-12345' });
      expect((await codeOf(dispatch(s, 'images.patient', { id: rows.get('png/ct16.png')!.id }))).message).toMatch(/not a DICOM file/);
      const store = fs.readFileSync(path.join(dir, '.lightbox', 'labels.sqlite'));
      for (const secret of ['Doe^Jane', 'P-12345', '19600101']) expect(store.includes(secret)).toBe(false);
    } finally {
      await dispatch(s, 'settings.setPreferences', { showPatientData: false });
    }
    expect((await codeOf(dispatch(s, 'images.patient', { id: ct }))).code).toBe('CONFLICT');
  });

  it('labels one frame of a multi-frame file without touching the others', async () => {
    const cls = (await dispatch(s, 'classes.add', { name: 'lesion' })) as { id: number };
    await dispatch(s, 'labels.set', { imageId: rows.get('cine/multi.dcm#2')!.id, classId: cls.id });
    const { items } = (await dispatch(s, 'images.list', { filter: { labeled: true } })) as { items: ImageRow[] };
    expect(items.map((r) => r.path)).toEqual(['cine/multi.dcm#2']);
    // The CLI's way to address a frame: its path.
    const labelled = (await dispatch(s, 'images.list', { filter: { q: 'multi.dcm#2' } })) as { items: ImageRow[] };
    expect(labelled.items.map((r) => r.tags)).toEqual([[cls.id]]);
  });

  it('makes the CT thumbnail through the file window, as the VOI formula gives it', async () => {
    const t = await pixelStats(await thumb('ct/slice1.dcm'));
    const expected = applyWindow(await decodeDicomFrame(ctBytes, 0), 40, 400);
    expect([t.width, t.height]).toEqual([SIDE, SIDE]);
    let diff = 0;
    for (let i = 0; i < expected.length; i++) diff += Math.abs(t.data[i]! - expected[i]!);
    expect(diff / expected.length).toBeLessThan(2.5); // JPEG at quality 80
    // -1000..+1000 HU through 40/400: black at the top left, white at the bottom right, not one grey.
    expect(t.data[0]).toBeLessThan(10);
    expect(t.data[t.data.length - 1]).toBeGreaterThan(245);
    expect(t.sd).toBeGreaterThan(60);
  });

  it('makes 16-bit PNG and TIFF thumbnails and previews that are not black', async () => {
    for (const [p, kind] of [['png/ct16.png', 'thumbs'], ['png/ct16.png', 'previews'], ['tiff/ct16.tif', 'thumbs']] as const) {
      const t = await pixelStats(await thumb(p, kind));
      expect(t.mean, kind).toBeGreaterThan(90);
      expect(t.mean, kind).toBeLessThan(165);
      expect(t.sd, kind).toBeGreaterThan(50);
    }
  });

  it('shows MONOCHROME1 inverted through the histogram window when the file has no window', async () => {
    const t = await pixelStats(await thumb('scanner/IM0001'));
    // Values rise from the top left: the lowest is white in MONOCHROME1.
    expect(t.data[0]).toBeGreaterThan(245);
    expect(t.data[t.data.length - 1]).toBeLessThan(10);
    expect(t.sd).toBeGreaterThan(50);
  });

  it('shows an RGB DICOM in its own colours', async () => {
    const { data } = await sharp(await thumb('colour/rgb.dcm')).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * SIDE + x) * 3, (y * SIDE + x) * 3 + 3)];
    for (const [got, want] of [[at(8, 32), [220, 30, 30]], [at(56, 32), [30, 30, 220]]] as const) {
      got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(12));
    }
  });

  it('makes each frame thumbnail from its own frame', async () => {
    const means = [];
    for (const f of [1, 2, 3]) means.push((await pixelStats(await thumb(`cine/multi.dcm#${f}`))).mean);
    // Levels 100, 1000, 3000 through the window 2000/4000: about 6, 64 and 191 (the dark corner row lowers each a little).
    expect(means[0]).toBeLessThan(20);
    expect(Math.abs(means[1]! - 63)).toBeLessThan(8);
    expect(Math.abs(means[2]! - 188)).toBeLessThan(8);
  });

  it('has the folder watcher rescan for a DICOM dropped in under a scanner name, and not for other files', () => {
    const added = path.join(dir, 'scanner/IM0009');
    fs.writeFileSync(added, ctSlice());
    const notes = path.join(dir, 'scanner/README');
    fs.writeFileSync(notes, 'exported by the scanner');
    try {
      expect(alreadyIndexed(dir, s.require().db, [notes])).toBe(true);
      expect(alreadyIndexed(dir, s.require().db, [added])).toBe(false);
    } finally {
      fs.rmSync(added);
      fs.rmSync(notes);
    }
  });

  it('gives no preview of an unreadable DICOM, with the reason', async () => {
    const res = await readDerived(s, rows.get('reports/sr.dcm')!.id, 'previews');
    expect(res.status).toBe(404);
  });

  it('exports a dataset holding DICOM rows: each frame is a PNG named after its file and frame', async () => {
    const cls = (await dispatch(s, 'classes.list', {})) as { id: number; name: string }[];
    await dispatch(s, 'labels.set', { imageId: rows.get('photo.jpg')!.id, classId: cls[0]!.id });
    await dispatch(s, 'labels.set', { imageId: rows.get('ct/slice1.dcm')!.id, classId: cls[0]!.id });
    const out = path.join(dir, '..', `${path.basename(dir)}-export`);
    cleanups.push(() => fs.rmSync(out, { recursive: true, force: true }));
    const { jobId } = (await dispatch(s, 'exports.run', { format: 'imagefolder', out })) as { jobId: string };
    const result = (await s.jobs.wait(jobId)) as ExportSummary;
    expect(result.problems).toEqual([]);
    expect(result.exported).toBe(3);
    const written = fs.readdirSync(path.join(out, fs.readdirSync(out).find((f) => !f.startsWith('.') && f !== 'PRIVACY.txt')!)).sort();
    expect(written).toEqual(['multi_frame2.png', 'photo.jpg', 'slice1.png']);
  });

  it('rescans without changes, and drops the frames a rewritten file no longer has, keeping the labels of the rest', async () => {
    expect(await scan()).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: 10, total: 10 });
    const file = path.join(dir, 'cine/multi.dcm');
    fs.writeFileSync(file, threeFrames([100, 1000]));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(await scan()).toMatchObject({ changed: 2, removed: 1, total: 9 });
    const after = await list();
    expect([...after.keys()].filter((p) => p.startsWith('cine/'))).toEqual(['cine/multi.dcm#1', 'cine/multi.dcm#2']);
    expect(after.get('cine/multi.dcm#2')!.tags).toHaveLength(1);
    expect(after.get('cine/multi.dcm#2')!.medical).toMatchObject({ frames: 2 });
  });

  it('follows a moved multi-frame file, frame by frame, labels and all', async () => {
    fs.mkdirSync(path.join(dir, 'moved'));
    fs.renameSync(path.join(dir, 'cine/multi.dcm'), path.join(dir, 'moved/multi.dcm'));
    const before = await list();
    expect(await scan()).toMatchObject({ moved: 2, added: 0 });
    const after = await list();
    expect(after.get('moved/multi.dcm#1')!.id).toBe(before.get('cine/multi.dcm#1')!.id);
    expect(after.get('moved/multi.dcm#2')!.id).toBe(before.get('cine/multi.dcm#2')!.id);
    expect(after.get('moved/multi.dcm#2')!.tags).toHaveLength(1);
  });
});

describe('compressed DICOM through the scan', () => {
  const cleanups: (() => void)[] = [];
  afterAll(() => cleanups.splice(0).forEach((c) => c()));

  it('makes the thumbnails of a two-frame JPEG-LS CT from each frame, through the file window', async () => {
    const { s, dir } = openTempDataset(cleanups, 'lightbox-dicom-jls-');
    // Stored 12-bit values; frame 2 is frame 1 mirrored left to right.
    const frames = [0, 1].map((f) => {
      const px = new Uint16Array(SIDE * SIDE);
      for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) px[y * SIDE + x] = 24 + Math.round(((f === 0 ? x : SIDE - 1 - x) * 2000) / (SIDE - 1)) + y;
      return px;
    });
    const spec = { width: SIDE, height: SIDE, bits: 12, components: 1 as const };
    const encoded = await Promise.all(frames.map((px) => encodeJpegLs(px, spec)));
    const file = writeDicom({
      transferSyntax: UID.jpegLsLossless,
      attributes: greyAttributes(SIDE, SIDE, { allocated: 16, stored: 12, signed: false }, { NumberOfFrames: '2', RescaleSlope: '1', RescaleIntercept: '-1024', WindowCenter: '-24', WindowWidth: '1000' }),
      pixels: { frames: encoded.map((e) => [e]) },
    });
    fs.writeFileSync(path.join(dir, 'IM0002'), file);
    const { jobId } = (await dispatch(s, 'datasets.scan', {})) as { jobId: string };
    expect(await s.jobs.wait(jobId)).toMatchObject({ added: 2, unreadable: 0 });
    const { items } = (await dispatch(s, 'images.list', {})) as { items: ImageRow[] };
    expect(items.map((r) => [r.path, r.format, r.frame])).toEqual([
      ['IM0002#1', 'dicom', 1],
      ['IM0002#2', 'dicom', 2],
    ]);
    for (const [i, row] of items.entries()) {
      const res = await readDerived(s, row.id, 'thumbs');
      expect(res.status, String(res.body)).toBe(200);
      const t = await pixelStats(res.file!);
      // HU = stored − 1024; the window −24/1000 maps stored 500..1500 onto black..white.
      const expected = applyWindow({ data: Array.from(frames[i]!, (v) => v - 1024) }, -24, 1000);
      let diff = 0;
      for (let p = 0; p < expected.length; p++) diff += Math.abs(t.data[p]! - expected[p]!);
      expect(diff / expected.length, row.path).toBeLessThan(2.5);
    }
  });
});
