import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src-main/api/acquire.js';
import type { RegionList, RegionShape } from '../../src-main/api/annotations.js';
import type { ExportSummary } from '../../src-main/api/exports.js';
import { decodeMask, encodeMask } from '../../src-main/api/maskCodec.js';
import { main } from '../../src-main/cli/main.js';
import { fillShape } from '../../src-main/formats/rasterize.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { startImport } from '../../src-main/services/importService.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

/**
 * Export → import round trips for every region format, on a dataset whose photos carry EXIF
 * orientations 6 and 8, with boxes touching the image border. The import goes into a fresh,
 * empty dataset, so every image is copied in and every region comes back through the file.
 */

const call = <T>(s: Session, m: string, p: unknown) => dispatch(s, m, p) as Promise<T>;

async function open(dir: string): Promise<Session> {
  const s = new Session({}, path.join(dir, '.home'));
  await dispatch(s, 'datasets.open', { path: dir });
  const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
  await s.jobs.wait(jobId);
  return s;
}

function disc(w: number, h: number, cx: number, cy: number, r: number): { x: number; y: number; w: number; h: number; counts: string } {
  const full = new Uint8Array(w * h);
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) {
        full[y * w + x] = 1;
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const bits = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) bits.set(full.subarray((y0 + y) * w + x0, (y0 + y) * w + x0 + bw), y * bw);
  return { x: x0, y: y0, w: bw, h: bh, counts: encodeMask(bits) };
}

/** What each image carries, in upright pixels. Integer boxes so VOC's whole-pixel boxes are exact. */
const EXPECTED: Record<string, { split: 'train' | 'val'; width: number; height: number; regions: [string, RegionShape][] }> = {
  // Stored 60×40 with orientation 6: upright 40 wide, 60 high.
  'rot6.jpg': {
    split: 'train',
    width: 40,
    height: 60,
    regions: [
      ['lesion', { kind: 'box', x: 0, y: 0, w: 20, h: 30 }], // touches the top-left corner
      ['organ', { kind: 'box', x: 25, y: 45, w: 15, h: 15 }], // touches the bottom-right corner
      ['organ', { kind: 'polygon', points: [[2, 32], [30, 35], [10, 44]] }],
      ['lesion', { kind: 'mask', ...disc(40, 60, 30, 12, 6) }],
    ],
  },
  // Stored 50×30 with orientation 8: upright 30 wide, 50 high.
  'rot8.jpg': {
    split: 'val',
    width: 30,
    height: 50,
    regions: [
      ['organ', { kind: 'box', x: 5, y: 10, w: 25, h: 40 }],
      ['lesion', { kind: 'point', x: 3.5, y: 4.25 }],
    ],
  },
  'plain.png': {
    split: 'train',
    width: 64,
    height: 48,
    regions: [
      ['organ', { kind: 'mask', ...disc(64, 48, 0, 48, 10) }], // a corner of the image
      ['lesion', { kind: 'polygon', points: [[40, 6], [60, 6], [60, 21], [50, 30], [40, 21]] }],
    ],
  },
};

let work: { dir: string; cleanup: () => void };
let source: Session;

beforeAll(async () => {
  work = tempDir('lightbox-regions-');
  const src = path.join(work.dir, 'src');
  await writeImage(path.join(src, 'rot6.jpg'), { width: 60, height: 40, orientation: 6 });
  await writeImage(path.join(src, 'rot8.jpg'), { width: 50, height: 30, orientation: 8 });
  await writeImage(path.join(src, 'plain.png'), { width: 64, height: 48 });
  source = await open(src);
  const classes = new Map<string, number>();
  for (const name of ['lesion', 'organ']) classes.set(name, (await call<{ id: number }>(source, 'classes.add', { name })).id);
  const images = (await call<{ items: { id: number; path: string }[] }>(source, 'images.list', {})).items;
  for (const [file, e] of Object.entries(EXPECTED)) {
    const id = images.find((i) => i.path === file)!.id;
    await call(source, 'images.setSplit', { ids: [id], split: e.split });
    for (const [cls, shape] of e.regions) await call(source, 'annotations.create', { imageId: id, classId: classes.get(cls), shape });
    const list = await call<RegionList>(source, 'annotations.list', { imageId: id });
    expect({ w: list.width, h: list.height }).toEqual({ w: e.width, h: e.height });
  }
});

afterAll(() => {
  source?.close();
  work?.cleanup();
});

