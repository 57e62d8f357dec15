import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Region, RegionList } from '../../src-main/api/annotations.js';
import { decodeMask, maskArea } from '../../src-main/api/maskCodec.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { bundleCli } from '../helpers/childProcess.js';
import { tempDir, writeHalvesImage } from '../helpers/tempDataset.js';
import { type Ellipse, ellipseScene, fullMask, iou } from '../helpers/visionScenes.js';

/**
 * `annotations.segment` and `lightbox segment`: an assist on a real image file of a dataset makes
 * a mask region in upright pixels, through the same door (and the same undo) as a drawn one.
 */

const W = 240;
const H = 180;
const lesion: Ellipse = { cx: 110, cy: 95, rx: 55, ry: 35 };

let work: { dir: string; cleanup: () => void };
let ds: string;
let truth: Uint8Array;

const call = <T>(s: Session, m: string, p: unknown) => dispatch(s, m, p) as Promise<T>;

async function openSession(): Promise<Session> {
  const s = new Session({}, path.join(work.dir, '.home'));
  await dispatch(s, 'datasets.open', { path: ds, remember: false });
  return s;
}

async function imageId(s: Session, rel: string): Promise<number> {
  return ((await call<{ id: number } | null>(s, 'images.byPath', { path: rel }))!).id;
}

const regionMask = (r: Region) => {
  if (r.shape.kind !== 'mask') throw new Error(`expected a mask, got a ${r.shape.kind}`);
  const { x, y, w, h, counts } = r.shape;
  return fullMask({ x, y, w, h, bits: decodeMask(counts, w, h) }, W, H);
};

