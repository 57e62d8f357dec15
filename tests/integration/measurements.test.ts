import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSummary } from '../../src-main/api/datasets.js';
import type { ImageRow } from '../../src-main/api/images.js';
import type { ImageMeasurements, Ruler } from '../../src-main/api/measurements.js';
import { encodeMask } from '../../src-main/api/maskCodec.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import type { Session } from '../../src-main/services/Session.js';
import { bundleCli } from '../helpers/childProcess.js';
import { makeDicom } from '../helpers/makeDicom.js';
import { codeOf, openTempDataset } from '../helpers/tempSession.js';

/** Regions and rulers measured in mm from a known pixel spacing (0.5 mm between rows, 0.25 mm between columns). */
describe('measurements in mm', () => {
  const cleanups: (() => void)[] = [];
  let s: Session;
  let dir: string;
  let ct: ImageRow;
  let photo: ImageRow;
  let classId: number;

  beforeAll(async () => {
    ({ s, dir } = openTempDataset(cleanups, 'lightbox-measure-'));
    fs.writeFileSync(path.join(dir, 'ct.dcm'), makeDicom({ rows: 100, columns: 80, pixelSpacing: [0.5, 0.25], modality: 'CT', slope: 1, intercept: -1024 }));
    fs.writeFileSync(path.join(dir, 'photo.png'), await sharp({ create: { width: 50, height: 40, channels: 3, background: '#808080' } }).png().toBuffer());
    const { jobId } = (await dispatch(s, 'datasets.scan', {})) as { jobId: string };
    (await s.jobs.wait(jobId)) as ScanSummary;
    const { items } = (await dispatch(s, 'images.list', {})) as { items: ImageRow[] };
    ct = items.find((r) => r.path === 'ct.dcm')!;
    photo = items.find((r) => r.path === 'photo.png')!;
    classId = ((await dispatch(s, 'classes.add', { name: 'lesion' })) as { id: number }).id;
  });
  afterAll(() => cleanups.splice(0).forEach((c) => c()));

  it('measures a box, a polygon and a mask in px and mm² from the spacing', async () => {
    await dispatch(s, 'annotations.create', { imageId: ct.id, classId, shape: { kind: 'box', x: 10, y: 10, w: 20, h: 40 } });
    // A right triangle with legs 40 px across (10 mm) and 30 px down (15 mm): 600 px², perimeter 10 + 15 + hypot(10, 15) mm.
    await dispatch(s, 'annotations.create', { imageId: ct.id, classId, shape: { kind: 'polygon', points: [[0, 0], [40, 0], [0, 30]] } });
    const bits = new Uint8Array(6 * 5).map((_, i) => (i % 2 === 0 ? 1 : 0)); // 15 pixels set
    await dispatch(s, 'annotations.create', { imageId: ct.id, classId, shape: { kind: 'mask', x: 50, y: 50, w: 6, h: 5, counts: encodeMask(bits) } });
    const { images } = (await dispatch(s, 'measurements.list', {})) as { images: ImageMeasurements[] };
    const m = images.find((i) => i.imageId === ct.id)!;
    expect(m.spacing).toEqual({ row: 0.5, col: 0.25, source: 'PixelSpacing' });
    expect(m.regions.map((r) => [r.className, r.kind, r.areaPx, r.areaMm2])).toEqual([
      ['lesion', 'box', 800, 100],
      ['lesion', 'polygon', 600, 75],
      ['lesion', 'mask', 15, 1.875],
    ]);
    expect(m.regions[1]!.perimeterMm).toBeCloseTo(10 + 15 + Math.hypot(10, 15), 9);
  });

  it('measures a polygon with a hole: its area less the hole, its perimeter with the hole\'s edge, in px and mm', async () => {
    // A 20 px square with a 10 px square hole: 400 − 100 = 300 px²; boundary 4 × 20 + 4 × 10 = 120 px.
    // In mm (0.25 mm across, 0.5 mm down): 300 × 0.125 = 37.5 mm²; outline 2 × 5 + 2 × 10 = 30 mm, hole 2 × 2.5 + 2 × 5 = 15 mm.
    const shape = { kind: 'polygon', points: [[40, 40], [60, 40], [60, 60], [40, 60]], holes: [[[45, 45], [55, 45], [55, 55], [45, 55]]] };
    const onCt = (await dispatch(s, 'annotations.create', { imageId: ct.id, classId, shape })) as { id: number };
    const onPhoto = (await dispatch(s, 'annotations.create', { imageId: photo.id, classId, shape: { ...shape, points: [[10, 10], [30, 10], [30, 30], [10, 30]], holes: [[[15, 15], [25, 15], [25, 25], [15, 25]]] } })) as { id: number };
    const { images } = (await dispatch(s, 'measurements.list', {})) as { images: ImageMeasurements[] };
    const ctRegion = images.find((i) => i.imageId === ct.id)!.regions.find((r) => r.id === onCt.id)!;
    expect([ctRegion.areaPx, ctRegion.areaMm2, ctRegion.perimeterPx]).toEqual([300, 37.5, 120]);
    expect(ctRegion.perimeterMm).toBeCloseTo(45, 9);
    const photoRegion = images.find((i) => i.imageId === photo.id)!.regions.find((r) => r.id === onPhoto.id)!;
    expect([photoRegion.areaPx, photoRegion.areaMm2, photoRegion.perimeterPx, photoRegion.perimeterMm]).toEqual([300, null, 120, null]);
    await dispatch(s, 'annotations.delete', { ids: [onCt.id, onPhoto.id] });
  });

  it('keeps a ruler with its length in mm, and undo and redo take it away and back', async () => {
    // 40 px across (10 mm) and 30 px down (15 mm): hypot(10, 15) mm, 50 px.
    const r = (await dispatch(s, 'measurements.addRuler', { imageId: ct.id, from: [10, 20], to: [50, 50] })) as Ruler;
    expect(r.lengthPx).toBe(50);
    expect(r.lengthMm).toBeCloseTo(Math.hypot(10, 15), 9);
    const rulers = async () => ((await dispatch(s, 'measurements.rulers', { imageId: ct.id })) as { rulers: Ruler[] }).rulers.map((x) => x.id);
    expect(await rulers()).toEqual([r.id]);
    expect(((await dispatch(s, 'labels.undo', {})) as { kind: string }).kind).toBe('measurements.addRuler');
    expect(await rulers()).toEqual([]);
    await dispatch(s, 'labels.redo', {});
    expect(await rulers()).toEqual([r.id]);
    await dispatch(s, 'measurements.deleteRuler', { id: r.id });
    expect(await rulers()).toEqual([]);
    await dispatch(s, 'labels.undo', {});
    expect(await rulers()).toEqual([r.id]);
  });

  it('says px only for an image without spacing', async () => {
    const r = (await dispatch(s, 'measurements.addRuler', { imageId: photo.id, from: [0, 0], to: [3, 4] })) as Ruler;
    expect([r.lengthPx, r.lengthMm]).toEqual([5, null]);
  });

  it('refuses a ruler outside the image or with one point', async () => {
    expect((await codeOf(dispatch(s, 'measurements.addRuler', { imageId: photo.id, from: [0, 0], to: [51, 4] }))).code).toBe('BAD_PARAMS');
    expect((await codeOf(dispatch(s, 'measurements.addRuler', { imageId: photo.id, from: [2, 2], to: [2, 2] }))).message).toMatch(/two different ends/);
  });

  it('lightbox measurements lists and writes them through the contract', async () => {
    const cli = await bundleCli();
    s.close();
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LIGHTBOX_HOME: path.join(dir, '.home') } });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
        child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
        child.once('close', (code) => resolve({ code, stdout, stderr }));
      });
    const text = await run(['measurements', dir]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/region \d+ {2}lesion box: 800 px², 100 mm²/);
    expect(text.stdout).toMatch(/ruler \d+: 18\.03 mm \(50 px\)/);
    expect(text.stdout).toMatch(/photo\.png {2}\(no pixel spacing: px only\)\n {2}ruler \d+: 5 px/);
    const out = path.join(dir, '..', `${path.basename(dir)}-m.csv`);
    cleanups.push(() => fs.rmSync(out, { force: true }));
    const csv = await run(['measurements', dir, '--out', out]);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('image,id,class,kind,area_px,area_mm2,perimeter_px,perimeter_mm,length_px,length_mm,spacing_mm');
    expect(lines).toContainEqual(expect.stringMatching(/^ct\.dcm,\d+,lesion,mask,15,1\.875,,,,,0\.5x0\.25$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ct\.dcm,\d+,lesion,polygon,600,75,120,43\.028,,,0\.5x0\.25$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ct\.dcm,\d+,,ruler,,,,,50,18\.028,0\.5x0\.25$/));
  });
});