async function exportAs(format: string): Promise<{ out: string; summary: ExportSummary }> {
  const out = path.join(work.dir, `out-${format}`);
  const { jobId } = await call<{ jobId: string }>(source, 'exports.run', { format, out });
  const summary = (await source.jobs.wait(jobId)) as ExportSummary;
  return { out, summary };
}

/** Import `from` into a new empty dataset; returns the regions per image file name. */
async function importInto(format: 'coco' | 'yolo' | 'voc' | 'labelme', from: string): Promise<{ summary: ImportSummary; byFile: Map<string, { list: RegionList; names: [string, RegionShape][] }> }> {
  const dir = path.join(work.dir, `in-${format}`);
  fs.mkdirSync(dir, { recursive: true });
  const s = await open(dir);
  try {
    const summary = await startImport(s, format, from).promise;
    const classNames = new Map((await call<{ id: number; name: string }[]>(s, 'classes.list', {})).map((c) => [c.id, c.name]));
    const byFile = new Map<string, { list: RegionList; names: [string, RegionShape][] }>();
    for (const img of (await call<{ items: { id: number; path: string }[] }>(s, 'images.list', {})).items) {
      const list = await call<RegionList>(s, 'annotations.list', { imageId: img.id });
      const stem = path.basename(img.path).replace(/\.[^.]+$/, '');
      byFile.set(stem, { list, names: list.regions.map((r) => [classNames.get(r.classId)!, r.shape]) });
    }
    return { summary, byFile };
  } finally {
    s.close();
  }
}

const stemOf = (f: string) => f.replace(/\.[^.]+$/, '');

function sortRegions(rs: [string, RegionShape][]): string[] {
  return rs.map(([c, s]) => `${c} ${JSON.stringify(roundShape(s))}`).sort();
}

function roundShape(s: RegionShape): RegionShape {
  const r = (v: number) => Math.round(v * 1000) / 1000;
  if (s.kind === 'polygon') return { kind: 'polygon', points: s.points.map(([x, y]) => [r(x), r(y)]) };
  if (s.kind === 'box') return { kind: 'box', x: r(s.x), y: r(s.y), w: r(s.w), h: r(s.h) };
  if (s.kind === 'point') return { kind: 'point', x: r(s.x), y: r(s.y) };
  return s;
}

/** The pixels a set of shapes of one class covers (pixel-centre rule), as a string key. */
function coverage(shapes: RegionShape[], w: number, h: number): string {
  const img = new Uint8Array(w * h);
  for (const s of shapes) fillShape(img, w, h, s, 1);
  return encodeMask(img);
}

async function uprightSize(file: string): Promise<[number, number, number]> {
  const m = await sharp(file).metadata();
  return [m.width!, m.height!, m.orientation ?? 1];
}

