import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Region, RegionList, SamPreview } from '../../src-main/api/annotations.js';
import type { JobInfo } from '../../src-main/api/jobs.js';
import { decodeMask } from '../../src-main/api/maskCodec.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { samThread } from '../../src-main/vision/sam/samThread.js';
import { expectedSamMask, samTestDecoder, samTestEncoder, samTestHwcEncoder } from '../helpers/samTestModels.js';
import { bundleCli } from '../helpers/childProcess.js';
import { makeDicom } from '../helpers/makeDicom.js';
import { tempDir } from '../helpers/tempDataset.js';
import { iou } from '../helpers/visionScenes.js';

/**
 * One-click masks from the user's SAM model pair, with a SAM-interface pair built by the test whose
 * decoder draws disks around the clicks in the resized frame (and upsamples them as SAM does): so the
 * point scaling, orig_im_size, the upscaling to the image, EXIF orientation, the best-mask pick and
 * the embedding cache all show in the mask that comes back.
 */

let work: { dir: string; cleanup: () => void };
let ds: string;
let models: string;
const model = () => ({ encoder: path.join(models, 'encoder.onnx'), decoder: path.join(models, 'decoder.onnx') });

/** Upright sizes of the test images. rotated.jpg is stored 300×160 with EXIF orientation 6. */
const SIZES: Record<string, { width: number; height: number }> = {
  'wide.png': { width: 400, height: 150 },
  'tall.png': { width: 130, height: 360 },
  'square.png': { width: 256, height: 256 },
  'panorama.png': { width: 2400, height: 900 },
  'rotated.jpg': { width: 160, height: 300 },
  'ct.dcm': { width: 120, height: 70 },
};

/** Each test starts the SAM thread (the wasm runtime and the sessions) one or more times: seconds each on a loaded machine. */
const SLOW = 180_000;

const call = <T>(s: Session, m: string, p: unknown) => dispatch(s, m, p) as Promise<T>;

async function openSession(): Promise<Session> {
  const s = new Session({}, path.join(work.dir, '.home'));
  await dispatch(s, 'datasets.open', { path: ds, remember: false });
  return s;
}

async function imageId(s: Session, rel: string): Promise<number> {
  return ((await call<{ id: number } | null>(s, 'images.byPath', { path: rel }))!).id;
}

/** What the test decoder should answer (see expectedSamMask: disks of DISK_RADIUS in the resized frame). */
const expected = expectedSamMask;

function full(shape: { x: number; y: number; w: number; h: number; counts: string } | null, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  if (!shape) return out;
  const bits = decodeMask(shape.counts, shape.w, shape.h);
  for (let y = 0; y < shape.h; y++) for (let x = 0; x < shape.w; x++) if (bits[y * shape.w + x]) out[(shape.y + y) * width + shape.x + x] = 1;
  return out;
}