beforeAll(async () => {
  work = tempDir('lightbox-segment-');
  ds = path.join(work.dir, 'dataset');
  fs.mkdirSync(ds, { recursive: true });
  const scene = ellipseScene(W, H, [lesion]);
  truth = scene.truth;
  const raw = { raw: { width: W, height: H, channels: 3 as const } };
  await sharp(Buffer.from(scene.image.data), raw).png().toFile(path.join(ds, 'lesion.png'));
  // The same scene stored on its side with EXIF orientation 6: upright it is the PNG again.
  await sharp(Buffer.from(scene.image.data), raw).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toFile(path.join(ds, 'rotated.jpg'));
  // Two flat halves in the colour spaces a user's files come in: the wand from the left takes the left half.
  for (const space of ['cmyk', 'rgb16', 'grey16', 'b-w'] as const) {
    const format = space === 'cmyk' ? 'jpeg' : 'png';
    await writeHalvesImage(path.join(ds, 'spaces', `${space}.${format === 'jpeg' ? 'jpg' : 'png'}`), { width: 64, height: 40, left: [30, 30, 30], right: [220, 220, 220], format, space });
  }
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

describe('annotations.segment', () => {
  it('wand, GrabCut and threshold each make a mask region matching the object, on the upright image', async () => {
    const s = await openSession();
    try {
      const classId = (await call<{ id: number; name: string }[]>(s, 'classes.list', {})).find((c) => c.name === 'lesion')!.id;
      for (const file of ['lesion.png', 'rotated.jpg']) {
        const id = await imageId(s, file);
        const runs = [
          { method: 'wand', points: [{ x: 110, y: 95 }], tolerance: 40 },
          { method: 'grabcut', box: { x: 45, y: 50, w: 130, h: 90 }, iterations: 3 },
          { method: 'threshold', box: { x: 45, y: 50, w: 130, h: 90 } },
        ];
        for (const params of runs) {
          const { region, area } = await call<{ region: Region; area: number }>(s, 'annotations.segment', { imageId: id, classId, ...params });
          const got = regionMask(region);
          expect(region.classId).toBe(classId);
          expect(area).toBe(maskArea(got));
          expect(iou(got, truth), `${file} ${params.method}`).toBeGreaterThanOrEqual(0.9);
        }
        const list = await call<RegionList>(s, 'annotations.list', { imageId: id });
        expect(list.regions.map((r) => r.shape.kind)).toEqual(['mask', 'mask', 'mask']);
      }
    } finally {
      s.close();
    }
  });

  it('reads CMYK, 16-bit and grey files as the app shows them', async () => {
    const s = await openSession();
    try {
      const classId = (await call<{ id: number; name: string }[]>(s, 'classes.list', {}))[0]!.id;
      for (const file of ['spaces/cmyk.jpg', 'spaces/rgb16.png', 'spaces/grey16.png', 'spaces/b-w.png']) {
        const { region, area } = await call<{ region: Region; area: number }>(s, 'annotations.segment', { imageId: await imageId(s, file), classId, method: 'wand', points: [{ x: 5, y: 5 }], tolerance: 20 });
        expect(region.shape, file).toMatchObject({ kind: 'mask', x: 0, y: 0, w: 32, h: 40 });
        expect(area, file).toBe(32 * 40);
      }
    } finally {
      s.close();
    }
  });

  it('each assist is one undoable command', async () => {
    const s = await openSession();
    try {
      const classId = (await call<{ id: number; name: string }[]>(s, 'classes.list', {}))[0]!.id;
      const id = await imageId(s, 'lesion.png');
      const before = (await call<RegionList>(s, 'annotations.list', { imageId: id })).regions.length;
      await call(s, 'annotations.segment', { imageId: id, classId, method: 'wand', points: [{ x: 110, y: 95 }, { x: 20, y: 20 }], tolerance: 40 });
      expect((await call<RegionList>(s, 'annotations.list', { imageId: id })).regions).toHaveLength(before + 1);
      await call(s, 'labels.undo', {});
      expect((await call<RegionList>(s, 'annotations.list', { imageId: id })).regions).toHaveLength(before);
      await call(s, 'labels.redo', {});
      expect((await call<RegionList>(s, 'annotations.list', { imageId: id })).regions).toHaveLength(before + 1);
    } finally {
      s.close();
    }
  });

  it('refuses what a method cannot use, clicks outside the image and an empty result, storing nothing', async () => {
    const s = await openSession();
    try {
      const classId = (await call<{ id: number; name: string }[]>(s, 'classes.list', {}))[0]!.id;
      const id = await imageId(s, 'lesion.png');
      const before = (await call<RegionList>(s, 'annotations.list', { imageId: id })).regions.length;
      const refused = (params: object) => call(s, 'annotations.segment', { imageId: id, classId, ...params });
      await expect(refused({ method: 'wand' })).rejects.toMatchObject({ code: 'BAD_PARAMS', message: /positive point/ });
      await expect(refused({ method: 'wand', points: [{ x: 110, y: 95, positive: false }] })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
      await expect(refused({ method: 'wand', points: [{ x: W, y: 10 }] })).rejects.toMatchObject({ code: 'BAD_PARAMS', message: /outside the image/ });
      await expect(refused({ method: 'grabcut' })).rejects.toMatchObject({ code: 'BAD_PARAMS', message: /box/ });
      await expect(refused({ method: 'threshold', box: { x: 500, y: 500, w: 10, h: 10 } })).rejects.toMatchObject({ code: 'BAD_PARAMS', message: /outside/ });
      await expect(refused({ method: 'threshold', box: { x: 45, y: 50, w: 130, h: 90 }, level: 255, polarity: 'brighter' })).rejects.toMatchObject({ code: 'BAD_PARAMS', message: /another level/ });
      await expect(refused({ method: 'wand', points: [{ x: 1, y: 1 }], tolerance: 300 })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
      await expect(refused({ method: 'sam', points: [{ x: 1, y: 1 }] })).rejects.toMatchObject({ code: 'BAD_PARAMS' });
      expect((await call<RegionList>(s, 'annotations.list', { imageId: id })).regions).toHaveLength(before);
    } finally {
      s.close();
    }
  });
});

describe('lightbox segment', () => {
  let cli: string;
  beforeAll(async () => {
    cli = await bundleCli();
  }, 60_000);
  afterAll(() => {
    if (cli) fs.rmSync(path.dirname(cli), { recursive: true, force: true });
  });

  function lightbox(args: string[]): Promise<{ code: number | string; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LIGHTBOX_HOME: path.join(work.dir, 'home') } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code: code ?? signal ?? -1, stdout, stderr })));
  }

  it('creates the region, prints its id and area; annotations.list returns it and undo removes it', async () => {
    const r = await lightbox(['segment', ds, 'rotated.jpg', '--class', 'LESION', '--method', 'wand', '--point', '110,95', '--tolerance', '40']);
    expect(r.code, r.stderr).toBe(0);
    const m = /^region (\d+): (\d+) px/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const s = await openSession();
    try {
      const id = await imageId(s, 'rotated.jpg');
      const made = (await call<RegionList>(s, 'annotations.list', { imageId: id })).regions.find((x) => x.id === Number(m![1]));
      expect(made).toBeDefined();
      expect(maskArea(regionMask(made!))).toBe(Number(m![2]));
      expect(iou(regionMask(made!), truth)).toBeGreaterThanOrEqual(0.9);
      await call(s, 'labels.undo', {});
      expect((await call<RegionList>(s, 'annotations.list', { imageId: id })).regions.map((x) => x.id)).not.toContain(made!.id);
    } finally {
      s.close();
    }
  });

  it('GrabCut and threshold from a box on the command line', async () => {
    for (const args of [['--method', 'grabcut', '--box', '45,50,130,90', '--iterations', '2'], ['--method', 'threshold', '--box', '45,50,130,90']]) {
      const r = await lightbox(['segment', ds, 'lesion.png', '--class', 'lesion', ...args]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^region \d+: \d+ px/);
    }
  });

  it('prints its usage for --help', async () => {
    const r = await lightbox(['segment', '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: lightbox segment DATASET IMAGE --class NAME --method wand\|grabcut\|threshold/);
  });

  it('refuses SAM without a model, a malformed point and a missing box in one line with exit 1', async () => {
    const oneLine = (r: { code: number | string; stderr: string }, re: RegExp) => {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    };
    oneLine(await lightbox(['segment', ds, 'lesion.png', '--class', 'lesion', '--method', 'sam', '--point', '1,1']), /--method sam needs --model ENCODER\.onnx,DECODER\.onnx/);
    oneLine(await lightbox(['segment', ds, 'lesion.png', '--class', 'lesion', '--method', 'wand', '--point', '1;1']), /--point takes X,Y/);
    oneLine(await lightbox(['segment', ds, 'lesion.png', '--class', 'lesion', '--method', 'grabcut']), /needs a box/);
    oneLine(await lightbox(['segment', ds, 'lesion.png', '--class', 'lesion', '--method', 'wand', '--point', '1,1', '--tolerance', '999']), /--tolerance/);
  });
});
