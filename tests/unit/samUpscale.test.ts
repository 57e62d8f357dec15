import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onnxRuntime, openOnnxSession } from '../../src-main/models/onnxRuntime.js';
import { resizedSize } from '../../src-main/vision/sam/samLayout.js';
import { decode, type Embedding, embed } from '../../src-main/vision/sam/samModels.js';
import { decoderFeeds, type SamBox, type SamPoint } from '../../src-main/vision/sam/samTensors.js';
import { expectedSamMask, samTestDecoder, samTestEncoder } from '../helpers/samTestModels.js';
import { tempDir } from '../helpers/tempDataset.js';
import { iou } from '../helpers/visionScenes.js';

/**
 * The decoder answers at most at the resized size (orig_im_size is no longer the image's size when
 * that is larger) and Lightbox scales the kept mask up to the image. The mask must land on the same
 * pixels as the decoder's own full-size answer (orig_im_size = the image's size, what Lightbox asked
 * before), within 2 px at its edges, on landscape, portrait, 4096² and small images; and, with a
 * decoder that has no low_res_masks, from its masks at the resized size.
 */

let work: { dir: string; cleanup: () => void };
const file = (name: string, bytes: Uint8Array) => {
  const f = path.join(work.dir, name);
  fs.writeFileSync(f, bytes);
  return { file: f, hash: createHash('sha256').update(bytes).digest('hex') };
};
let encoder: ReturnType<typeof file>;
let decoder: ReturnType<typeof file>;
let plainDecoder: ReturnType<typeof file>;
let embedding: Embedding;

beforeAll(async () => {
  work = tempDir('lightbox-sam-upscale-');
  encoder = file('encoder.onnx', samTestEncoder());
  decoder = file('decoder.onnx', samTestDecoder());
  plainDecoder = file('decoder-no-lowres.onnx', samTestDecoder({ lowRes: false }));
  embedding = await embed(encoder, { width: 1024, height: 1024, channels: 3, data: new Uint8Array(1024 * 1024 * 3).fill(100) });
}, 120_000);

afterAll(() => work?.cleanup());

function full(m: { x: number; y: number; w: number; h: number; bits: Uint8Array } | null, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  if (!m) return out;
  for (let y = 0; y < m.h; y++) out.set(m.bits.subarray(y * m.w, (y + 1) * m.w), (m.y + y) * width + m.x);
  return out;
}

/** The decoder's own answer at the image's size (orig_im_size = [height, width]), its best mask thresholded at 0. */
async function fullSizeAnswer(prompt: { points: SamPoint[]; box?: SamBox }, width: number, height: number, prior?: Float32Array): Promise<Uint8Array> {
  const ort = onnxRuntime();
  const session = await openOnnxSession(fs.readFileSync(decoder.file), 'decoder.onnx');
  try {
    const feeds = decoderFeeds(prompt.points, prompt.box, { width, height }, resizedSize(width, height), prior);
    feeds.orig_im_size = { data: Float32Array.of(height, width), dims: [2] };
    const input: Record<string, InstanceType<typeof ort.Tensor>> = { image_embeddings: new ort.Tensor('float32', embedding.data, embedding.dims) };
    for (const [k, v] of Object.entries(feeds)) input[k] = new ort.Tensor('float32', v.data, v.dims);
    const out = await session.run(input, ['masks', 'iou_predictions']);
    expect(out.masks!.dims).toEqual([1, 3, height, width]);
    const masks = out.masks!.data as Float32Array;
    const plane = width * height;
    const bits = new Uint8Array(plane);
    for (let i = 0; i < plane; i++) bits[i] = masks[plane + i]! > 0 ? 1 : 0; // mask 1 is rated best (0.9)
    return bits;
  } finally {
    await session.release();
  }
}