/** The `sam.embed` job events a call emits. */
async function withJobs<T>(s: Session, run: () => Promise<T>): Promise<{ result: T; jobs: JobInfo[] }> {
  const jobs: JobInfo[] = [];
  const off = s.onEvent((name, payload) => {
    if (name === 'job.progress' && (payload as JobInfo).kind === 'sam.embed') jobs.push(payload as JobInfo);
  });
  try {
    return { result: await run(), jobs };
  } finally {
    off();
  }
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

beforeAll(async () => {
  work = tempDir('lightbox-sam-');
  ds = path.join(work.dir, 'dataset');
  models = path.join(work.dir, 'models');
  fs.mkdirSync(ds, { recursive: true });
  fs.mkdirSync(models, { recursive: true });
  fs.writeFileSync(model().encoder, samTestEncoder());
  fs.writeFileSync(model().decoder, samTestDecoder());
  fs.writeFileSync(path.join(models, 'decoder-no-lowres.onnx'), samTestDecoder({ lowRes: false }));
  fs.writeFileSync(path.join(models, 'encoder-hwc.onnx'), samTestHwcEncoder());
  fs.writeFileSync(path.join(models, 'decoder-renamed.onnx'), samTestDecoder({ rename: { image_embeddings: 'embeddings' } }));
  fs.writeFileSync(path.join(models, 'not-a-model.onnx'), 'hello');
  const grad = (w: number, h: number) => {
    const d = Buffer.alloc(w * h * 3);
    for (let i = 0; i < w * h; i++) d.fill((i * 7) % 251, i * 3, i * 3 + 3);
    return sharp(d, { raw: { width: w, height: h, channels: 3 } });
  };
  for (const f of ['wide.png', 'tall.png', 'square.png', 'panorama.png']) await grad(SIZES[f]!.width, SIZES[f]!.height).png().toFile(path.join(ds, f));
  await grad(300, 160).withMetadata({ orientation: 6 }).jpeg().toFile(path.join(ds, 'rotated.jpg'));
  // A CT slice (12-bit values through its window): the encoder sees it as the app shows it.
  const ct = new Int16Array(120 * 70);
  for (let i = 0; i < ct.length; i++) ct[i] = (i % 120) * 20;
  fs.writeFileSync(path.join(ds, 'ct.dcm'), makeDicom({ rows: 70, columns: 120, pixels: ct, signed: true, bitsStored: 12, slope: 1, intercept: -1024, windows: [[40, 400]] }));
  const s = await openSession();
  try {
    const { jobId } = await call<{ jobId: string }>(s, 'datasets.scan', { thumbnails: false });
    await s.jobs.wait(jobId);
    await call(s, 'classes.add', { name: 'lesion' });
  } finally {
    s.close();
  }
}, 60_000);

afterAll(async () => {
  await samThread().close();
  work?.cleanup();
});

describe('SAM one-click masks', () => {
  it('a click gives the disk around it in upright pixels, on wide, tall, square, panorama, EXIF-rotated and DICOM images, from either kind of decoder', async () => {
    const s = await openSession();
    try {
      const clicks: Record<string, [number, number]> = { 'wide.png': [300, 40], 'tall.png': [90, 300], 'square.png': [20, 40], 'panorama.png': [1700, 300], 'rotated.jpg': [120, 250], 'ct.dcm': [100, 20] };
      // The decoder answers at most at the resized size (orig_im_size) and Lightbox scales the mask
      // up: from low_res_masks, or from masks when the decoder has no low_res_masks.
      for (const decoder of [model().decoder, path.join(models, 'decoder-no-lowres.onnx')]) {
        for (const [file, [x, y]] of Object.entries(clicks)) {
          const { width, height } = SIZES[file]!;
          const what = `${file}, ${path.basename(decoder)}`;
          const p = await call<SamPreview>(s, 'annotations.samPreview', { imageId: await imageId(s, file), model: { ...model(), decoder }, points: [{ x, y }] });
          const got = full(p.mask, width, height);
          expect(iou(got, expected(width, height, [[x, y]])), what).toBeGreaterThanOrEqual(0.97);
          // The mask rated best (0.9) was kept, not the complement or the empty one.
          expect(p.score, what).toBeCloseTo(0.9, 5);
          expect(p.area, what).toBe(got.reduce((a, b) => a + b, 0));
        }
      }
    } finally {
      s.close();
    }
  }, SLOW);

  it('negative points take their part away, and a box prompt gives the box', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'wide.png');
      const { width, height } = SIZES['wide.png']!;
      // The negative is the second click: the first click's mask comes back as mask_input, and the negative carves it.
      const neg = await call<SamPreview>(s, 'annotations.samPreview', { imageId: id, model: model(), points: [{ x: 100, y: 75 }, { x: 120, y: 75, positive: false }] });
      expect(iou(full(neg.mask, width, height), expected(width, height, [[100, 75]], [[120, 75]], [[100, 75]]))).toBeGreaterThanOrEqual(0.95);
      const plain = await call<SamPreview>(s, 'annotations.samPreview', { imageId: id, model: model(), points: [{ x: 100, y: 75 }] });
      expect(iou(full(plain.mask, width, height), expected(width, height, [[100, 75]]))).toBeGreaterThanOrEqual(0.97);

      const box = await call<SamPreview>(s, 'annotations.samPreview', { imageId: id, model: model(), box: { x: 200, y: 30, w: 150, h: 80 } });
      const truth = new Uint8Array(width * height);
      for (let y = 30; y < 110; y++) for (let x = 200; x < 350; x++) truth[y * width + x] = 1;
      expect(iou(full(box.mask, width, height), truth)).toBeGreaterThanOrEqual(0.95);
    } finally {
      s.close();
    }
  }, SLOW);

  it('computes the embedding once per image as a job with progress, caches it in the dataset, and reuses it', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'tall.png');
      await call<SamPreview>(s, 'annotations.samPreview', { imageId: id, model: model(), points: [{ x: 60, y: 100 }] });
      const cache = path.join(ds, '.lightbox', 'cache', 'sam', sha(model().encoder), `${sha(path.join(ds, 'tall.png'))}.bin`);
      expect(fs.existsSync(cache)).toBe(true);

      // A later click, and a click after the thread was stopped (the embedding comes from disk): no encoder run, no job.
      const runs = samThread().encoderRuns;
      const again = await withJobs(s, () => call<SamPreview>(s, 'annotations.samPreview', { imageId: id, model: model(), points: [{ x: 60, y: 200 }] }));
      await samThread().close();
      const fromDisk = await withJobs(s, () => call<SamPreview>(s, 'annotations.samPreview', { imageId: id, model: model(), points: [{ x: 60, y: 300 }] }));
      for (const r of [again, fromDisk]) {
        expect(r.result.embedding).toBe('cached');
        expect(r.jobs).toEqual([]);
      }
      expect(samThread().encoderRuns).toBe(runs);
      expect(iou(full(fromDisk.result.mask, 130, 360), expected(130, 360, [[60, 300]]))).toBeGreaterThanOrEqual(0.97);
    } finally {
      s.close();
    }
  }, SLOW);

  it('feeds the previous mask back (mask_input, has_mask_input 1) on each click after the first, and not after taking the click back', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'square.png');
      const { width, height } = SIZES['square.png']!;
      const a: [number, number] = [20, 20];
      const b: [number, number] = [50, 50];
      const ask = (points: [number, number][]) => call<SamPreview>(s, 'annotations.samPreview', { imageId: id, model: model(), points: points.map(([x, y]) => ({ x, y })) });
      // The test decoder's low-res mask is a disk of 2R around each positive click: fed back, it shows.
      const withPrior = expected(width, height, [a, b], [], [a]);
      const first = await ask([a]);
      expect(iou(full(first.mask, width, height), expected(width, height, [a]))).toBeGreaterThanOrEqual(0.97);
      const second = await ask([a, b]);
      expect(iou(full(second.mask, width, height), withPrior)).toBeGreaterThanOrEqual(0.95);
      // Backspace: the first click alone again has no previous mask, so it is the first answer again.
      const back = await ask([a]);
      expect(back.mask).toEqual(first.mask);
      // The same two clicks again, after the first: the same answer.
      expect((await ask([a, b])).mask).toEqual(second.mask);
    } finally {
      s.close();
    }
  }, SLOW);

  it('sees a DICOM slice through the on-screen window: an embedding per window, cached under its own name', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'ct.dcm');
      const dir = path.join(ds, '.lightbox', 'cache', 'sam', sha(model().encoder));
      const click = { imageId: id, model: model(), points: [{ x: 60, y: 35 }] };
      await call<SamPreview>(s, 'annotations.samPreview', click);
      const plainFile = path.join(dir, `${sha(path.join(ds, 'ct.dcm'))}.bin`);
      expect(fs.existsSync(plainFile)).toBe(true);
      // A narrower window on screen (the values stretched twice as steep): the encoder sees that picture.
      const display = { slope: 2, intercept: -0.5 };
      const narrow = await call<SamPreview>(s, 'annotations.samPreview', { ...click, display });
      expect(narrow.embedding).toBe('computed');
      const windowed = fs.readdirSync(dir).filter((f) => f.startsWith(sha(path.join(ds, 'ct.dcm'))) && f !== path.basename(plainFile));
      expect(windowed).toHaveLength(1);
      expect(windowed[0]).toMatch(/-w[0-9a-f]{16}\.bin$/);
      expect(fs.readFileSync(path.join(dir, windowed[0]!)).equals(fs.readFileSync(plainFile))).toBe(false);
      // The same window again is cached; the image as displayed still finds its own embedding.
      await samThread().close();
      expect((await call<SamPreview>(s, 'annotations.samPreview', { ...click, display })).embedding).toBe('cached');
      expect((await call<SamPreview>(s, 'annotations.samPreview', click)).embedding).toBe('cached');
      // The identity window is the image as displayed.
      expect((await call<SamPreview>(s, 'annotations.samPreview', { ...click, display: { slope: 1, intercept: 0 } })).embedding).toBe('cached');
    } finally {
      s.close();
    }
  }, SLOW);

  it('uses a SAM pair from the model registry by id, id prefix or name, and says how to add one when there is none', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'wide.png');
      const click = (m: unknown) => call<SamPreview>(s, 'annotations.samPreview', { imageId: id, model: m, points: [{ x: 300, y: 40 }] });
      await expect(click({ id: 'my-sam' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('Settings → Models') });
      const added = await call<{ id: string; name: string }>(s, 'models.add', { path: model().encoder, kind: 'sam', decoderPath: model().decoder });
      expect(added.id).toBe(sha(model().encoder));
      for (const ref of [{ id: added.id }, { id: added.id.slice(0, 12) }, { id: added.name }]) {
        const p = await click(ref);
        expect(iou(full(p.mask, 400, 150), expected(400, 150, [[300, 40]])), JSON.stringify(ref)).toBeGreaterThanOrEqual(0.97);
      }
      await expect(click({ id: 'other.onnx' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('(there: encoder.onnx)') });
    } finally {
      s.close();
    }
  }, SLOW);

  it('a first click shows progress events for the embedding job, ending done', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'square.png');
      fs.rmSync(path.join(ds, '.lightbox', 'cache', 'sam'), { recursive: true, force: true });
      await samThread().close();
      const { result, jobs } = await withJobs(s, () => call<SamPreview>(s, 'annotations.samPreview', { imageId: id, model: model(), points: [{ x: 30, y: 30 }] }));
      expect(result.embedding).toBe('computed');
      expect(jobs[0]).toMatchObject({ state: 'running' });
      expect(jobs.at(-1)).toMatchObject({ state: 'done', done: 3, total: 3 });
    } finally {
      s.close();
    }
  }, SLOW);

  it('a damaged cache file is computed again, and the mask is still right', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'rotated.jpg');
      await call<SamPreview>(s, 'annotations.samPreview', { imageId: id, model: model(), points: [{ x: 80, y: 80 }] });
      const cache = path.join(ds, '.lightbox', 'cache', 'sam', sha(model().encoder), `${sha(path.join(ds, 'rotated.jpg'))}.bin`);
      const good = fs.readFileSync(cache);
      for (const damage of [good.subarray(0, good.length - 100), Buffer.concat([good.subarray(0, 200), Buffer.alloc(good.length - 200, 7)]), Buffer.from('not an embedding')]) {
        fs.writeFileSync(cache, damage);
        await samThread().close();
        const { result, jobs } = await withJobs(s, () => call<SamPreview>(s, 'annotations.samPreview', { imageId: id, model: model(), points: [{ x: 80, y: 80 }] }));
        expect(result.embedding).toBe('computed');
        expect(jobs.at(-1)).toMatchObject({ state: 'done' });
        expect(iou(full(result.mask, 160, 300), expected(160, 300, [[80, 80]]))).toBeGreaterThanOrEqual(0.97);
        expect(fs.readFileSync(cache).equals(good)).toBe(true);
      }
    } finally {
      s.close();
    }
  }, SLOW);

  it('runs an encoder that takes the image as HWC uint8', async () => {
    const s = await openSession();
    try {
      const p = await call<SamPreview>(s, 'annotations.samPreview', {
        imageId: await imageId(s, 'wide.png'),
        model: { encoder: path.join(models, 'encoder-hwc.onnx'), decoder: model().decoder },
        points: [{ x: 50, y: 50 }],
      });
      expect(iou(full(p.mask, 400, 150), expected(400, 150, [[50, 50]]))).toBeGreaterThanOrEqual(0.97);
    } finally {
      s.close();
    }
  }, SLOW);

  it('refuses models that are not a SAM pair, naming the problem, before running the encoder', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'wide.png');
      const refused = (m: { encoder: string; decoder: string }) => call(s, 'annotations.samPreview', { imageId: id, model: m, points: [{ x: 10, y: 10 }] });
      const runs = samThread().encoderRuns;
      await expect(refused({ encoder: model().encoder, decoder: path.join(models, 'decoder-renamed.onnx') })).rejects.toMatchObject({
        code: 'BAD_FILE',
        message: expect.stringMatching(/^decoder-renamed\.onnx is not a SAM decoder.*no input image_embeddings/),
      });
      await expect(refused({ encoder: model().decoder, decoder: model().decoder })).rejects.toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/^decoder\.onnx is not a SAM encoder.*takes 6 inputs/) });
      await expect(refused({ encoder: model().encoder, decoder: model().encoder })).rejects.toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/^encoder\.onnx is not a SAM decoder/) });
      await expect(refused({ encoder: path.join(models, 'not-a-model.onnx'), decoder: model().decoder })).rejects.toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/^not-a-model\.onnx is not an ONNX model/) });
      await expect(refused({ encoder: path.join(models, 'missing.onnx'), decoder: model().decoder })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('missing.onnx does not exist') });
      await expect(refused({ encoder: 'encoder.onnx', decoder: model().decoder })).rejects.toMatchObject({ code: 'BAD_PARAMS', message: expect.stringContaining('full path') });
      expect(samThread().encoderRuns).toBe(runs);
    } finally {
      s.close();
    }
  }, SLOW);

  it('annotations.segment with method sam writes one undoable mask region; a prompt outside the image is refused', async () => {
    const s = await openSession();
    try {
      const id = await imageId(s, 'rotated.jpg');
      const classId = (await call<{ id: number }[]>(s, 'classes.list', {}))[0]!.id;
      const { region, area } = await call<{ region: Region; area: number }>(s, 'annotations.segment', { imageId: id, classId, method: 'sam', model: model(), points: [{ x: 100, y: 200 }] });
      expect(region.shape.kind).toBe('mask');
      const got = full(region.shape as Parameters<typeof full>[0], 160, 300);
      expect(iou(got, expected(160, 300, [[100, 200]]))).toBeGreaterThanOrEqual(0.97);
      expect(area).toBe(got.reduce((a, b) => a + b, 0));
      const list = await call<RegionList>(s, 'annotations.list', { imageId: id });
      expect(list.regions.map((r) => r.id)).toContain(region.id);
      // The assists' preview method answers the same mask for method sam, storing nothing.
      const preview = await call<{ mask: typeof region.shape; area: number }>(s, 'annotations.segmentPreview', { imageId: id, method: 'sam', model: model(), points: [{ x: 100, y: 200 }] });
      expect(preview).toEqual({ mask: region.shape, area });
      expect((await call<RegionList>(s, 'annotations.list', { imageId: id })).regions).toHaveLength(list.regions.length);
      await call(s, 'labels.undo', {});
      expect((await call<RegionList>(s, 'annotations.list', { imageId: id })).regions.map((r) => r.id)).not.toContain(region.id);

      await expect(call(s, 'annotations.segment', { imageId: id, classId, method: 'sam', model: model(), points: [{ x: 200, y: 10 }] })).rejects.toMatchObject({
        code: 'BAD_PARAMS',
        message: expect.stringContaining('outside the image (160×300 px)'),
      });
      await expect(call(s, 'annotations.segment', { imageId: id, classId, method: 'sam', model: model(), points: [{ x: 20, y: 10, positive: false }] })).rejects.toMatchObject({
        code: 'BAD_PARAMS',
        message: expect.stringContaining('click on the object'),
      });
      await expect(call(s, 'annotations.segment', { imageId: id, classId, method: 'sam', points: [{ x: 20, y: 10 }] })).rejects.toMatchObject({ code: 'BAD_PARAMS', message: expect.stringContaining('needs a model') });
      expect((await call<RegionList>(s, 'annotations.list', { imageId: id })).regions.map((r) => r.id)).not.toContain(region.id);
    } finally {
      s.close();
    }
  }, SLOW);
});

