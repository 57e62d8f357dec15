import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaskShape, PolygonShape, Region, RegionList } from '../../src-main/api/annotations.js';
import { decodeMask, encodeMask, maskArea } from '../../src-main/api/maskCodec.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { makeDicom } from '../helpers/makeDicom.js';
import { tempDir } from '../helpers/tempDataset.js';
import { type Ellipse, ellipseScene, fullMask, iou, truthOf } from '../helpers/visionScenes.js';
import { contractAssistPort } from '../../src-renderer/canvas/contractAssistPort.js';
import { colourSampled, colourSampledRuns } from '../../src-renderer/canvas/maskPaint.js';

/**
 * The assist tools' side of the contract: previews that store nothing (on the image as the
 * workspace shows it, DICOM through its window and the viewer's window/level on top), clean-up and
 * mask ↔ polygon conversions computed for the editor, and a replacement kept as one undoable command.
 */

const W = 200;
const H = 150;
const lesion: Ellipse = { cx: 90, cy: 70, rx: 45, ry: 30 };
const SIDE = 64;

let work: { dir: string; cleanup: () => void };
let ds: string;

const call = <T>(s: Session, m: string, p: unknown) => dispatch(s, m, p) as Promise<T>;

async function openSession(): Promise<Session> {
  const s = new Session({}, path.join(work.dir, '.home'));
  await dispatch(s, 'datasets.open', { path: ds, remember: false });
  return s;
}

const imageId = async (s: Session, rel: string) => (await call<{ id: number }>(s, 'images.byPath', { path: rel })).id;
const classId = async (s: Session) => (await call<{ id: number }[]>(s, 'classes.list', {}))[0]!.id;
const bitsOf = (m: MaskShape, w: number, h: number) => fullMask({ ...m, bits: decodeMask(m.counts, m.w, m.h) }, w, h);

/** A CT slice in Hounsfield units: air, a soft-tissue disk (40 HU) and a bone bar (300 HU) beside it. */
function ctSlice(): Buffer {
  const pixels = new Int16Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const hu = (x - 24) ** 2 + (y - 32) ** 2 <= 12 ** 2 ? 40 : x >= 48 && x < 56 ? 300 : -1000;
      pixels[y * SIDE + x] = hu + 1024;
    }
  }
  return makeDicom({ rows: SIDE, columns: SIDE, pixels, signed: true, bitsStored: 12, slope: 1, intercept: -1024, windows: [[40, 400]] });
}

beforeAll(async () => {
  work = tempDir('lightbox-segpreview-');
  ds = path.join(work.dir, 'dataset');
  fs.mkdirSync(ds, { recursive: true });
  const scene = ellipseScene(W, H, [lesion]);
  await sharp(Buffer.from(scene.image.data), { raw: { width: W, height: H, channels: 3 } }).png().toFile(path.join(ds, 'lesion.png'));
  fs.writeFileSync(path.join(ds, 'ct.dcm'), ctSlice());
  const s = await openSession();
  try {
    const { jobId } = await call<{ jobId: string }>(s, 'datasets.scan', { thumbnails: false });
    await s.jobs.wait(jobId);
    await call(s, 'classes.add', { name: 'lesion' });
  } finally {
    s.close();
  }
}, 60_000);

afterAll(() => work?.cleanup());