/** Pixels where `got` differs from `want` that are more than `px` (Chebyshev) from an edge of `want`. */
function offEdge(got: Uint8Array, want: Uint8Array, width: number, height: number, px: number): number {
  let off = 0;
  for (let i = 0; i < got.length; i++) {
    if (got[i] === want[i]) continue;
    const x = i % width;
    const y = (i - x) / width;
    let nearEdge = false;
    for (let dy = -px; dy <= px && !nearEdge; dy++) {
      for (let dx = -px; dx <= px; dx++) {
        const xx = x + dx;
        const yy = y + dy;
        if (xx >= 0 && yy >= 0 && xx < width && yy < height && want[yy * width + xx] !== want[i]) {
          nearEdge = true;
          break;
        }
      }
    }
    if (!nearEdge) off++;
  }
  return off;
}

const area = (m: Uint8Array) => m.reduce((a, b) => a + b, 0);

const IMAGES = [
  { name: 'landscape', width: 3000, height: 1200 },
  { name: 'portrait', width: 900, height: 2700 },
  { name: 'square 4096²', width: 4096, height: 4096 },
  { name: 'small', width: 48, height: 36 },
];

describe('SAM masks scaled up by Lightbox from the decoder at the resized size', () => {
  for (const { name, width, height } of IMAGES) {
    it(`${name} (${width}×${height}): a click, then a negative with the first mask fed back, land where the full-size answer does`, async () => {
      const orig = { width, height };
      const resized = resizedSize(width, height);
      const a: [number, number] = [Math.round(width * 0.3), Math.round(height * 0.6)];
      const neg: [number, number] = [a[0] + Math.round(width * 0.04), a[1]];
      const first = await decode(decoder, embedding, { points: [{ x: a[0], y: a[1], positive: true }] }, orig, resized, 'encoder.onnx');
      const got = full(first.mask, width, height);
      const want = await fullSizeAnswer({ points: [{ x: a[0], y: a[1], positive: true }] }, width, height);
      expect(area(want)).toBeGreaterThan(0);
      expect(offEdge(got, want, width, height, 2), 'pixels away from the edge').toBe(0);
      expect(iou(got, want)).toBeGreaterThan(width < 100 ? 0.9 : 0.99);
      // The disk is where SAM's geometry puts the click (the point scaled per axis into the resized frame).
      expect(iou(got, expectedSamMask(width, height, [a]))).toBeGreaterThanOrEqual(width < 100 ? 0.85 : 0.97);

      // The second click is decoded with the first's low-res mask as mask_input (a disk twice as wide), carved by the negative.
      expect(first.lowRes).not.toBeNull();
      const two = [{ x: a[0], y: a[1], positive: true }, { x: neg[0], y: neg[1], positive: false }];
      const second = await decode(decoder, embedding, { points: two }, orig, resized, 'encoder.onnx', first.lowRes!);
      const got2 = full(second.mask, width, height);
      const want2 = await fullSizeAnswer({ points: two }, width, height, first.lowRes!);
      expect(offEdge(got2, want2, width, height, 2)).toBe(0);
      expect(area(got2)).toBeGreaterThan(area(got));
      if (width >= 100) expect(iou(got2, expectedSamMask(width, height, [a], [neg], [a]))).toBeGreaterThanOrEqual(0.97);

      // A decoder without low_res_masks: its masks at the resized size, scaled up the same way.
      const plain = await decode(plainDecoder, embedding, { points: [{ x: a[0], y: a[1], positive: true }] }, orig, resized, 'encoder.onnx');
      expect(offEdge(full(plain.mask, width, height), want, width, height, 2)).toBe(0);
      expect(plain.lowRes).toBeNull();
    }, 180_000);
  }

  it('a box prompt on a landscape image gives the box, as the full-size answer does', async () => {
    const width = 3000;
    const height = 1200;
    const box = { x: 700, y: 200, w: 900, h: 500 };
    const out = await decode(decoder, embedding, { points: [], box }, { width, height }, resizedSize(width, height), 'encoder.onnx');
    const got = full(out.mask, width, height);
    const want = await fullSizeAnswer({ points: [], box }, width, height);
    expect(offEdge(got, want, width, height, 2)).toBe(0);
    expect(out.mask!.x).toBeGreaterThanOrEqual(box.x - 3);
    expect(out.mask!.x + out.mask!.w).toBeLessThanOrEqual(box.x + box.w + 3);
    expect(Math.abs(area(got) - box.w * box.h)).toBeLessThan(2 * (box.w + box.h) * 3);
  }, 180_000);
});
