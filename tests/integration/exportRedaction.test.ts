import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportOptions, ExportSummary } from '../../src-main/api/exports.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import type { Session } from '../../src-main/services/Session.js';
import { listFiles } from '../helpers/tempDataset.js';
import { exportRunner, openTempDataset } from '../helpers/tempSession.js';
import { readTar } from '../helpers/tarRead.js';

/**
 * Redaction regions (a class flagged redact) are hidden in the pixels of every format, where the
 * resized image shows them, and never written as labels.
 */

const W = 40;
const H = 30;
/** Resized to half width and 16/30 of the height (fill): the redaction lands at x 15–20, y 0–5.33. */
const SIZE = { width: 20, height: 16 };

async function gradientPng(file: string): Promise<void> {
  const raw = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 3;
      raw[o] = 40 + x * 5;
      raw[o + 1] = 60 + y * 6;
      raw[o + 2] = 200;
    }
  }
  await sharp(raw, { raw: { width: W, height: H, channels: 3 } }).png().toFile(file);
}

async function rgb(file: string | Buffer): Promise<{ width: number; height: number; px: (x: number, y: number) => [number, number, number] }> {
  const { data, info } = await sharp(file).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, px: (x, y) => [data[(y * info.width + x) * 3]!, data[(y * info.width + x) * 3 + 1]!, data[(y * info.width + x) * 3 + 2]!] };
}

/** What an export says besides its pixels: its label files, and the non-image members of its containers. */
interface Exported {
  image: Buffer;
  texts: { name: string; text: string }[];
}

/** The exported copy of photo.png in a format's layout, and the label text written with it. */
async function exportedOf(out: string): Promise<Exported> {
  const files = listFiles(out);
  const texts = files
    .filter((f) => /\.(json|txt|yaml|csv|jsonl|xml)$/.test(f) && f !== 'PRIVACY.txt')
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(out, f), 'utf8') }));
  const tars = files.filter((f) => f.endsWith('.tar'));
  const parquets = files.filter((f) => f.endsWith('.parquet'));
  if (tars.length > 0) {
    const members = (await Promise.all(tars.map((t) => readTar(path.join(out, t))))).flat();
    const images = members.filter((m) => /\.(png|jpg)$/.test(m.name));
    expect(images).toHaveLength(1);
    for (const m of members) if (m !== images[0]) texts.push({ name: m.name, text: m.data.toString('utf8') });
    return { image: images[0]!.data, texts };
  }
  if (parquets.length > 0) {
    const rows = [];
    for (const f of parquets) {
      const file = await asyncBufferFromFile(path.join(out, f));
      rows.push(...((await parquetReadObjects({ file, utf8: false })) as { image: { bytes: Uint8Array; path: string }; regions: string }[]));
      // The class names travel in the file metadata (the features `datasets` restores).
      for (const kv of (await parquetMetadataAsync(file)).key_value_metadata ?? []) texts.push({ name: `${f} ${kv.key}`, text: kv.value ?? '' });
    }
    expect(rows).toHaveLength(1);
    texts.push({ name: 'parquet regions', text: rows[0]!.regions }, { name: 'parquet path', text: rows[0]!.image.path });
    return { image: Buffer.from(rows[0]!.image.bytes), texts };
  }
  const found = files.filter((f) => /(^|\/)photo\.png$/.test(f) && !f.startsWith('masks/') && !f.startsWith('SegmentationClass'));
  expect(found).toHaveLength(1);
  return { image: fs.readFileSync(path.join(out, found[0]!)), texts };
}

/** The exported copy of photo.png in a format's layout. */
const imageOf = (out: string) => {
  const found = listFiles(out).filter((f) => /(^|\/)photo\.png$/.test(f) && !f.startsWith('masks/'));
  expect(found).toHaveLength(1);
  return path.join(out, found[0]!);
};

