import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeDicomFrame, readDicomInfo } from '../../src-main/imaging/dicom/index.js';
import { encodeJpeg2000, encodeJpegBaseline, encodeJpegLossless, encodeJpegLs, encodeRle } from '../helpers/dicomEncoders.js';
import { colourAttributes, greyAttributes, UID, writeDicom } from '../helpers/dicomFiles.js';

function values(n: number, lo: number, hi: number, seed = 1): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return lo + (s % (hi - lo + 1));
  });
}

/** A CT-like slice: smooth anatomy plus noise, so the codecs see realistic data. */
function ctSlice(rows: number, cols: number, seed: number): number[] {
  const noise = values(rows * cols, -40, 40, seed);
  return noise.map((n, i) => {
    const x = i % cols;
    const y = Math.floor(i / cols);
    const r = Math.hypot(x - cols / 2, y - rows / 2) / (Math.min(rows, cols) / 2);
    return Math.round(r < 0.8 ? 40 + 300 * Math.cos(x / 5) * Math.sin(y / 7) : -1000) + n;
  });
}


/** Signed HU as the 12-bit two's complement patterns a codec stores. */
const patterns12 = (hu: number[]) => Uint16Array.from(hu, (v) => v & 0xfff);

describe('RLE lossless', () => {
  it('decodes signed 16-bit CT exactly', async () => {
    const [rows, cols] = [20, 24];
    const hu = ctSlice(rows, cols, 3);
    const file = writeDicom({ transferSyntax: UID.rle, attributes: greyAttributes(rows, cols, { allocated: 16, stored: 16, signed: true }, { RescaleIntercept: 0, RescaleSlope: 1 }), pixels: { frames: [[encodeRle(hu, rows * cols, 1, 2)]] } });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(hu);
  });

  it('decodes 8-bit RGB from its three segments', async () => {
    const [rows, cols] = [6, 10];
    const rgb = values(rows * cols * 3, 0, 255, 7);
    const planes = [0, 1, 2].flatMap((c) => Array.from({ length: rows * cols }, (_, i) => rgb[i * 3 + c]!));
    const file = writeDicom({ transferSyntax: UID.rle, attributes: colourAttributes(rows, cols, 'RGB'), pixels: { frames: [[encodeRle(planes, rows * cols, 3, 1)]] } });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(rgb);
  });

  for (const offsetTable of [true, false]) {
    it(`finds each frame of a multi-frame file ${offsetTable ? 'by its Basic Offset Table' : 'with an empty offset table (one fragment per frame)'}`, async () => {
      const [rows, cols] = [8, 8];
      const frames = [0, 1, 2].map((f) => values(rows * cols, 0, 4095, 50 + f));
      const file = writeDicom({
        transferSyntax: UID.rle,
        attributes: greyAttributes(rows, cols, { allocated: 16, stored: 12, signed: false }, { NumberOfFrames: 3 }),
        pixels: { frames: frames.map((f) => [encodeRle(f, rows * cols, 1, 2)]), offsetTable },
      });
      for (let f = 0; f < 3; f++) expect(Array.from((await decodeDicomFrame(file, f)).data)).toEqual(frames[f]);
    });
  }
});

describe('JPEG-LS', () => {
  it('decodes signed 12-bit CT (lossless) exactly, with the Modality LUT applied', async () => {
    const [rows, cols] = [32, 40];
    const stored = ctSlice(rows, cols, 5).map((v) => Math.max(-2048, Math.min(2047, v)));
    const encoded = await encodeJpegLs(patterns12(stored), { width: cols, height: rows, bits: 12, components: 1 });
    const file = writeDicom({ transferSyntax: UID.jpegLsLossless, attributes: greyAttributes(rows, cols, { allocated: 16, stored: 12, signed: true }, { RescaleSlope: 2, RescaleIntercept: 10 }), pixels: { frames: [[encoded]] } });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(stored.map((v) => v * 2 + 10));
  });

  it('decodes unsigned 16-bit data exactly', async () => {
    const [rows, cols] = [16, 16];
    const stored = values(rows * cols, 0, 65535, 8);
    const encoded = await encodeJpegLs(Uint16Array.from(stored), { width: cols, height: rows, bits: 16, components: 1 });
    const file = writeDicom({ transferSyntax: UID.jpegLsLossless, attributes: greyAttributes(rows, cols, { allocated: 16, stored: 16, signed: false }, { Modality: 'MR' }), pixels: { frames: [[encoded]] } });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(stored);
  });

  for (const interleave of [0, 2] as const) {
    it(`decodes 8-bit RGB with interleave mode ${interleave}`, async () => {
      const [rows, cols] = [12, 14];
      const rgb = values(rows * cols * 3, 0, 255, 9);
      const input = interleave === 0 ? Uint8Array.from([0, 1, 2].flatMap((c) => Array.from({ length: rows * cols }, (_, i) => rgb[i * 3 + c]!))) : Uint8Array.from(rgb);
      const encoded = await encodeJpegLs(input, { width: cols, height: rows, bits: 8, components: 3 }, { interleave });
      const file = writeDicom({ transferSyntax: UID.jpegLsLossless, attributes: colourAttributes(rows, cols, 'RGB'), pixels: { frames: [[encoded]] } });
      expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(rgb);
    });
  }

  it('decodes near-lossless data within its NEAR bound', async () => {
    const [rows, cols] = [32, 32];
    const stored = ctSlice(rows, cols, 11).map((v) => Math.max(0, v + 1024));
    const encoded = await encodeJpegLs(Uint16Array.from(stored), { width: cols, height: rows, bits: 12, components: 1 }, { near: 3 });
    const file = writeDicom({ transferSyntax: UID.jpegLsNearLossless, attributes: greyAttributes(rows, cols, { allocated: 16, stored: 12, signed: false }), pixels: { frames: [[encoded]] } });
    const out = (await decodeDicomFrame(file, 0)).data;
    let changed = 0;
    out.forEach((v, i) => {
      expect(Math.abs(v - stored[i]!)).toBeLessThanOrEqual(3);
      if (v !== stored[i]) changed++;
    });
    expect(changed).toBeGreaterThan(0);
  });
});