describe('annotations.segmentPreview', () => {
  it('answers the mask each assist would make and stores nothing', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'lesion.png');
      const truth = truthOf(W, H, [lesion]);
      const runs = [
        { method: 'wand', points: [{ x: 90, y: 70 }], tolerance: 40 },
        { method: 'grabcut', box: { x: 35, y: 30, w: 110, h: 80 } },
        { method: 'threshold', box: { x: 35, y: 30, w: 110, h: 80 } },
      ];
      for (const run of runs) {
        const r = await call<{ mask: MaskShape | null; area: number; level?: number }>(s, 'annotations.segmentPreview', { imageId: id, ...run });
        expect(r.mask, run.method).not.toBeNull();
        expect(iou(bitsOf(r.mask!, W, H), truth), run.method).toBeGreaterThan(0.85);
        expect(r.area).toBe(maskArea(decodeMask(r.mask!.counts, r.mask!.w, r.mask!.h)));
        if (run.method === 'threshold') expect(r.level).toBeGreaterThan(0);
      }
      expect((await call<RegionList>(s, 'annotations.list', { imageId: id })).regions).toHaveLength(0);
      // A box outside the image is refused in words.
      await expect(call(s, 'annotations.segmentPreview', { imageId: id, method: 'threshold', box: { x: 500, y: 500, w: 10, h: 10 } })).rejects.toThrow(/outside the image/);
    } finally {
      s.close();
    }
  });

  it('reaches the renderer\'s assist port as runs it draws from, and bits decoded when kept that are the lesion', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'lesion.png');
      const port = contractAssistPort({ call: (m, p) => dispatch(s, m, p) as never }, id);
      const { mask } = await port.preview({ method: 'wand', points: [{ x: 90, y: 70, positive: true }], tolerance: 40, connectivity: 8 });
      const m = mask as NonNullable<typeof mask> & { runs: Uint32Array };
      expect(iou(fullMask(m, W, H), truthOf(W, H, [lesion]))).toBeGreaterThan(0.9);
      // The zoomed-out preview made from the runs is the one the bits give.
      const size = Math.ceil(m.w / 4) * Math.ceil(m.h / 4) * 4;
      const fromBits = new Uint8ClampedArray(size);
      const fromRuns = new Uint8ClampedArray(size);
      colourSampled(m.bits, m.w, m.h, 4, [1, 2, 3], fromBits);
      colourSampledRuns(m.runs, m.w, m.h, 4, [1, 2, 3], fromRuns);
      expect(fromRuns).toEqual(fromBits);
      expect(fromRuns.some((b) => b === 255)).toBe(true);
    } finally {
      s.close();
    }
  });

  it('the wand sees a DICOM slice through its window, and the viewer window/level on top', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'ct.dcm');
      const disk = truthOf(SIDE, SIDE, [{ cx: 24.5, cy: 32.5, rx: 12, ry: 12 }]);
      const shown = await call<{ mask: MaskShape | null; area: number }>(s, 'annotations.segmentPreview', { imageId: id, method: 'wand', points: [{ x: 24, y: 32 }], tolerance: 20 });
      expect(iou(bitsOf(shown.mask!, SIDE, SIDE), disk)).toBeGreaterThan(0.9);
      // A window so wide the disk is nearly as dark as the air: the same click takes both.
      const flat = await call<{ mask: MaskShape | null; area: number }>(s, 'annotations.segmentPreview', {
        imageId: id,
        method: 'wand',
        points: [{ x: 24, y: 32 }],
        tolerance: 20,
        display: { slope: 0.1, intercept: 0 },
      });
      expect(flat.area).toBeGreaterThan(SIDE * SIDE * 0.8);
      // And the region kept from it is what was previewed.
      const kept = await call<{ region: Region; area: number }>(s, 'annotations.segment', { imageId: id, classId: await classId(s), method: 'wand', points: [{ x: 24, y: 32 }], tolerance: 20 });
      expect(kept.area).toBe(shown.area);
      await call(s, 'labels.undo', {});
    } finally {
      s.close();
    }
  });
});

describe('annotations.segmentPrepare', () => {
  it('an image made ready before the first click previews exactly as one that was not, through a window too', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'lesion.png');
      const ct = await imageId(s, 'ct.dcm');
      const runs = [
        { method: 'wand', points: [{ x: 90, y: 70 }], tolerance: 40 },
        { method: 'threshold', box: { x: 35, y: 30, w: 110, h: 80 } },
        { method: 'grabcut', box: { x: 35, y: 30, w: 110, h: 80 } },
      ];
      const preview = (run: object, image = id) => call<{ mask: MaskShape | null; area: number; level?: number }>(s, 'annotations.segmentPreview', { imageId: image, ...run });
      const before = [];
      for (const run of runs) before.push(await preview(run));
      const wide = { method: 'wand', points: [{ x: 24, y: 32 }], tolerance: 20, display: { slope: 0.1, intercept: 0 } };
      const wideBefore = await preview(wide, ct);
      // Made ready (as picking the wand does), the CT slice through the wide window, then the photo.
      expect(await call(s, 'annotations.segmentPrepare', { imageId: ct, display: wide.display })).toEqual({ held: true });
      expect(await preview(wide, ct)).toEqual(wideBefore);
      expect(wideBefore.area).toBeGreaterThan(SIDE * SIDE * 0.8);
      expect(await call(s, 'annotations.segmentPrepare', { imageId: id })).toEqual({ held: true });
      for (const [i, run] of runs.entries()) expect(await preview(run), run.method).toEqual(before[i]);
      expect(iou(bitsOf(before[0]!.mask!, W, H), truthOf(W, H, [lesion]))).toBeGreaterThan(0.85);
      expect((await call<RegionList>(s, 'annotations.list', { imageId: id })).regions).toHaveLength(0);
      await expect(call(s, 'annotations.segmentPrepare', { imageId: 999_999 })).rejects.toThrow(/no image/);
    } finally {
      s.close();
    }
  });
});

