import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportSummary } from '../../src-main/api/exports.js';
import type { CocoRleAny } from '../../src-main/formats/cocoRle.js';
import { cocoRleToCrop } from '../../src-main/formats/cocoRle.js';
import type { CocoDocument } from '../../src-main/formats/cocoExport.js';
import { encodeGrayPng } from '../../src-main/formats/pngWrite.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir } from '../helpers/tempDataset.js';

/**
 * A polygon region with a hole (a 60×40 ring around a 20×20 hole) through every region export:
 * the formats that can hold the hole keep it (masks, COCO as RLE, VOC's segmentation PNG); those
 * whose polygons cannot (YOLO, labelme) leave it out and say how many in the summary.
 */

const W = 80;
const H = 60;
const work = tempDir('lightbox-holes-');
let s: Session;

beforeAll(async () => {
  const dir = path.join(work.dir, 'ds');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'slide.png'), encodeGrayPng(new Uint8Array(W * H).fill(90), W, H));
  s = new Session({}, path.join(work.dir, 'home'));
  await dispatch(s, 'datasets.open', { path: dir, remember: false });
  await s.jobs.wait(((await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string }).jobId);
  const classId = ((await dispatch(s, 'classes.add', { name: 'lesion' })) as { id: number }).id;
  const imageId = ((await dispatch(s, 'images.byPath', { path: 'slide.png' })) as { id: number }).id;
  const shape = {
    kind: 'polygon',
    points: [[10, 10], [70, 10], [70, 50], [10, 50]],
    holes: [[[30, 20], [50, 20], [50, 40], [30, 40]]],
  };
  await dispatch(s, 'annotations.create', { imageId, classId, shape });
}, 60_000);

afterAll(() => {
  s?.close();
  work.cleanup();
});

async function run(format: string): Promise<{ out: string; summary: ExportSummary }> {
  const out = path.join(work.dir, `out-${format}`);
  const summary = (await s.jobs.wait(((await dispatch(s, 'exports.run', { format, out })) as { jobId: string }).jobId)) as ExportSummary;
  return { out, summary };
}

/** 1 where (x, y) is in the ring, 0 in the hole and outside. */
const truth = (x: number, y: number) => (x >= 10 && x < 70 && y >= 10 && y < 50 && !(x >= 30 && x < 50 && y >= 20 && y < 40) ? 1 : 0);

describe('a polygon with a hole in the exports', () => {
  it('masks: the hole stays background in the label PNG', async () => {
    const { out, summary } = await run('masks');
    expect(summary.holesDropped).toBeUndefined();
    const { data, info } = await sharp(path.join(out, 'masks', 'slide.png')).raw().toBuffer({ resolveWithObject: true });
    let wrong = 0;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if ((data[(y * W + x) * info.channels]! > 0 ? 1 : 0) !== truth(x, y)) wrong++;
    expect(wrong).toBe(0);
  });

  it('COCO: written as RLE (its polygons cannot hold a hole), with the hole and its area', async () => {
    const { out, summary } = await run('coco');
    expect(summary.holesDropped).toBeUndefined();
    const doc = JSON.parse(fs.readFileSync(path.join(out, 'annotations', 'instances.json'), 'utf8')) as CocoDocument;
    expect(doc.annotations).toHaveLength(1);
    const a = doc.annotations[0]!;
    expect(Array.isArray(a.segmentation)).toBe(false);
    expect(a.area).toBe(60 * 40 - 20 * 20);
    expect(a.bbox).toEqual([10, 10, 60, 40]);
    const crop = cocoRleToCrop(a.segmentation as CocoRleAny)!;
    let wrong = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const inCrop = x >= crop.x && x < crop.x + crop.w && y >= crop.y && y < crop.y + crop.h;
        const v = inCrop ? crop.bits[(y - crop.y) * crop.w + (x - crop.x)]! : 0;
        if (v !== truth(x, y)) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });

  it('YOLO and labelme: the outline is written, the hole left out and counted in the summary', async () => {
    for (const format of ['yolo', 'labelme']) {
      const { summary } = await run(format);
      expect(summary.exported, format).toBe(1);
      expect(summary.holesDropped, format).toBe(1);
      expect(summary.notes?.join('\n'), format).toMatch(new RegExp(`1 hole\\(s\\) of polygon regions were left out: ${format} polygons cannot hold holes`));
    }
    const lines = fs.readFileSync(path.join(work.dir, 'out-yolo', 'labels', 'train', 'slide.txt'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.split(' ')).toHaveLength(1 + 2 * 4);
  });

  it('VOC: the segmentation PNG keeps the hole', async () => {
    const { out, summary } = await run('voc');
    expect(summary.holesDropped).toBeUndefined();
    const { data, info } = await sharp(path.join(out, 'SegmentationClass', 'slide.png')).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data[(y * W + x) * info.channels]!;
    expect(at(40, 30)).toBe(at(5, 5));
    expect(at(20, 30)).not.toBe(at(5, 5));
  });
});
