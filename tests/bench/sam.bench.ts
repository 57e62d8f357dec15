import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SamPreview } from '../../src-main/api/annotations.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { embeddingPath, readEmbedding } from '../../src-main/vision/sam/embeddingCache.js';
import { encodeMask } from '../../src-main/api/maskCodec.js';
import { decode, embed } from '../../src-main/vision/sam/samModels.js';
import { decoderFeeds, decoderFrame, keptMask } from '../../src-main/vision/sam/samTensors.js';
import { onnxRuntime, openOnnxSession } from '../../src-main/models/onnxRuntime.js';
import { resizedSize } from '../../src-main/vision/sam/samLayout.js';
import { samThread } from '../../src-main/vision/sam/samThread.js';
import { samTestDecoder, samTestEncoder } from '../helpers/samTestModels.js';
import { tempDir } from '../helpers/tempDataset.js';
import { createHash } from 'node:crypto';

/**
 * SAM with the test's SAM-interface model pair (issue 11 budgets: decoder ≤ 50 ms per click with a
 * cached embedding; report the encoder time for the test model and the embedding cache hit time).
 * Per click is timed through the contract (`annotations.samPreview`: the worker's decoder run,
 * the best-mask pick and its scaling to the image, the mask's encoding) and, apart, the decoder
 * session's own run in this thread, whose cost is the test model's (it upsamples its low-res logits
 * in the graph as segment-anything's export does): at the size Lightbox asks (orig_im_size at most the
 * resized size) and, for comparison, at the image's full size (what Lightbox asked before).
 * Figures are printed, not asserted; each mask is checked to be where the click was.
 */

