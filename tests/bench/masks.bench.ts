import { expect, it } from 'vitest';
import { cropMask, decodeMask, encodeMask, maskBounds, pasteMask } from '../../src-main/api/maskCodec.js';
import { cocoRleToCrop, cropToCocoRle } from '../../src-main/formats/cocoRle.js';

/**
 * Mask storage at 4096×4096 (DESIGN.md budget: encode and decode ≤ 60 ms). Encode is what the
 * editor does when a stroke ends: find the bounds in the full-resolution mask, crop, run-length
 * encode to text. Decode is what it does when an image opens: text to bits, pasted back into a
 * full-resolution mask. Masks: a lesion-like blob set (a realistic case) and a full-image
 * checkerboard of 8-pixel squares (many runs, a hard case). COCO export conversion is reported too.
 */

const W = 4096;
const H = 4096;

function blobs(): Uint8Array {
  const m = new Uint8Array(W * H);
  const discs = [
    [1200, 1500, 700],
    [2600, 2300, 900],
    [3100, 900, 400],
    [800, 3300, 500],
  ] as const;
  for (const [cx, cy, r] of discs) {
    for (let y = Math.max(0, cy - r); y < Math.min(H, cy + r); y++) {
      const half = Math.floor(Math.sqrt(r * r - (y - cy) ** 2));
      m.fill(1, y * W + Math.max(0, cx - half), y * W + Math.min(W, cx + half));
    }
  }
  return m;
}

function checkerboard(): Uint8Array {
  const m = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) m[y * W + x] = ((x >> 3) + (y >> 3)) & 1;
  return m;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void, runs = 7): number {
  fn(); // warm up
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    fn();
    t.push(performance.now() - a);
  }
  return median(t);
}

for (const [name, make] of [
  ['lesion blobs', blobs],
  ['8-px checkerboard', checkerboard],
] as const) {
  it(`mask encode/decode at 4096×4096: ${name}`, () => {
    const full = make();
    let text = '';
    let box = { x: 0, y: 0, w: 0, h: 0 };
    const encodeMs = time(() => {
      const crop = cropMask(full, W, H, maskBounds(full, W, H))!;
      box = { x: crop.x, y: crop.y, w: crop.w, h: crop.h };
      text = encodeMask(crop.bits);
    });
    const out = new Uint8Array(W * H);
    const decodeMs = time(() => {
      out.fill(0);
      pasteMask({ ...box, bits: decodeMask(text, box.w, box.h) }, out, W, H);
    });
    expect(Buffer.compare(Buffer.from(out.buffer), Buffer.from(full.buffer))).toBe(0);
    const crop = cropMask(full, W, H)!;
    let coco = { size: [0, 0] as [number, number], counts: '' };
    const cocoEncodeMs = time(() => {
      coco = cropToCocoRle(crop, W, H);
    }, 3);
    const cocoDecodeMs = time(() => {
      cocoRleToCrop(coco);
    }, 3);
    console.log(
      `[bench] mask 4096×4096 ${name}: encode ${encodeMs.toFixed(1)} ms, decode ${decodeMs.toFixed(1)} ms, ` +
        `encode+decode ${(encodeMs + decodeMs).toFixed(1)} ms (budget 60 ms each), ${text.length} bytes stored; ` +
        `COCO RLE encode ${cocoEncodeMs.toFixed(1)} ms, decode ${cocoDecodeMs.toFixed(1)} ms`,
    );
  });
}