describe('region formats: export then import gives back the same annotations', () => {
  it('coco: boxes, polygons and masks exactly, images written upright', async () => {
    const { out, summary } = await exportAs('coco');
    expect(summary.exported).toBe(3);
    expect(fs.readdirSync(path.join(out, 'annotations')).sort()).toEqual(['instances_train.json', 'instances_val.json']);
    const train = JSON.parse(fs.readFileSync(path.join(out, 'annotations', 'instances_train.json'), 'utf8'));
    expect(train.categories).toEqual([
      { id: 1, name: 'lesion', supercategory: '' },
      { id: 2, name: 'organ', supercategory: '' },
    ]);
    const img6 = train.images.find((i: { file_name: string }) => i.file_name === 'rot6.jpg');
    expect({ w: img6.width, h: img6.height }).toEqual({ w: 40, h: 60 });
    expect(await uprightSize(path.join(out, 'images', 'train', 'rot6.jpg'))).toEqual([40, 60, 1]);
    expect(await uprightSize(path.join(out, 'images', 'val', 'rot8.jpg'))).toEqual([30, 50, 1]);
    const mask = train.annotations.find((a: { image_id: number; segmentation: unknown }) => a.image_id === img6.id && !Array.isArray(a.segmentation));
    expect(mask).toMatchObject({ iscrowd: 0, segmentation: { size: [60, 40], counts: expect.any(String) } });
    const corner = train.annotations.find((a: { image_id: number; bbox: number[] }) => a.image_id === img6.id && a.bbox[0] === 25);
    expect(corner).toMatchObject({ bbox: [25, 45, 15, 15], area: 225, segmentation: [[25, 45, 40, 45, 40, 60, 25, 60]] });

    const { summary: s, byFile } = await importInto('coco', out);
    expect(s).toMatchObject({ imported: 3, matched: 0, labeled: 7 });
    for (const [file, e] of Object.entries(EXPECTED)) {
      const got = byFile.get(stemOf(file))!;
      expect({ w: got.list.width, h: got.list.height }).toEqual({ w: e.width, h: e.height });
      expect(sortRegions(got.names)).toEqual(sortRegions(e.regions.filter(([, sh]) => sh.kind !== 'point')));
    }
  });

  it('labelme: every kind, points and masks included', async () => {
    const { out } = await exportAs('labelme');
    const doc = JSON.parse(fs.readFileSync(path.join(out, 'train', 'rot6.json'), 'utf8'));
    expect(doc).toMatchObject({ imagePath: 'rot6.jpg', imageData: null, imageWidth: 40, imageHeight: 60 });
    expect(doc.shapes.map((x: { shape_type: string }) => x.shape_type)).toEqual(['rectangle', 'rectangle', 'polygon', 'mask']);
    expect(doc.shapes[1]).toMatchObject({ label: 'organ', points: [[25, 45], [40, 60]] });
    const { summary, byFile } = await importInto('labelme', out);
    expect(summary).toMatchObject({ imported: 3, labeled: 8, skipped: [] });
    for (const [file, e] of Object.entries(EXPECTED)) expect(sortRegions(byFile.get(stemOf(file))!.names)).toEqual(sortRegions(e.regions));
  });

  it('yolo: boxes and polygons come back, masks as their outer contour covering the same pixels', async () => {
    const { out } = await exportAs('yolo');
    const yaml = fs.readFileSync(path.join(out, 'data.yaml'), 'utf8');
    expect(yaml).toContain('train: images/train');
    expect(yaml).toContain('val: images/val');
    expect(yaml).toMatch(/names:\n {2}0: "lesion"\n {2}1: "organ"/);
    // rot8 has only a box (and a point, which YOLO has no form for): a detection line.
    expect(fs.readFileSync(path.join(out, 'labels', 'val', 'rot8.txt'), 'utf8')).toBe('1 0.583333 0.6 0.833333 0.8\n');
    // rot6 has polygons: its boxes are written as rectangles in segmentation form.
    const rot6 = fs.readFileSync(path.join(out, 'labels', 'train', 'rot6.txt'), 'utf8').trim().split('\n');
    expect(rot6[0]).toBe('0 0 0 0.5 0 0.5 0.5 0 0.5');
    const { summary, byFile } = await importInto('yolo', out);
    expect(summary).toMatchObject({ imported: 3, skipped: [] });
    for (const [file, e] of Object.entries(EXPECTED)) {
      const got = byFile.get(stemOf(file))!.names;
      const boxesPolys = (rs: [string, RegionShape][]) => rs.filter(([, s]) => s.kind === 'box');
      expect(sortRegions(boxesPolys(got))).toEqual(sortRegions(boxesPolys(e.regions)));
      // Per class, the polygons and masks cover exactly the same pixels as before.
      for (const cls of ['lesion', 'organ']) {
        const area = (rs: [string, RegionShape][]) => coverage(rs.filter(([c, s]) => c === cls && (s.kind === 'polygon' || s.kind === 'mask')).map(([, s]) => s), e.width, e.height);
        expect(area(got)).toBe(area(e.regions));
      }
    }
  });

  it('voc: whole-pixel boxes exactly, polygons and masks through SegmentationClass', async () => {
    const { out } = await exportAs('voc');
    const xml = fs.readFileSync(path.join(out, 'Annotations', 'rot6.xml'), 'utf8');
    expect(xml).toContain('<width>40</width>');
    expect(xml).toContain('<height>60</height>');
    // The corner box in VOC's 1-based inclusive indices, flagged as truncated by the border.
    expect(xml).toMatch(/<truncated>1<\/truncated>[\s\S]*?<xmin>26<\/xmin>\s*<ymin>46<\/ymin>\s*<xmax>40<\/xmax>\s*<ymax>60<\/ymax>/);
    expect(fs.readFileSync(path.join(out, 'ImageSets', 'Main', 'val.txt'), 'utf8')).toBe('rot8\n');
    const seg = await sharp(path.join(out, 'SegmentationClass', 'rot6.png')).raw().toBuffer({ resolveWithObject: true });
    expect(seg.info).toMatchObject({ width: 40, height: 60 });
    // Pixel (30, 12) is in the lesion mask: VOC palette index 1 is (128, 0, 0).
    const at = (x: number, y: number) => [...seg.data.subarray((y * 40 + x) * seg.info.channels, (y * 40 + x) * seg.info.channels + 3)];
    expect(at(30, 12)).toEqual([128, 0, 0]);
    expect(at(10, 36)).toEqual([0, 128, 0]); // inside the organ polygon: index 2
    expect(at(1, 58)).toEqual([0, 0, 0]);

    const { summary, byFile } = await importInto('voc', out);
    expect(summary.skipped).toEqual([]);
    for (const [file, e] of Object.entries(EXPECTED)) {
      const got = byFile.get(stemOf(file))!.names;
      const boxes = (rs: [string, RegionShape][]) => rs.filter(([, s]) => s.kind === 'box');
      expect(sortRegions(boxes(got))).toEqual(sortRegions(boxes(e.regions)));
      for (const cls of ['lesion', 'organ']) {
        const area = (rs: [string, RegionShape][]) => coverage(rs.filter(([c, s]) => c === cls && (s.kind === 'polygon' || s.kind === 'mask')).map(([, s]) => s), e.width, e.height);
        expect(area(got)).toBe(area(e.regions));
      }
    }
  });

  it('masks: one class-index PNG per image with classes.txt', async () => {
    const { out } = await exportAs('masks');
    expect(fs.readFileSync(path.join(out, 'classes.txt'), 'utf8')).toBe('0 background\n1 lesion\n2 organ\n');
    const png = await sharp(path.join(out, 'masks', 'train', 'rot6.png')).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect(png.info).toMatchObject({ width: 40, height: 60, channels: 1 });
    const e = EXPECTED['rot6.jpg']!;
    const want = new Uint8Array(40 * 60);
    for (const [cls, s] of e.regions) fillShape(want, 40, 60, s, cls === 'lesion' ? 1 : 2);
    expect(Buffer.compare(png.data, Buffer.from(want))).toBe(0);
    expect(png.data[59 * 40 + 39]).toBe(2); // the box touching the bottom-right corner reaches the last pixel
    expect(await uprightSize(path.join(out, 'images', 'val', 'rot8.jpg'))).toEqual([30, 50, 1]);
    expect(fs.existsSync(path.join(out, 'instances'))).toBe(false);

    // With instance masks: one 0/255 PNG per region that covers pixels (points cover none).
    const out2 = path.join(work.dir, 'out-masks-instances');
    const { jobId } = await call<{ jobId: string }>(source, 'exports.run', { format: 'masks', out: out2, instanceMasks: true });
    await source.jobs.wait(jobId);
    expect(fs.readdirSync(path.join(out2, 'instances', 'train', 'rot6'))).toEqual(['001_lesion.png', '002_organ.png', '003_organ.png', '004_lesion.png']);
    expect(fs.readdirSync(path.join(out2, 'instances', 'val', 'rot8'))).toEqual(['001_organ.png']);
    const inst = await sharp(path.join(out2, 'instances', 'train', 'rot6', '002_organ.png')).extractChannel(0).raw().toBuffer();
    expect(inst[59 * 40 + 39]).toBe(255);
    expect(inst[0]).toBe(0);
  });

  it('resized exports move the regions with the pixels', async () => {
    const out = path.join(work.dir, 'out-coco-small');
    const { jobId } = await call<{ jobId: string }>(source, 'exports.run', { format: 'coco', out, size: { width: 20, height: 30 }, fit: 'fill' });
    await source.jobs.wait(jobId);
    const train = JSON.parse(fs.readFileSync(path.join(out, 'annotations', 'instances_train.json'), 'utf8'));
    const img6 = train.images.find((i: { file_name: string }) => i.file_name === 'rot6.jpg');
    expect({ w: img6.width, h: img6.height }).toEqual({ w: 20, h: 30 });
    const boxes = train.annotations.filter((a: { image_id: number; segmentation: unknown[] }) => a.image_id === img6.id && Array.isArray(a.segmentation) && (a.segmentation[0] as number[]).length === 8);
    expect(boxes.map((b: { bbox: number[] }) => b.bbox)).toContainEqual([12.5, 22.5, 7.5, 7.5]);
  });
});

