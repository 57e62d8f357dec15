import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { embeddingPath, readEmbedding, writeEmbedding } from '../../src-main/vision/sam/embeddingCache.js';
import { decoderLayout, encoderLayout, resizedSize, type ValueInfo } from '../../src-main/vision/sam/samLayout.js';
import { decoderFeeds, decoderFrame } from '../../src-main/vision/sam/samTensors.js';
import { tempDir } from '../helpers/tempDataset.js';

const t = (name: string, shape: (number | string)[], type = 'float32'): ValueInfo => ({ name, isTensor: true, type, shape });
const decoderInputs = () => [
  t('image_embeddings', [1, 256, 64, 64]),
  t('point_coords', [1, 'n', 2]),
  t('point_labels', [1, 'n']),
  t('mask_input', [1, 1, 256, 256]),
  t('has_mask_input', [1]),
  t('orig_im_size', [2]),
];
const decoderOutputs = [t('masks', [1, 'k', 'h', 'w']), t('iou_predictions', [1, 'k']), t('low_res_masks', [1, 'k', 256, 256])];

describe('the segment-anything layout', () => {
  it('takes the two encoder inputs it knows, and refuses others with the problem named', () => {
    expect(encoderLayout([t('image', [1, 3, 1024, 1024])], [t('image_embeddings', [1, 256, 64, 64])], 'enc.onnx')).toMatchObject({ format: 'nchw', input: 'image' });
    expect(encoderLayout([t('input_image', ['h', 'w', 3], 'uint8')], [t('image_embeddings', [1, 256, 64, 64])], 'enc.onnx')).toMatchObject({ format: 'hwc', dtype: 'uint8', padded: false });
    expect(encoderLayout([t('input_image', [1024, 1024, 3])], [t('image_embeddings', [1, 256, 64, 64])], 'enc.onnx')).toMatchObject({ format: 'hwc', padded: true });
    expect(() => encoderLayout([t('image', [1, 3, 512, 512])], [t('image_embeddings', [1, 256, 32, 32])], 'enc.onnx')).toThrow(/enc\.onnx is not a SAM encoder.*input image is \[1,3,512,512\], expected \[1,3,1024,1024\]/);
    expect(() => encoderLayout([t('image', [1, 3, 1024, 1024])], [t('a', [1]), t('b', [1])], 'enc.onnx')).toThrow(/no output named image_embeddings \(it gives a, b\)/);
  });

  it('checks every decoder input by name, shape and type', () => {
    expect(decoderLayout(decoderInputs(), decoderOutputs, 'dec.onnx').embeddingShape).toEqual([1, 256, 64, 64]);
    const wrongMask = decoderInputs().map((i) => (i.name === 'mask_input' ? t('mask_input', [1, 1, 128, 128]) : i));
    expect(() => decoderLayout(wrongMask, decoderOutputs, 'dec.onnx')).toThrow(/dec\.onnx is not a SAM decoder.*input mask_input is \[1,1,128,128\], expected \[1,1,256,256\]/);
    const int64 = decoderInputs().map((i) => (i.name === 'point_labels' ? t('point_labels', [1, 'n'], 'int64') : i));
    expect(() => decoderLayout(int64, decoderOutputs, 'dec.onnx')).toThrow(/point_labels holds int64, expected float32/);
    expect(() => decoderLayout([...decoderInputs(), t('extra', [1])], decoderOutputs, 'dec.onnx')).toThrow(/does not know how to fill: extra/);
    expect(() => decoderLayout(decoderInputs(), [t('masks', [1, 1, 'h', 'w'])], 'dec.onnx')).toThrow(/no output iou_predictions/);
  });

  it('scales clicks and a box per axis as segment-anything rounds the resized image, with the padding point only without a box', () => {
    expect(resizedSize(400, 150)).toEqual({ width: 1024, height: 384 });
    expect(resizedSize(333, 1000)).toEqual({ width: 341, height: 1024 });
    const orig = { width: 333, height: 1000 };
    const f = decoderFeeds([{ x: 100, y: 500, positive: true }, { x: 10, y: 20, positive: false }], undefined, orig, resizedSize(333, 1000));
    expect(Array.from(f.point_coords.data)).toEqual([100 * (341 / 333), 500 * 1.024, 10 * (341 / 333), 20 * 1.024, 0, 0].map(Math.fround));
    expect(Array.from(f.point_labels.data)).toEqual([1, 0, -1]);
    // An image no larger than the resized one: the decoder answers at the image's size.
    expect(Array.from(f.orig_im_size.data)).toEqual([1000, 333]);
    // A larger one: at the resized size (longest side 1024, the embedding's frame), which Lightbox
    // scales up to the image; the points are still scaled into the resized image per axis.
    const big = { width: 3000, height: 1200 };
    expect(resizedSize(3000, 1200)).toEqual({ width: 1024, height: 410 });
    const g = decoderFeeds([{ x: 1500, y: 600, positive: true }], undefined, big, resizedSize(3000, 1200));
    expect(Array.from(g.orig_im_size.data)).toEqual([410, 1024]);
    expect(Array.from(g.point_coords.data)).toEqual([1500 * (1024 / 3000), 600 * (410 / 1200), 0, 0].map(Math.fround));
    expect(decoderFrame({ width: 4096, height: 4096 }, resizedSize(4096, 4096))).toEqual({ width: 1024, height: 1024 });
    expect(decoderFrame({ width: 1024, height: 768 }, resizedSize(1024, 768))).toEqual({ width: 1024, height: 768 });
    const b = decoderFeeds([], { x: 10, y: 20, w: 30, h: 40 }, orig, resizedSize(333, 1000));
    expect(Array.from(b.point_labels.data)).toEqual([2, 3]);
    expect(b.point_coords.dims).toEqual([1, 2, 2]);
  });
});

describe('the embedding cache', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  const hex = (c: string) => c.repeat(64);

  it('reads back what it wrote, refuses a damaged file (and removes it), and keeps the folder under its bound', () => {
    const { dir, cleanup } = tempDir('lightbox-samcache-');
    cleanups.push(cleanup);
    const e = { dims: [1, 4, 8, 8], data: Float32Array.from({ length: 256 }, (_, i) => i / 7) };
    const file = embeddingPath(dir, hex('a'), hex('b'));
    expect(file).toBe(path.join(dir, '.lightbox', 'cache', 'sam', hex('a'), `${hex('b')}.bin`));
    writeEmbedding(dir, file, e);
    const back = readEmbedding(file)!;
    expect(back.dims).toEqual(e.dims);
    expect(Array.from(back.data)).toEqual(Array.from(e.data));
    expect(fs.readdirSync(path.dirname(file))).toEqual([`${hex('b')}.bin`]); // no temporary file left

    const bytes = fs.readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    fs.writeFileSync(file, bytes);
    expect(readEmbedding(file)).toBeNull();
    expect(fs.existsSync(file)).toBe(false);

    // Three files of ~1 KB under a 2.5 KB bound: the least recently used goes.
    const files = ['c', 'd', 'e'].map((c) => embeddingPath(dir, hex('a'), hex(c)));
    files.forEach((f, i) => {
      writeEmbedding(dir, f, e, 2600);
      const when = new Date(Date.now() - (10 - i) * 60_000);
      fs.utimesSync(f, when, when);
    });
    expect(files.map((f) => fs.existsSync(f))).toEqual([false, true, true]);
  });

  it('refuses keys that are not hashes (nothing is written outside the cache folder)', () => {
    expect(() => embeddingPath('/tmp/x', '../../etc', hex('b'))).toThrow(/bad embedding key/);
  });
});