describe('redaction regions', () => {
  const cleanups: (() => void)[] = [];
  let s: Session;
  let dir: string;
  let face = 0;
  let imageId = 0;
  const { newOut, run } = exportRunner(cleanups, () => ({ s, dir }));

  beforeAll(async () => {
    ({ s, dir } = openTempDataset(cleanups, 'lightbox-redact-'));
    await gradientPng(path.join(dir, 'photo.png'));
    const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await s.jobs.wait(jobId);
    imageId = ((await dispatch(s, 'images.list', {})) as { items: { id: number }[] }).items[0]!.id;
    const cat = ((await dispatch(s, 'classes.add', { name: 'cat' })) as { id: number }).id;
    face = ((await dispatch(s, 'classes.add', { name: 'face', redact: true })) as { id: number }).id;
    await dispatch(s, 'labels.set', { imageId, classId: cat });
    await dispatch(s, 'annotations.create', { imageId, classId: cat, shape: { kind: 'box', x: 2, y: 12, w: 10, h: 10 } });
    // Partly outside the image (the top right corner): clipped to x 30–40, y 0–10.
    await dispatch(s, 'annotations.create', { imageId, classId: face, shape: { kind: 'box', x: 30, y: -5, w: 20, h: 15 } });
  }, 60_000);
  afterAll(() => {
    for (const c of cleanups.splice(0)) c();
  });

  // Every format that writes image pixels (dicom's stored values are checked in exportDeid).
  for (const format of ['imagefolder', 'csv', 'hf', 'coco', 'yolo', 'voc', 'labelme', 'masks', 'webdataset', 'parquet'] as const) {
    it(`${format}: fills the redaction black after the resize and leaves the rest of the image as it was`, async () => {
      await dispatch(s, 'classes.setRedact', { id: face, redact: false });
      const plain = await rgb((await exportedOf((await run({ format, size: SIZE, fit: 'fill' })).out)).image);
      await dispatch(s, 'classes.setRedact', { id: face, redact: true });
      const { out, summary } = await run({ format, size: SIZE, fit: 'fill' });
      expect(summary.privacy.redactedImages).toBe(1);
      const exported = await exportedOf(out);
      const img = await rgb(exported.image);
      expect([img.width, img.height]).toEqual([SIZE.width, SIZE.height]);
      for (let y = 0; y < img.height; y++) {
        for (let x = 0; x < img.width; x++) {
          if (x >= 15 && y < 6) expect(img.px(x, y), `${x},${y} is redacted`).toEqual([0, 0, 0]);
          // Away from the redaction (beyond the resize kernel's reach), the pixels are those of an export without it.
          else if (x < 11 || y >= 10) expect(img.px(x, y), `${x},${y} is unchanged`).toEqual(plain.px(x, y));
        }
      }
      // Never a label: no class, category, line or mask value for it.
      const files = listFiles(out);
      expect(files.some((f) => /face/i.test(f))).toBe(false);
      expect(exported.texts.length, 'some label text is written').toBeGreaterThan(0);
      for (const t of exported.texts) expect(t.text, t.name).not.toMatch(/face/);
      if (format === 'coco') {
        const coco = JSON.parse(fs.readFileSync(path.join(out, files.find((f) => f.endsWith('.json') && f.startsWith('annotations'))!), 'utf8')) as { annotations: unknown[]; categories: { name: string }[] };
        expect(coco.categories.map((c) => c.name)).toEqual(['cat']);
        expect(coco.annotations).toHaveLength(1);
      }
      if (format === 'yolo') {
        const label = files.find((f) => f.startsWith('labels/') && f.endsWith('photo.txt'))!;
        expect(fs.readFileSync(path.join(out, label), 'utf8').trim().split('\n')).toHaveLength(1);
      }
      if (format === 'masks') {
        const { data } = await sharp(path.join(out, files.find((f) => f.startsWith('masks/'))!)).raw().toBuffer({ resolveWithObject: true });
        expect(new Set(data)).toEqual(new Set([0, 1]));
      }
      expect(fs.readFileSync(path.join(out, 'PRIVACY.txt'), 'utf8')).toMatch(/redaction regions were filled with black in 1 image/);
    }, 60_000);
  }

  it('applies a redaction to every image of the same size and folder as one command, which one undo takes back', async () => {
    fs.mkdirSync(path.join(dir, 'us'));
    for (const f of ['f1.png', 'f2.png', 'f3.png']) await gradientPng(path.join(dir, 'us', f));
    await sharp({ create: { width: 20, height: 20, channels: 3, background: '#808080' } }).png().toFile(path.join(dir, 'us', 'other-size.png'));
    fs.mkdirSync(path.join(dir, 'elsewhere'));
    await gradientPng(path.join(dir, 'elsewhere', 'f1.png'));
    const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await s.jobs.wait(jobId);
    const byPath = new Map(((await dispatch(s, 'images.list', {})) as { items: { id: number; path: string }[] }).items.map((i) => [i.path, i.id]));
    const banner = (await dispatch(s, 'annotations.create', { imageId: byPath.get('us/f1.png')!, classId: face, shape: { kind: 'box', x: 0, y: 0, w: 40, h: 4 } })) as { id: number };
    const regionsOf = async (p: string) => ((await dispatch(s, 'annotations.list', { imageId: byPath.get(p)! })) as { regions: { classId: number; shape: unknown }[] }).regions;
    const applied = (await dispatch(s, 'annotations.applyToSimilar', { id: banner.id })) as { created: number; images: number[] };
    expect(applied.created).toBe(2);
    expect(applied.images.sort()).toEqual([byPath.get('us/f2.png')!, byPath.get('us/f3.png')!].sort());
    for (const p of ['us/f2.png', 'us/f3.png']) expect(await regionsOf(p)).toEqual([expect.objectContaining({ classId: face, shape: { kind: 'box', x: 0, y: 0, w: 40, h: 4 } })]);
    expect(await regionsOf('us/other-size.png')).toEqual([]);
    expect(await regionsOf('elsewhere/f1.png')).toEqual([]);
    // Again: nothing new, those images have it already.
    expect(((await dispatch(s, 'annotations.applyToSimilar', { id: banner.id })) as { created: number }).created).toBe(0);
    await dispatch(s, 'labels.undo', {});
    for (const p of ['us/f2.png', 'us/f3.png']) expect(await regionsOf(p)).toEqual([]);
    expect(await regionsOf('us/f1.png')).toHaveLength(1);
  }, 60_000);

  it('says so when --keep-metadata meets a redacted image, whose metadata cannot be kept', async () => {
    const { summary } = await run({ format: 'imagefolder', stripMetadata: false });
    expect(summary.notes).toEqual([expect.stringMatching(/^1 image\(s\) with redaction regions were written without their metadata/)]);
  }, 60_000);

  it('refuses a dicom export of a dataset whose labeled images are none of them DICOM, before it starts', async () => {
    await expect(dispatch(s, 'exports.run', { format: 'dicom', out: newOut() })).rejects.toThrow(/none of the labeled images is a DICOM file/);
  });

  it('blurs instead of filling with --redact blur: the region changes, without a black box or its old pixels', async () => {
    const { out, summary } = await run({ format: 'imagefolder', redact: 'blur' });
    expect(summary.privacy.redactMode).toBe('blur');
    const img = await rgb(imageOf(out));
    let same = 0;
    for (let y = 0; y < 10; y++) {
      for (let x = 30; x < 40; x++) {
        const [r, g] = img.px(x, y);
        // The gradient's own values there: r = 40 + 5x, g = 60 + 6y.
        if (r === 40 + x * 5 && g === 60 + y * 6) same++;
        expect(r + g, `${x},${y} is not black`).toBeGreaterThan(0);
      }
    }
    expect(same).toBeLessThan(10);
    expect(img.px(5, 25)).toEqual([40 + 25, 60 + 150, 200]);
  }, 60_000);
});