describe('lightbox segment --method sam', () => {
  let cli: string;
  beforeAll(async () => {
    cli = await bundleCli();
  }, 60_000);
  afterAll(() => {
    if (cli) fs.rmSync(path.dirname(cli), { recursive: true, force: true });
  });

  function lightbox(args: string[], cwd = work.dir): Promise<{ code: number | string; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LIGHTBOX_HOME: path.join(work.dir, 'home') } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code: code ?? signal ?? -1, stdout, stderr })));
  }

  it('writes the mask region in upright pixels and prints its id and area; the models stay where they are', async () => {
    fs.rmSync(path.join(ds, '.lightbox', 'cache', 'sam'), { recursive: true, force: true });
    // Relative model paths are from the working folder.
    const r = await lightbox(['segment', ds, 'rotated.jpg', '--class', 'lesion', '--method', 'sam', '--model', 'models/encoder.onnx,models/decoder.onnx', '--point', '60,220', '--negative', '80,220']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/computing the image embedding: 3\/3/);
    const m = /^region (\d+): (\d+) px/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const s = await openSession();
    try {
      const list = await call<RegionList>(s, 'annotations.list', { imageId: await imageId(s, 'rotated.jpg') });
      const made = list.regions.find((x) => x.id === Number(m![1]))!;
      const got = full(made.shape as Parameters<typeof full>[0], 160, 300);
      // The clicks in order: the negative is decoded with the first click's mask fed back.
      expect(iou(got, expected(160, 300, [[60, 220]], [[80, 220]], [[60, 220]]))).toBeGreaterThanOrEqual(0.95);
      expect(got.reduce((a, b) => a + b, 0)).toBe(Number(m![2]));
    } finally {
      s.close();
    }
    const inDataset = fs.readdirSync(ds, { recursive: true }).map(String);
    expect(inDataset.filter((f) => f.endsWith('.onnx'))).toEqual([]);

    // A box prompt, the embedding now cached: no progress line.
    const b = await lightbox(['segment', ds, 'rotated.jpg', '--class', 'lesion', '--method', 'sam', '--model', `${model().encoder},${model().decoder}`, '--box', '20,30,100,50']);
    expect(b.code, b.stderr).toBe(0);
    const area = Number(/^region \d+: (\d+) px/.exec(b.stdout)?.[1]);
    // The box's 100×50 pixels, give or take its edge rows and columns.
    expect(area).toBeGreaterThanOrEqual(99 * 49);
    expect(area).toBeLessThanOrEqual(101 * 51);
    expect(b.stderr).toBe('');
  }, SLOW);

  it('takes --model NAME: a SAM pair from the registry', async () => {
    const s = new Session({}, path.join(work.dir, 'home'));
    try {
      await dispatch(s, 'models.add', { path: model().encoder, kind: 'sam', decoderPath: model().decoder });
    } finally {
      s.close();
    }
    const r = await lightbox(['segment', ds, 'tall.png', '--class', 'lesion', '--method', 'sam', '--model', 'encoder.onnx', '--point', '60,100']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^region \d+: \d+ px/);
  }, SLOW);

  it('refuses a bad model pair and a malformed --model in one line with exit 1', async () => {
    const oneLine = (r: { code: number | string; stderr: string }, re: RegExp) => {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    };
    oneLine(await lightbox(['segment', ds, 'wide.png', '--class', 'lesion', '--method', 'sam', '--model', `${model().encoder},${path.join(models, 'decoder-renamed.onnx')}`, '--point', '5,5']), /decoder-renamed\.onnx is not a SAM decoder.*image_embeddings/);
    oneLine(await lightbox(['segment', ds, 'wide.png', '--class', 'lesion', '--method', 'sam', '--model', model().encoder, '--point', '5,5']), /no SAM model ".*encoder\.onnx".*Settings → Models.*or give both files \(ENCODER\.onnx,DECODER\.onnx\)/);
    oneLine(await lightbox(['segment', ds, 'wide.png', '--class', 'lesion', '--method', 'sam', '--model', 'a,b,c', '--point', '5,5']), /--model takes ENCODER\.onnx,DECODER\.onnx/);
    oneLine(await lightbox(['segment', ds, 'wide.png', '--class', 'lesion', '--method', 'wand', '--model', 'a,b', '--point', '5,5']), /--model is for --method sam/);
  }, SLOW);
});