describe('region importers refuse what they must not open', () => {
  it('lists references leaving their folder, and refuses VOC XML with a DOCTYPE', async () => {
    const src = path.join(work.dir, 'hostile');
    fs.mkdirSync(path.join(src, 'annotations'), { recursive: true });
    await writeImage(path.join(src, 'ok.jpg'), { width: 10, height: 10 });
    await writeImage(path.join(src, 'JPEGImages', 'ok.jpg'), { width: 10, height: 10 });
    await writeImage(path.join(work.dir, 'outside.jpg'), { width: 10, height: 10 });
    const refs = ['../outside.jpg', '/etc/passwd', 'C:\\Windows\\win.ini', 'http://example.com/a.jpg', '%2e%2e/outside.jpg', 'ok.jpg'];
    fs.writeFileSync(
      path.join(src, 'annotations', 'instances.json'),
      JSON.stringify({
        images: refs.map((f, i) => ({ id: i + 1, file_name: f, width: 10, height: 10 })),
        annotations: refs.map((_, i) => ({ id: i + 1, image_id: i + 1, category_id: 1, bbox: [1, 1, 4, 4], segmentation: [] })),
        categories: [{ id: 1, name: 'thing' }],
      }),
    );
    fs.mkdirSync(path.join(src, 'Annotations'));
    fs.writeFileSync(
      path.join(src, 'Annotations', 'evil.xml'),
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">]>\n<annotation><filename>ok.jpg</filename></annotation>',
    );
    fs.writeFileSync(path.join(src, 'Annotations', 'fine.xml'), '<annotation><filename>ok.jpg</filename><object><name>thing</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>');
    fs.writeFileSync(path.join(src, 'label.json'), JSON.stringify({ imagePath: '../../outside.jpg', shapes: [], imageWidth: 10, imageHeight: 10 }));

    const coco = await importInto('coco', path.join(src, 'annotations', 'instances.json'));
    expect(coco.summary.imported).toBe(1);
    const reasons = new Map(coco.summary.skipped.map((k) => [k.ref, k.reason]));
    expect(reasons.get('../outside.jpg')).toMatch(/refused.*\.\./);
    expect(reasons.get('/etc/passwd')).toMatch(/refused.*absolute/);
    expect(reasons.get('C:\\Windows\\win.ini')).toMatch(/refused.*drive letter/);
    expect(reasons.get('http://example.com/a.jpg')).toMatch(/refused.*URL/);
    expect(reasons.get('%2e%2e/outside.jpg')).toMatch(/refused/);

    const voc = await importInto('voc', src);
    expect(voc.summary.skipped).toEqual([{ ref: 'Annotations/evil.xml', reason: expect.stringContaining('DOCTYPE') }]);
    expect(voc.summary.labeled).toBe(1);

    const lm = await importInto('labelme', path.join(src, 'label.json'));
    expect(lm.summary.skipped).toEqual([{ ref: '../../outside.jpg', reason: expect.stringMatching(/refused/) }]);
    expect(lm.summary.imported).toBe(0);
  });

  it('refuses a YOLO data.yaml pointing outside its folder', async () => {
    const src = path.join(work.dir, 'yolo-hostile');
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(path.join(src, 'data.yaml'), 'train: ../../etc\nval: /var\nnames: [a]\n');
    const { summary } = await importInto('yolo', src);
    expect(summary.skipped.map((k) => k.ref).sort()).toEqual(['../../etc', '/var']);
    expect(summary.imported).toBe(0);
  });

  it('lightbox import --format coco prints the summary and one undo takes the import back', async () => {
    const dir = path.join(work.dir, 'cli-target');
    fs.mkdirSync(dir);
    const logs: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => void logs.push(a.join(' '));
    let code: number;
    try {
      code = await main(['import', dir, '--format', 'coco', '--from', path.join(work.dir, 'out-coco')]);
    } finally {
      console.log = log;
    }
    expect(code).toBe(0);
    expect(logs[0], logs.join('\n')).toMatch(/^3 imported, 0 matched to images already in the dataset, 7 labels written, 0 skipped; new classes: lesion, organ/);
    const s = await open(dir);
    try {
      const ids = (await call<{ ids: number[] }>(s, 'images.ids', {})).ids;
      const count = async () => (await Promise.all(ids.map((id) => call<RegionList>(s, 'annotations.list', { imageId: id })))).reduce((n, l) => n + l.regions.length, 0);
      expect(await count()).toBe(7);
      expect(await call(s, 'labels.undo', {})).toMatchObject({ applied: true, kind: 'annotations.import' });
      expect(await count()).toBe(0);
    } finally {
      s.close();
    }
    expect(await main(['import', dir, '--format', 'nope', '--from', dir])).toBe(1);
  });
});

// Keep decodeMask referenced for readers comparing masks by hand in a debugger.
void decodeMask;