describe('JPEG 2000', () => {
  for (const ts of [UID.jpeg2000Lossless, UID.jpeg2000]) {
    it(`decodes signed 16-bit CT exactly (${ts === UID.jpeg2000 ? '.91 holding a reversible codestream' : '.90'})`, async () => {
      const [rows, cols] = [32, 48];
      const hu = ctSlice(rows, cols, 13);
      const encoded = await encodeJpeg2000(Int16Array.from(hu), { width: cols, height: rows, bits: 16, components: 1, signed: true });
      const file = writeDicom({ transferSyntax: ts, attributes: greyAttributes(rows, cols, { allocated: 16, stored: 16, signed: true }, { RescaleIntercept: 0 }), pixels: { frames: [[encoded]] } });
      expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(hu);
    });
  }

  it('decodes unsigned 12-bit data exactly', async () => {
    const [rows, cols] = [24, 24];
    const stored = values(rows * cols, 0, 4095, 14);
    const encoded = await encodeJpeg2000(Uint16Array.from(stored), { width: cols, height: rows, bits: 12, components: 1 });
    const file = writeDicom({ transferSyntax: UID.jpeg2000Lossless, attributes: greyAttributes(rows, cols, { allocated: 16, stored: 12, signed: false }), pixels: { frames: [[encoded]] } });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(stored);
  });

  it('decodes RGB stored with the reversible colour transform (YBR_RCT) exactly', async () => {
    const [rows, cols] = [16, 16];
    const rgb = values(rows * cols * 3, 0, 255, 15);
    const encoded = await encodeJpeg2000(Uint8Array.from(rgb), { width: cols, height: rows, bits: 8, components: 3 }, { colorTransform: true });
    const file = writeDicom({ transferSyntax: UID.jpeg2000Lossless, attributes: colourAttributes(rows, cols, 'YBR_RCT'), pixels: { frames: [[encoded]] } });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(rgb);
  });
});

describe('JPEG lossless (process 14)', () => {
  for (const ts of [UID.jpegLosslessSV1, UID.jpegLossless]) {
    it(`decodes signed 16-bit CT exactly (${ts})`, async () => {
      const [rows, cols] = [20, 30];
      const hu = ctSlice(rows, cols, 17);
      const encoded = encodeJpegLossless(Uint16Array.from(hu, (v) => v & 0xffff), { width: cols, height: rows, bits: 16, components: 1 });
      const file = writeDicom({ transferSyntax: ts, attributes: greyAttributes(rows, cols, { allocated: 16, stored: 16, signed: true }, { RescaleIntercept: 0 }), pixels: { frames: [[encoded]] } });
      expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(hu);
    });
  }

  it('decodes unsigned 12-bit data exactly', async () => {
    const [rows, cols] = [16, 20];
    const stored = values(rows * cols, 0, 4095, 18);
    const encoded = encodeJpegLossless(stored, { width: cols, height: rows, bits: 12, components: 1 });
    const file = writeDicom({ transferSyntax: UID.jpegLosslessSV1, attributes: greyAttributes(rows, cols, { allocated: 16, stored: 12, signed: false }), pixels: { frames: [[encoded]] } });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(stored);
  });

  it('decodes 8-bit RGB exactly', async () => {
    const [rows, cols] = [10, 12];
    const rgb = values(rows * cols * 3, 0, 255, 19);
    const encoded = encodeJpegLossless(rgb, { width: cols, height: rows, bits: 8, components: 3 });
    const file = writeDicom({ transferSyntax: UID.jpegLosslessSV1, attributes: colourAttributes(rows, cols, 'RGB'), pixels: { frames: [[encoded]] } });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(rgb);
  });
});

