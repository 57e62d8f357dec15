import { describe, expect, it } from 'vitest';
import { type MaskCrop, cropMask, maskArea, pasteMask } from '../../src-main/api/maskCodec.js';
import { cocoRleArea, cocoRleToCrop, cropToCocoRle, cropToColumnRuns } from '../../src-main/formats/cocoRle.js';

/** pycocotools rleEncode, transliterated: the full image read column by column, one pixel at a time. */
function referenceRuns(full: Uint8Array, width: number, height: number): number[] {
  const counts: number[] = [];
  let prev = 0;
  let run = 0;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = full[y * width + x]!;
      if (v !== prev) {
        counts.push(run);
        run = 0;
        prev = v;
      }
      run++;
    }
  }
  counts.push(run);
  return counts;
}

/** pycocotools rleToString, transliterated (BigInt, so its C longs and shifts carry over exactly). */
function referenceString(counts: number[]): string {
  let s = '';
  for (let i = 0; i < counts.length; i++) {
    let x = BigInt(counts[i]!);
    if (i > 2) x -= BigInt(counts[i - 2]!);
    let more = true;
    while (more) {
      let c = Number(x & 0x1fn);
      x >>= 5n;
      more = c & 0x10 ? x !== -1n : x !== 0n;
      if (more) c |= 0x20;
      s += String.fromCharCode(c + 48);
    }
  }
  return s;
}

/** The crop's bits at offset `shift` of a larger buffer, as a subarray of a decoded PNG row or a pool would be. */
function shifted(crop: MaskCrop, shift: number): MaskCrop {
  const buf = new Uint8Array(crop.bits.length + shift);
  buf.set(crop.bits, shift);
  return { ...crop, bits: buf.subarray(shift) };
}

/** The same crop: box and bits (compared as bytes; a deep toEqual over millions of pixels takes seconds). */
function expectSameCrop(got: MaskCrop | null, want: MaskCrop | null): void {
  expect(got && { x: got.x, y: got.y, w: got.w, h: got.h }).toEqual(want && { x: want.x, y: want.y, w: want.w, h: want.h });
  if (got && want) expect(Buffer.from(got.bits).equals(Buffer.from(want.bits))).toBe(true);
}

/** The same run lengths, compared as one string for the same reason. */
function expectSameRuns(got: number[], want: number[]): void {
  expect(got.length).toBe(want.length);
  expect(got.join(',')).toBe(want.join(','));
}

function fromRows(rows: number[][]): { full: Uint8Array; w: number; h: number } {
  const h = rows.length;
  const w = rows[0]!.length;
  return { full: Uint8Array.from(rows.flat()), w, h };
}