let work: { dir: string; cleanup: () => void };
let s: Session;
const SIZES = [
  { name: 'photo-1024x768.png', width: 1024, height: 768 },
  { name: 'scan-4096x4096.png', width: 4096, height: 4096 },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let model: { encoder: string; decoder: string };

beforeAll(async () => {
  work = tempDir('lightbox-sam-bench-');
  const ds = path.join(work.dir, 'dataset');
  fs.mkdirSync(ds, { recursive: true });
  model = { encoder: path.join(work.dir, 'encoder.onnx'), decoder: path.join(work.dir, 'decoder.onnx') };
  fs.writeFileSync(model.encoder, samTestEncoder());
  fs.writeFileSync(model.decoder, samTestDecoder());
  for (const { name, width, height } of SIZES) {
    await sharp({ create: { width, height, channels: 3, background: { r: 90, g: 120, b: 150 } } }).png().toFile(path.join(ds, name));
  }
  s = new Session({}, path.join(work.dir, '.home'));
  await dispatch(s, 'datasets.open', { path: ds, remember: false });
  const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
  await s.jobs.wait(jobId);
}, 10 * 60_000);

afterAll(async () => {
  s?.close();
  await samThread().close();
  work?.cleanup();
});

async function imageId(rel: string): Promise<number> {
  return ((await dispatch(s, 'images.byPath', { path: rel })) as { id: number }).id;
}

it('SAM clicks after the first, with the previous mask fed back as mask_input', async () => {
  const { name, width, height } = SIZES[0]!;
  const id = await imageId(name);
  const ask = (points: [number, number][]) => dispatch(s, 'annotations.samPreview', { imageId: id, model, points: points.map(([x, y]) => ({ x, y })) }) as Promise<SamPreview>;
  await ask([[width / 2, height / 2]]); // the embedding, and the thread up
  const next: number[] = [];
  for (let i = 0; i < 10; i++) {
    const first: [number, number] = [100 + i * 20, 100];
    await ask([first]);
    const a = performance.now();
    const p = await ask([first, [300 + i * 20, 400]]);
    next.push(performance.now() - a);
    expect(p.mask).not.toBeNull();
  }
  // Three clicks asked at once with none of them decoded before (the thread started again, or the
  // CLI): the first two are decoded on the way, each feeding the next.
  await samThread().close();
  await ask([[40, 40]]);
  const c = performance.now();
  await ask([[200, 200], [400, 300], [600, 500]]);
  const chain = performance.now() - c;
  console.log(
    `SAM ${width}×${height} (test pair): a click after the first (one decoder run, the previous low-res mask fed back) ${fmt(median(next))} median; ` +
      `three clicks none decoded before (three decoder runs in order) ${fmt(chain)}`,
  );
}, 10 * 60_000);

it('SAM per click with a cached embedding, the encoder run, and the cache hit', async () => {
  // The mask_input figures above computed embeddings too: start from an empty cache, so each image's first click computes one.
  await samThread().close();
  fs.rmSync(path.join(work.dir, 'dataset', '.lightbox', 'cache', 'sam'), { recursive: true, force: true });
  for (const { name, width, height } of SIZES) {
    const id = await imageId(name);
    const click = (x: number, y: number) => dispatch(s, 'annotations.samPreview', { imageId: id, model, points: [{ x, y }] }) as Promise<SamPreview>;

    const t0 = performance.now();
    const first = await click(width / 2, height / 2);
    const firstMs = performance.now() - t0;
    expect(first.embedding).toBe('computed');
    const job = s.jobs.list().filter((j) => j.kind === 'sam.embed').at(-1)!;
    expect(job.state).toBe('done');

    const per: number[] = [];
    for (let i = 0; i < 15; i++) {
      const x = 30 + ((i * 97) % (width - 60));
      const y = 30 + ((i * 61) % (height - 60));
      const a = performance.now();
      const p = await click(x, y);
      per.push(performance.now() - a);
      expect(p.embedding).toBe('cached');
      expect(p.mask!.x).toBeLessThanOrEqual(x);
      expect(p.mask!.x + p.mask!.w).toBeGreaterThan(x);
    }

    // The cache hit: the thread (and the embedding it holds) gone, the embedding read from the dataset.
    await samThread().close();
    const enc = createHash('sha256').update(fs.readFileSync(model.encoder)).digest('hex');
    const file = embeddingPath(path.join(work.dir, 'dataset'), enc, sha(fs.readFileSync(path.join(work.dir, 'dataset', name))));
    const a = performance.now();
    expect(readEmbedding(file)).not.toBeNull();
    const readMs = performance.now() - a;
    await click(40, 40); // the thread starts again (wasm runtime, sessions)
    const h = performance.now();
    const hit = await click(50, 50);
    const afterRestart = performance.now() - h;
    expect(hit.embedding).toBe('cached');
    await samThread().close();
    const h2 = performance.now();
    await click(60, 60);
    const coldHit = performance.now() - h2;

    console.log(
      `SAM ${width}×${height} (test pair): per click with a cached embedding ${fmt(median(per))} median, ${fmt(Math.max(...per))} max ` +
        `(through annotations.samPreview); first click, embedding computed ${fmt(firstMs)}; cache hit: reading the embedding file ${fmt(readMs)}, ` +
        `a click whose embedding comes from disk with the thread started again ${fmt(coldHit)} (thread start included), then ${fmt(afterRestart)}`,
    );
  }
});

it('the test encoder and decoder runs on their own (this thread, no transport)', async () => {
  const encoder = { file: model.encoder, hash: sha(fs.readFileSync(model.encoder)) };
  const decoder = { file: model.decoder, hash: sha(fs.readFileSync(model.decoder)) };
  const r = resizedSize(1024, 768);
  const image = { width: r.width, height: r.height, channels: 3 as const, data: new Uint8Array(r.width * r.height * 3).fill(120) };
  await embed(encoder, image); // warm up
  const te: number[] = [];
  let e = await embed(encoder, image);
  for (let i = 0; i < 5; i++) {
    const a = performance.now();
    e = await embed(encoder, image);
    te.push(performance.now() - a);
  }
  const ort = onnxRuntime();
  const raw = await openOnnxSession(fs.readFileSync(model.decoder), 'decoder.onnx');
  for (const { width, height } of SIZES) {
    const rs = resizedSize(width, height);
    const td: number[] = [];
    for (let i = 0; i < 8; i++) {
      const a = performance.now();
      const out = await decode(decoder, e, { points: [{ x: width / 3, y: height / 3, positive: true }] }, { width, height }, rs, 'encoder.onnx');
      td.push(performance.now() - a);
      expect(out.mask).not.toBeNull();
    }
    // The same decoder asked to answer at the image's own size (orig_im_size = the image), as before.
    const feeds = decoderFeeds([{ x: width / 3, y: height / 3, positive: true }], undefined, { width, height }, rs);
    const at = async (size: { width: number; height: number }) => {
      const input: Record<string, InstanceType<typeof ort.Tensor>> = { image_embeddings: new ort.Tensor('float32', e.data, e.dims) };
      for (const [k, v] of Object.entries({ ...feeds, orig_im_size: { data: Float32Array.of(size.height, size.width), dims: [2] } })) input[k] = new ort.Tensor('float32', v.data, v.dims);
      const a = performance.now();
      await raw.run(input);
      return performance.now() - a;
    };
    const frame = decoderFrame({ width, height }, rs);
    const atFrame: number[] = [];
    const atFull: number[] = [];
    for (let i = 0; i < 4; i++) {
      atFrame.push(await at(frame));
      atFull.push(await at({ width, height }));
    }
    console.log(
      `SAM test decoder, ${width}×${height} image: decode() (session run + best-mask pick + scaling to the image) ${fmt(median(td.slice(1)))} median; ` +
        `the session run alone answering at ${frame.width}×${frame.height} (what Lightbox asks) ${fmt(median(atFrame.slice(1)))}, at the full ${width}×${height} (as before) ${fmt(median(atFull.slice(1)))}`,
    );
  }
  await raw.release();
  console.log(`SAM test encoder run (1024×1024 input, [1,256,64,64] out): ${fmt(median(te))} median`);
});

it("Lightbox's own share of a click: picking the best of three masks, scaling it to the image and encoding it, per image size", () => {
  for (const { width, height } of SIZES) {
    const rs = resizedSize(width, height);
    const frame = decoderFrame({ width, height }, rs);
    // The kept low-res mask (plane 1 of 3): a disk of a fifth of the short side around the centre,
    // as logits (radius² − distance², in the 1024 frame's pixels, sampled at the 256² cell centres).
    const side = 256;
    const low = new Float32Array(3 * side * side).fill(-1);
    const k = rs.width / width;
    const r = (Math.min(width, height) / 5) * k;
    for (let v = 0; v < side; v++) {
      for (let u = 0; u < side; u++) low[side * side + v * side + u] = r * r - ((4 * u + 1.5 - (width / 2) * k) ** 2 + (4 * v + 1.5 - (height / 2) * k) ** 2);
    }
    // The same disk as the masks a decoder without low_res_masks gives at the frame's size.
    const plane = frame.width * frame.height;
    const masks = new Float32Array(3 * plane).fill(-1);
    const kf = frame.width / width;
    for (let y = 0; y < frame.height; y++) for (let x = 0; x < frame.width; x++) masks[plane + y * frame.width + x] = (Math.min(width, height) / 5) * kf - Math.hypot(x - (width / 2) * kf, y - (height / 2) * kf) > 0 ? 1 : -1;
    const iou = { data: Float32Array.of(0.2, 0.9, 0.5), dims: [1, 3] };
    const fromLow: number[] = [];
    const fromMasks: number[] = [];
    for (let i = 0; i < 8; i++) {
      let a = performance.now();
      const { mask } = keptMask({ data: masks, dims: [1, 3, frame.height, frame.width] }, iou, { data: low, dims: [1, 3, side, side] }, { width, height }, rs, 'decoder.onnx');
      encodeMask(mask!.bits);
      fromLow.push(performance.now() - a);
      expect(mask!.w).toBeGreaterThan(Math.min(width, height) / 3);
      a = performance.now();
      const plain = keptMask({ data: masks, dims: [1, 3, frame.height, frame.width] }, iou, undefined, { width, height }, rs, 'decoder.onnx');
      encodeMask(plain.mask!.bits);
      fromMasks.push(performance.now() - a);
      expect(plain.mask!.w).toBeGreaterThan(Math.min(width, height) / 3);
    }
    console.log(
      `SAM best-mask pick + scaling to ${width}×${height} + mask encoding (a disk of a fifth of the short side): from low_res_masks ${fmt(median(fromLow.slice(1)))} median; ` +
        `from masks at ${frame.width}×${frame.height} ${fmt(median(fromMasks.slice(1)))} median`,
    );
  }
});