describe('clean-up and conversions', () => {
  it('fills a hole, turns a mask into polygons and back within a pixel, and replaces as one undoable command', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'lesion.png');
      const cls = await classId(s);
      const ring = await call<{ mask: MaskShape | null }>(s, 'annotations.segmentPreview', { imageId: id, method: 'wand', points: [{ x: 90, y: 70 }], tolerance: 40 });
      // Punch a hole in the middle of the mask.
      const m = ring.mask!;
      const bits = decodeMask(m.counts, m.w, m.h);
      for (let y = 20; y < 30; y++) for (let x = 40; x < 50; x++) bits[y * m.w + x] = 0;
      const holed: MaskShape = { ...m, counts: encodeMask(bits) };
      const filled = await call<{ mask: MaskShape; area: number }>(s, 'annotations.cleanMask', { imageId: id, mask: holed, steps: [{ op: 'fillHoles' }] });
      expect(filled.area).toBe(maskArea(bits) + 100);
      const grown = await call<{ mask: MaskShape; area: number }>(s, 'annotations.cleanMask', { imageId: id, mask: filled.mask, steps: [{ op: 'grow', px: 3 }] });
      expect(grown.area).toBeGreaterThan(filled.area);

      const made = await call<Region>(s, 'annotations.create', { imageId: id, classId: cls, shape: filled.mask });
      const polys = await call<{ shapes: PolygonShape[] }>(s, 'annotations.convertShape', { imageId: id, to: 'polygon', shapes: [filled.mask], tolerance: 0.5 });
      expect(polys.shapes).toHaveLength(1);
      const back = await call<{ shapes: MaskShape[] }>(s, 'annotations.convertShape', { imageId: id, to: 'mask', shapes: polys.shapes });
      const a = bitsOf(filled.mask, W, H);
      const b = bitsOf(back.shapes[0]!, W, H);
      expect(iou(a, b)).toBeGreaterThan(0.97);

      const replaced = await call<{ regions: Region[] }>(s, 'annotations.replace', { imageId: id, deleteIds: [made.id], create: polys.shapes.map((shape) => ({ classId: cls, shape })) });
      const kinds = async () => (await call<RegionList>(s, 'annotations.list', { imageId: id })).regions.map((r) => r.shape.kind);
      expect(await kinds()).toEqual(['polygon']);
      expect(replaced.regions[0]!.shape.kind).toBe('polygon');
      const undo = await call<{ applied: boolean; kind: string | null }>(s, 'labels.undo', {});
      expect(undo.kind).toBe('annotations.replace');
      expect(await kinds()).toEqual(['mask']);
      await call(s, 'labels.redo', {});
      expect(await kinds()).toEqual(['polygon']);
      await call(s, 'labels.undo', {});
      await call(s, 'labels.undo', {});
      expect(await kinds()).toEqual([]);
    } finally {
      s.close();
    }
  });
});

describe('polygons with holes', () => {
  /** Every pixel set in `a` is set in `b` or next to one that is (8-neighbours): within one pixel. */
  const within1 = (a: Uint8Array, b: Uint8Array) => {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        if (!a[y * W + x]) continue;
        let near = false;
        for (let dy = -1; dy <= 1 && !near; dy++) for (let dx = -1; dx <= 1 && !near; dx++) near = !!b[(y + dy) * W + x + dx];
        if (!near) return false;
      }
    }
    return true;
  };

  it('a mask with a hole becomes a polygon region with the hole kept, stored and back to the same mask within a pixel', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'lesion.png');
      const cls = await classId(s);
      // A 60×40 block at (30, 40) with a 16×12 hole at (52, 54).
      const w = 60;
      const h = 40;
      const bits = new Uint8Array(w * h).fill(1);
      for (let y = 14; y < 26; y++) for (let x = 22; x < 38; x++) bits[y * w + x] = 0;
      const holed: MaskShape = { kind: 'mask', x: 30, y: 40, w, h, counts: encodeMask(bits) };
      const polys = await call<{ shapes: PolygonShape[] }>(s, 'annotations.convertShape', { imageId: id, to: 'polygon', shapes: [holed], tolerance: 0.5 });
      expect(polys.shapes).toHaveLength(1);
      expect(polys.shapes[0]!.holes).toHaveLength(1);

      const made = await call<Region>(s, 'annotations.create', { imageId: id, classId: cls, shape: polys.shapes[0] });
      const stored = (await call<RegionList>(s, 'annotations.list', { imageId: id })).regions.find((r) => r.id === made.id)!;
      expect((stored.shape as PolygonShape).holes).toEqual(polys.shapes[0]!.holes);

      const back = await call<{ shapes: MaskShape[] }>(s, 'annotations.convertShape', { imageId: id, to: 'mask', shapes: [stored.shape] });
      const a = bitsOf(holed, W, H);
      const b = bitsOf(back.shapes[0]!, W, H);
      expect(within1(a, b) && within1(b, a)).toBe(true);
      // The hole is empty in the mask that comes back.
      for (let y = 56; y < 64; y++) for (let x = 54; x < 66; x++) expect(b[y * W + x], `${x},${y}`).toBe(0);
      expect(maskArea(decodeMask(back.shapes[0]!.counts, back.shapes[0]!.w, back.shapes[0]!.h))).toBeLessThan(w * h - 100);
      await call(s, 'labels.undo', {});
    } finally {
      s.close();
    }
  });

  it('refuses a hole that is not a ring, and drops one with no area', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'lesion.png');
      const cls = await classId(s);
      const points: [number, number][] = [[10, 10], [60, 10], [60, 60], [10, 60]];
      await expect(call(s, 'annotations.create', { imageId: id, classId: cls, shape: { kind: 'polygon', points, holes: [[[20, 20], [30, 30]]] } })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
      const flat = await call<Region>(s, 'annotations.create', { imageId: id, classId: cls, shape: { kind: 'polygon', points, holes: [[[20, 20], [30, 20], [40, 20]]] } });
      expect((flat.shape as PolygonShape).holes).toBeUndefined();
      await call(s, 'labels.undo', {});
    } finally {
      s.close();
    }
  });
});