describe('COCO RLE', () => {
  it('agrees with pycocotools on the 10×10 mask of its toBbox test', () => {
    // cocoapi tests/test_cases.py (testToBboxNonFullImage): mask = zeros((10, 10)); mask[2:4, 3:6] = 1,
    // whose bbox pycocotools reports as [3, 2, 3, 2]. Read column by column as rleEncode does, the
    // runs are 3 empty columns and 2 rows (32), then 2 on, 8 off, 2 on, 8 off, 2 on, 46 off; and
    // rleToString writes 32 as 'P1' (0|0x20 +48, then 1 +48), 2 → '2', 8 → '8', then the deltas
    // with the count two before (2-2, 8-8, 2-2) → '000', and 46-8 = 38 → 'V1'.
    const full = new Uint8Array(100);
    for (let y = 2; y < 4; y++) for (let x = 3; x < 6; x++) full[y * 10 + x] = 1;
    const crop = cropMask(full, 10, 10)!;
    expect({ x: crop.x, y: crop.y, w: crop.w, h: crop.h }).toEqual({ x: 3, y: 2, w: 3, h: 2 });
    expect(cropToColumnRuns(crop, 10, 10)).toEqual([32, 2, 8, 2, 8, 2, 46]);
    expect(cropToCocoRle(crop, 10, 10)).toEqual({ size: [10, 10], counts: 'P128000V1' });
    expect(cocoRleToCrop({ size: [10, 10], counts: 'P128000V1' })).toEqual(crop);
  });

  it('refuses the invalid RLE of cocoapi testInvalidRLECounts, as pycocotools does', () => {
    // cocoapi tests/test_cases.py: mask_util.decode of this RLE must raise (its runs overrun 1024×1024).
    const counts =
      'jd`0=`o06J5L4M3L3N2N2N2N2N1O2N2N101N1O2O0O1O2N100O1O2N100O1O1O1O1O101N1O1O1O1O1O1O101N1O100O101O0O100000000000000001O00001O1O0O2O1N3N1N3N3L5Kh0XO6J4K5L5Id[o5N]dPJ7K4K4M3N2M3N2N1O2N100O2O0O1000O01000O101N1O1O2N2N2M3M3M4J7Inml5H[RSJ6L2N2N2N2O000000000000O2O1N2N2Mkm81SRG6L3L3N2O1N2N2O0O2O00001O0000000000O2O001N2O0O2N2N3M3L5JRjf6MPVYI8J4L3N3M2N1O2O1N101N1000000O10000001O000O101N101N1O2N2N2N3L4L7FWZ_50ne`J0000001O000000001O0000001O1O0N3M3N1O2N2N2O1N2O001N2`RO^O`k0c0[TOEak0;\\\\TOJbk07\\\\TOLck03[TO0dk01ZTO2dk0OYTO4gk0KXTO7gk0IXTO8ik0HUTO:kk0ETTO=lk0CRTO>Pl0@oSOb0Rl0\\\\OmSOe0Tl0[OjSOg0Ul0YOiSOi0Wl0XOgSOi0Yl0WOeSOk0[l0VOaSOn0kh0cNmYO';
    expect(() => cocoRleToCrop({ size: [1024, 1024], counts })).toThrow();
  });

  it('decodes the zero-leading RLE of cocoapi testZeroLeadingRLE and re-encodes it to the same mask', () => {
    // A foreground run of length 0 at the start ('000' = counts 0, 0, 0); pycocotools requires the
    // bounding box of the decoded mask to equal that of the original RLE.
    const counts =
      '000lg0Zb01O00001O00001O001O00001O00001O001O00001O01O2N3M3M3M2N3M3N2M3M2N1O1O1O1O2N1O1O1O2N1O1O101N1O1O1O2N1O1O1O2N3M2N1O2N1O2O0O2N1O1O2N1O2N1O2N1O2N1O2N1O2O0O2N1O3M2N1O2N2N2N2N2N1O2N2N2N2N1O2N2N2N2N2N1N3N2N00O1O1O1O100000000000000O100000000000000001O0000001O00001O0O5L7I5K4L4L3M2N2N2N1O2m]OoXOm`0Sg0j^OVYOTa0lf0c^O]YO[a0ef0\\^OdYOba0bg0N2N2N2N2N2N2N2N2N2N2N2N2N2N2N2N2N3M2M4M2N3M2N3M2N3M2N3M2N3M2N3M2N3M2N3M2M4M2N2N3M2M4M2N2N3M2M3N3M2N3M2M3N3M2N2N3L3N2N3M2N3L3N2N3M5J4M3M4L3M3L5L3M3M4L3L4\\EXTOd6jo0K6J5K6I4M1O1O1O1N2O1O1O001N2O00001O0O101O000O2O00001N101N101N2N101N101N101N2O0O2O0O2O0O2O1N101N2N2O1N2O1N2O1N101N2O1N2O1N2O0O2O1N2N2O1N2O0O2O1N2O1N2N2N1N4M2N2M4M2N3L3N2N3L3N3L3N2N3L3N2N3L3M4L3M3M4L3M5K5K5K6J5K5K6J7I7I7Ibijn0';
    const rle = { size: [1350, 1080] as [number, number], counts };
    const crop = cocoRleToCrop(rle)!;
    expect(crop).not.toBeNull();
    expect(maskArea(crop.bits)).toBe(cocoRleArea(rle));
    const again = cocoRleToCrop(cropToCocoRle(crop, 1080, 1350))!;
    expect(again).toEqual(crop);
  });

  it('round-trips random masks of random images, the crop anywhere, including the edges', () => {
    let seed = 1;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 300; t++) {
      const width = 1 + Math.floor(rand() * 40);
      const height = 1 + Math.floor(rand() * 40);
      const full = new Uint8Array(width * height);
      const p = rand();
      for (let i = 0; i < full.length; i++) full[i] = rand() < p ? 1 : 0;
      const crop = cropMask(full, width, height);
      if (!crop) continue;
      const rle = cropToCocoRle(crop, width, height);
      expect(rle.size).toEqual([height, width]);
      expect(cocoRleArea(rle)).toBe(maskArea(full));
      expect(cocoRleToCrop(rle)).toEqual(crop);
      // Uncompressed counts (as iscrowd annotations carry them) decode the same.
      expect(cocoRleToCrop({ size: rle.size, counts: cropToColumnRuns(crop, width, height) })).toEqual(crop);
    }
  });

  it('handles a mask that fills the whole image, and one pixel in each corner', () => {
    const all = fromRows([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    const crop = cropMask(all.full, all.w, all.h)!;
    expect(cropToColumnRuns(crop, 3, 2)).toEqual([0, 6]);
    const corners = fromRows([
      [1, 0, 0, 1],
      [0, 0, 0, 0],
      [1, 0, 0, 1],
    ]);
    const c2 = cropMask(corners.full, 4, 3)!;
    expect(cropToColumnRuns(c2, 4, 3)).toEqual([0, 1, 1, 1, 6, 1, 1, 1]);
    expect(cocoRleToCrop(cropToCocoRle(c2, 4, 3))).toEqual(c2);
  });

  it('writes a busy 8-px checkerboard byte for byte as pycocotools does, and reads it back', () => {
    // 2050 wide (rows not 4-byte aligned) and 1030 high: the many-runs case, over many column strips.
    const width = 2050;
    const height = 1030;
    const full = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) full[y * width + x] = ((x >> 3) + (y >> 3)) & 1;
    const crop = cropMask(full, width, height)!;
    const runs = referenceRuns(full, width, height);
    expect(runs.length).toBeGreaterThan(250_000);
    expectSameRuns(cropToColumnRuns(crop, width, height), runs);
    const rle = cropToCocoRle(shifted(crop, 1), width, height);
    expect(rle.counts).toBe(referenceString(runs));
    expectSameCrop(cocoRleToCrop(rle), crop);
  });

  it('matches pycocotools byte for byte on random masks of wide and tall images, crops not tight, bits at any offset', () => {
    let seed = 5;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 40; t++) {
      // Every fourth image is tall (up to 5000 rows), so a crop spans several column strips.
      const width = 1 + Math.floor(rand() * 600);
      const height = 1 + Math.floor(rand() * (t % 4 === 0 ? 5000 : 600));
      const full = new Uint8Array(width * height);
      if (t % 2 === 0) {
        const p = rand();
        for (let i = 0; i < full.length; i++) full[i] = rand() < p ? 1 : 0;
      } else {
        // Overlapping discs, XOR-ed: blobs with holes, some touching the image edges.
        for (let q = 0; q < 1 + Math.floor(rand() * 5); q++) {
          const cx = rand() * width;
          const cy = rand() * height;
          const r = (rand() * Math.max(width, height)) / 2;
          for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) full[y * width + x]! ^= 1;
        }
      }
      // A tight crop, or any rectangle (its border rows and columns may be empty).
      const x = Math.floor(rand() * width);
      const y = Math.floor(rand() * height);
      const box = { x, y, w: 1 + Math.floor(rand() * (width - x)), h: 1 + Math.floor(rand() * (height - y)) };
      const crop = t % 3 === 0 ? cropMask(full, width, height, box)! : cropMask(full, width, height);
      if (!crop) continue;
      const inside = new Uint8Array(width * height);
      pasteMask(crop, inside, width, height);
      const runs = referenceRuns(inside, width, height);
      expectSameRuns(cropToColumnRuns(shifted(crop, t % 4), width, height), runs);
      const rle = cropToCocoRle(shifted(crop, t % 4), width, height);
      expect(rle.counts).toBe(referenceString(runs));
      const tight = cropMask(inside, width, height);
      expectSameCrop(cocoRleToCrop(rle), tight);
      expectSameCrop(cocoRleToCrop({ size: rle.size, counts: runs }), tight);
    }
  });
});