describe('JPEG baseline and extended (8-bit)', () => {
  const [rows, cols] = [64, 80];

  /** The reference: libvips' own libjpeg-turbo decoding the same bitstream (grey as one band). */
  async function reference(jpeg: Uint8Array): Promise<number[]> {
    const { channels } = await sharp(jpeg).metadata();
    const img = channels === 1 ? sharp(jpeg).extractChannel(0) : sharp(jpeg);
    return Array.from(await img.raw().toBuffer());
  }

  it('decodes a grey 8-bit frame as libjpeg-turbo in sharp does, close to what was encoded', async () => {
    const grey = ctSlice(rows, cols, 21).map((v) => Math.max(0, Math.min(255, (v + 1000) >> 3)));
    const encoded = await encodeJpegBaseline(Uint8Array.from(grey), { width: cols, height: rows, bits: 8, components: 1 }, 100);
    const file = writeDicom({ transferSyntax: UID.jpegBaseline, attributes: greyAttributes(rows, cols, { allocated: 8, stored: 8, signed: false }, { Modality: 'XA' }), pixels: { frames: [[encoded]] } });
    const out = Array.from((await decodeDicomFrame(file, 0)).data);
    expect(out).toEqual(await reference(encoded));
    out.forEach((v, i) => expect(Math.abs(v - grey[i]!)).toBeLessThanOrEqual(3));
  });

  for (const [ts, photometric] of [[UID.jpegBaseline, 'YBR_FULL_422'], [UID.jpegBaseline, 'RGB'], [UID.jpegExtended, 'YBR_FULL']] as const) {
    it(`decodes colour (${ts}, ${photometric}) to RGB once, not converting twice`, async () => {
      const rgb = Array.from({ length: rows * cols }, (_, i) => [(i % cols) * 3, Math.floor(i / cols) * 4, 128]).flat();
      const encoded = await encodeJpegBaseline(Uint8Array.from(rgb), { width: cols, height: rows, bits: 8, components: 3 }, 100);
      const file = writeDicom({ transferSyntax: ts, attributes: colourAttributes(rows, cols, photometric), pixels: { frames: [[encoded]] } });
      const frame = await decodeDicomFrame(file, 0);
      expect(frame.channels).toBe(3);
      const out = Array.from(frame.data);
      expect(out).toEqual(await reference(encoded));
      out.forEach((v, i) => expect(Math.abs(v - rgb[i]!)).toBeLessThanOrEqual(4));
    });
  }

  it('joins a frame split over several fragments', async () => {
    const grey = values(rows * cols, 0, 255, 22);
    const encoded = await encodeJpegBaseline(Uint8Array.from(grey), { width: cols, height: rows, bits: 8, components: 1 }, 90);
    const cut = Math.floor(encoded.length / 3) & ~1;
    const frames = [[encoded.subarray(0, cut), encoded.subarray(cut)], [encoded]];
    const file = writeDicom({ transferSyntax: UID.jpegBaseline, attributes: greyAttributes(rows, cols, { allocated: 8, stored: 8, signed: false }, { NumberOfFrames: 2 }), pixels: { frames, offsetTable: true } });
    const expected = await reference(encoded);
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(expected);
    expect(Array.from((await decodeDicomFrame(file, 1)).data)).toEqual(expected);
  });

  it('finds the frames of a multi-frame file with no offset table and split fragments by their JPEG markers', async () => {
    const a = await encodeJpegBaseline(Uint8Array.from(values(rows * cols, 0, 255, 23)), { width: cols, height: rows, bits: 8, components: 1 }, 90);
    const b = await encodeJpegBaseline(Uint8Array.from(values(rows * cols, 0, 255, 24)), { width: cols, height: rows, bits: 8, components: 1 }, 90);
    const cut = Math.floor(a.length / 2) & ~1;
    const file = writeDicom({ transferSyntax: UID.jpegBaseline, attributes: greyAttributes(rows, cols, { allocated: 8, stored: 8, signed: false }, { NumberOfFrames: 2 }), pixels: { frames: [[a.subarray(0, cut), a.subarray(cut)], [b]], offsetTable: false } });
    expect(readDicomInfo(file).frames).toBe(2);
    expect(Array.from((await decodeDicomFrame(file, 1)).data)).toEqual(await reference(b));
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(await reference(a));
  });
});

describe('mislabelled JPEG-family files', () => {
  it('decodes by the bitstream: lossless JPEG under the baseline syntax, JPEG-LS under lossless JPEG', async () => {
    const [rows, cols] = [8, 10];
    const stored = values(rows * cols, 0, 4095, 61);
    const attrs = greyAttributes(rows, cols, { allocated: 16, stored: 12, signed: false });
    const lossless = writeDicom({ transferSyntax: UID.jpegBaseline, attributes: attrs, pixels: { frames: [[encodeJpegLossless(stored, { width: cols, height: rows, bits: 12, components: 1 })]] } });
    expect(Array.from((await decodeDicomFrame(lossless, 0)).data)).toEqual(stored);
    const jls = await encodeJpegLs(Uint16Array.from(stored), { width: cols, height: rows, bits: 12, components: 1 });
    const ls = writeDicom({ transferSyntax: UID.jpegLosslessSV1, attributes: attrs, pixels: { frames: [[jls]] } });
    expect(Array.from((await decodeDicomFrame(ls, 0)).data)).toEqual(stored);
  });
});
