import { describe, expect, it } from 'vitest';
import { decodeDicomFrame, isDicom, readDicomInfo } from '../../src-main/imaging/dicom/index.js';
import { colourAttributes, greyAttributes, u16Bytes, UID, writeDicom } from '../helpers/dicomFiles.js';

/** Deterministic pseudo-random integers in [lo, hi]. */
function values(n: number, lo: number, hi: number, seed = 1): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return lo + (s % (hi - lo + 1));
  });
}

const NATIVE = [
  ['implicit VR little endian', UID.implicitLE],
  ['explicit VR little endian', UID.explicitLE],
  ['explicit VR big endian', UID.explicitBE],
  ['deflated explicit VR little endian', UID.deflatedLE],
] as const;

describe('uncompressed DICOM', () => {
  it('is recognised by its DICM marker whatever its name', () => {
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: greyAttributes(1, 1, { allocated: 16, stored: 16, signed: false }), pixels: { native: u16Bytes([7]) } });
    expect(isDicom(file.subarray(0, 132))).toBe(true);
    expect(isDicom(new Uint8Array(132))).toBe(false);
    expect(isDicom(file.subarray(0, 100))).toBe(false);
  });

  for (const [name, ts] of NATIVE) {
    it(`decodes signed 16-bit CT in ${name} to Hounsfield units exactly`, async () => {
      const rows = 7;
      const cols = 9;
      const stored = values(rows * cols, -2000, 3000, 3);
      const file = writeDicom({
        transferSyntax: ts,
        attributes: greyAttributes(rows, cols, { allocated: 16, stored: 16, signed: true }, { RescaleSlope: 1, RescaleIntercept: -1024, RescaleType: 'HU' }),
        pixels: { native: u16Bytes(stored, ts === UID.explicitBE) },
      });
      const info = readDicomInfo(file);
      expect(info).toMatchObject({ rows, columns: cols, frames: 1, transferSyntax: ts, pixelRepresentation: 1, rescaleIntercept: -1024, rescaleType: 'HU' });
      const frame = await decodeDicomFrame(file, 0);
      expect(frame).toMatchObject({ width: cols, height: rows, channels: 1, invert: false });
      expect(Array.from(frame.data)).toEqual(stored.map((v) => v - 1024));
      expect(frame.min).toBe(Math.min(...stored) - 1024);
      expect(frame.max).toBe(Math.max(...stored) - 1024);
    });

    it(`decodes unsigned 8-bit in ${name}`, async () => {
      const stored = values(5 * 6, 0, 255, 5);
      const file = writeDicom({ transferSyntax: ts, attributes: greyAttributes(5, 6, { allocated: 8, stored: 8, signed: false }, { Modality: 'OT' }), pixels: { native: new Uint8Array(stored), vr: 'OB' } });
      const frame = await decodeDicomFrame(file, 0);
      expect(Array.from(frame.data)).toEqual(stored);
    });
  }

  it('reads 8-bit samples of a big-endian OW element in their swapped byte order', async () => {
    const stored = values(4 * 4, 0, 255, 9);
    const swapped = new Uint8Array(16);
    for (let i = 0; i < 16; i += 2) [swapped[i], swapped[i + 1]] = [stored[i + 1]!, stored[i]!];
    const file = writeDicom({ transferSyntax: UID.explicitBE, attributes: greyAttributes(4, 4, { allocated: 8, stored: 8, signed: false }), pixels: { native: swapped, vr: 'OW' } });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(stored);
  });

  it('masks the unused high bits of 12-bit data stored in 16 bits', async () => {
    const stored = values(20, 0, 4095, 11);
    // Bits 12..15 carry junk (old overlay planes): they are not part of the value.
    const withJunk = stored.map((v, i) => v | ((i % 16) << 12));
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: greyAttributes(4, 5, { allocated: 16, stored: 12, signed: false }), pixels: { native: u16Bytes(withJunk) } });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(stored);
  });

  it('sign-extends signed 12-bit data stored in 16 bits', async () => {
    const stored = values(20, -2048, 2047, 13);
    const file = writeDicom({ transferSyntax: UID.implicitLE, attributes: greyAttributes(4, 5, { allocated: 16, stored: 12, signed: true }), pixels: { native: u16Bytes(stored.map((v) => v & 0xfff)) } });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(stored);
  });

  it('applies a fractional rescale slope and intercept (Modality LUT)', async () => {
    const stored = [0, 1, 2, 100, 4095];
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: greyAttributes(1, 5, { allocated: 16, stored: 12, signed: false }, { RescaleSlope: 0.5, RescaleIntercept: -100 }), pixels: { native: u16Bytes(stored) } });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual([-100, -99.5, -99, -50, 1947.5]);
  });

  it('maps stored values through a Modality LUT Sequence where the file has one', async () => {
    const table = [100, 150, 400, 1000, 2500, 4000];
    const file = writeDicom({
      transferSyntax: UID.explicitLE,
      attributes: greyAttributes(1, 6, { allocated: 16, stored: 12, signed: false }, {
        Modality: 'XA',
        ModalityLUTSequence: [{ LUTDescriptor: [table.length, 10, 12], ModalityLUTType: 'OD', LUTData: u16Bytes(table).buffer }],
      }),
      pixels: { native: u16Bytes([0, 10, 11, 13, 15, 99]) },
    });
    const info = readDicomInfo(file);
    expect(info.modalityLut).toMatchObject({ firstMapped: 10, type: 'OD' });
    expect(info.rescaleType).toBe('OD');
    // Below the first mapped value → first entry; past the last → last entry.
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual([100, 100, 150, 1000, 4000, 4000]);
  });

  it('flags MONOCHROME1 for inversion without inverting the values', async () => {
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: greyAttributes(1, 3, { allocated: 16, stored: 16, signed: false }, { PhotometricInterpretation: 'MONOCHROME1', Modality: 'CR' }), pixels: { native: u16Bytes([0, 500, 1000]) } });
    const frame = await decodeDicomFrame(file, 0);
    expect(frame.invert).toBe(true);
    expect(Array.from(frame.data)).toEqual([0, 500, 1000]);
  });

  it('gives each frame of a multi-frame file by its index', async () => {
    const rows = 3;
    const cols = 4;
    const frames = [0, 1, 2, 3].map((f) => values(rows * cols, 0, 60000, 20 + f));
    for (const ts of [UID.explicitLE, UID.explicitBE]) {
      const file = writeDicom({ transferSyntax: ts, attributes: greyAttributes(rows, cols, { allocated: 16, stored: 16, signed: false }, { NumberOfFrames: 4 }), pixels: { native: u16Bytes(frames.flat(), ts === UID.explicitBE) } });
      expect(readDicomInfo(file).frames).toBe(4);
      for (let f = 0; f < 4; f++) expect(Array.from((await decodeDicomFrame(file, f)).data)).toEqual(frames[f]);
      await expect(decodeDicomFrame(file, 4)).rejects.toThrow('has no frame 5 (it has 4)');
    }
  });
});

describe('uncompressed colour DICOM', () => {
  const rows = 3;
  const cols = 4;
  const rgb = values(rows * cols * 3, 0, 255, 31);
  const colour = (photometric: string, extra: Record<string, unknown> = {}) => colourAttributes(rows, cols, photometric, extra);

  it('decodes RGB with interleaved samples (planar configuration 0)', async () => {
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: colour('RGB'), pixels: { native: new Uint8Array(rgb), vr: 'OB' } });
    const frame = await decodeDicomFrame(file, 0);
    expect(frame.channels).toBe(3);
    expect(Array.from(frame.data)).toEqual(rgb);
  });

  it('decodes RGB with one plane per colour (planar configuration 1)', async () => {
    const n = rows * cols;
    const planes = [0, 1, 2].flatMap((c) => Array.from({ length: n }, (_, i) => rgb[i * 3 + c]!));
    const file = writeDicom({ transferSyntax: UID.implicitLE, attributes: colour('RGB', { PlanarConfiguration: 1 }), pixels: { native: new Uint8Array(planes), vr: 'OB' } });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(rgb);
  });

  /** PS3.3 C.7.6.3.1.2: RGB → YCbCr full range (the file side). */
  const toYbr = (r: number, g: number, b: number): [number, number, number] => [
    Math.round(0.299 * r + 0.587 * g + 0.114 * b),
    Math.round(-0.1687 * r - 0.3313 * g + 0.5 * b + 128),
    Math.round(0.5 * r - 0.4187 * g - 0.0813 * b + 128),
  ].map((v) => Math.max(0, Math.min(255, v))) as [number, number, number];

  it('converts YBR_FULL back to the RGB it was made from (within the rounding of the transform)', async () => {
    const ybr = [];
    for (let i = 0; i < rows * cols; i++) ybr.push(...toYbr(rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!));
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: colour('YBR_FULL'), pixels: { native: new Uint8Array(ybr), vr: 'OB' } });
    const out = Array.from((await decodeDicomFrame(file, 0)).data);
    out.forEach((v, i) => expect(Math.abs(v - rgb[i]!)).toBeLessThanOrEqual(2));
  });

  it('gives grey exactly for YBR_FULL samples with neutral chroma', async () => {
    const ys = [0, 17, 128, 200, 255, 99];
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: { ...colour('YBR_FULL'), Rows: 1, Columns: 6 }, pixels: { native: new Uint8Array(ys.flatMap((y) => [y, 128, 128])), vr: 'OB' } });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(ys.flatMap((y) => [y, y, y]));
  });

  it('decodes YBR_FULL_422 (two luma samples share one chroma pair)', async () => {
    // Pixel pairs with equal colour, so 4:2:2 loses nothing.
    const pairRgb = values(rows * (cols / 2) * 3, 0, 255, 41);
    const expected: number[] = [];
    const packed: number[] = [];
    for (let p = 0; p < rows * (cols / 2); p++) {
      const c = pairRgb.slice(p * 3, p * 3 + 3) as [number, number, number];
      const [y, cb, cr] = toYbr(...c);
      packed.push(y, y, cb, cr);
      expected.push(...c, ...c);
    }
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: colour('YBR_FULL_422'), pixels: { native: new Uint8Array(packed), vr: 'OB' } });
    const out = Array.from((await decodeDicomFrame(file, 0)).data);
    expect(out).toHaveLength(expected.length);
    out.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(2));
  });

  it('maps PALETTE COLOR indices through the 16-bit lookup tables', async () => {
    const entries = 8;
    const first = 2;
    const red = Array.from({ length: entries }, (_, i) => i * 32 * 256);
    const green = Array.from({ length: entries }, (_, i) => (255 - i * 30) * 256);
    const blue = Array.from({ length: entries }, (_, i) => ((i * 77) % 256) * 256);
    const indices = [2, 3, 4, 5, 6, 7, 8, 9, 0, 12, 2, 5];
    const file = writeDicom({
      transferSyntax: UID.explicitLE,
      attributes: {
        ...colour('PALETTE COLOR'),
        SamplesPerPixel: 1,
        RedPaletteColorLookupTableDescriptor: [entries, first, 16],
        GreenPaletteColorLookupTableDescriptor: [entries, first, 16],
        BluePaletteColorLookupTableDescriptor: [entries, first, 16],
        RedPaletteColorLookupTableData: u16Bytes(red).buffer,
        GreenPaletteColorLookupTableData: u16Bytes(green).buffer,
        BluePaletteColorLookupTableData: u16Bytes(blue).buffer,
      },
      pixels: { native: new Uint8Array(indices), vr: 'OB' },
    });
    const out = Array.from((await decodeDicomFrame(file, 0)).data);
    // Below the first mapped value → entry 0; above the last → the last entry (PS3.3 C.7.6.3.1.5).
    const expected = indices.flatMap((v) => {
      const k = Math.max(0, Math.min(entries - 1, v - first));
      return [red[k]! >> 8, green[k]! >> 8, blue[k]! >> 8];
    });
    expect(out).toEqual(expected);
  });
});

describe('the header', () => {
  it('reads windows, spacing, series and patient fields', () => {
    const file = writeDicom({
      transferSyntax: UID.explicitLE,
      attributes: greyAttributes(2, 2, { allocated: 16, stored: 12, signed: false }, {
        WindowCenter: [40, -600],
        WindowWidth: [400, 1500],
        PixelSpacing: [0.5, 0.75],
        SeriesNumber: 3,
        InstanceNumber: 17,
        SeriesDescription: 'CHEST 1.0 B31f',
        PatientName: 'Doe^Jane',
        PatientID: 'P123',
        PatientBirthDate: '19700101',
      }),
      pixels: { native: u16Bytes([1, 2, 3, 4]) },
    });
    expect(readDicomInfo(file)).toMatchObject({
      windows: [{ center: 40, width: 400 }, { center: -600, width: 1500 }],
      pixelSpacing: [0.5, 0.75],
      spacingSource: 'PixelSpacing',
      modality: 'CT',
      seriesNumber: 3,
      instanceNumber: 17,
      seriesDescription: 'CHEST 1.0 B31f',
      sopClassUid: UID.ctImage,
      hasVoiLutSequence: false,
      patient: { name: 'Doe^Jane', id: 'P123', birthDate: '19700101' },
    });
  });

  it('reads an enhanced multi-frame file: spacing and window from the shared groups, each frame rescaled by its own', async () => {
    const rows = 2;
    const cols = 3;
    const stored = [0, 1, 2, 3, 4, 1000];
    const file = writeDicom({
      transferSyntax: UID.explicitLE,
      attributes: greyAttributes(rows, cols, { allocated: 16, stored: 12, signed: false }, {
        SOPClassUID: '1.2.840.10008.5.1.4.1.1.4.1', // Enhanced MR
        Modality: 'MR',
        NumberOfFrames: 2,
        SharedFunctionalGroupsSequence: [{ PixelMeasuresSequence: [{ PixelSpacing: [0.8, 0.9], SliceThickness: 3 }], FrameVOILUTSequence: [{ WindowCenter: 500, WindowWidth: 1000 }] }],
        PerFrameFunctionalGroupsSequence: [
          { PixelValueTransformationSequence: [{ RescaleIntercept: 0, RescaleSlope: 1, RescaleType: 'US' }] },
          { PixelValueTransformationSequence: [{ RescaleIntercept: -10, RescaleSlope: 2, RescaleType: 'US' }] },
        ],
      }),
      pixels: { native: u16Bytes([...stored, ...stored]) },
    });
    expect(readDicomInfo(file)).toMatchObject({ frames: 2, pixelSpacing: [0.8, 0.9], spacingSource: 'PixelSpacing', windows: [{ center: 500, width: 1000 }], rescaleSlope: 1, rescaleIntercept: 0, rescaleType: 'US' });
    expect(Array.from((await decodeDicomFrame(file, 0)).data)).toEqual(stored);
    expect(Array.from((await decodeDicomFrame(file, 1)).data)).toEqual(stored.map((v) => v * 2 - 10));
  });

  it('falls back to ImagerPixelSpacing and says so', () => {
    const file = writeDicom({ transferSyntax: UID.implicitLE, attributes: greyAttributes(2, 2, { allocated: 16, stored: 12, signed: false }, { Modality: 'DX', ImagerPixelSpacing: [0.143, 0.143] }), pixels: { native: u16Bytes([1, 2, 3, 4]) } });
    const info = readDicomInfo(file);
    expect(info.pixelSpacing).toEqual([0.143, 0.143]);
    expect(info.spacingSource).toBe('ImagerPixelSpacing');
    expect(info.windows).toEqual([]);
    expect(info.rescaleSlope).toBe(1);
    expect(info.rescaleIntercept).toBe(0);
  });

  it('reads the header from a prefix of the file that ends before the pixel data', () => {
    const stored = values(64 * 64, 0, 4095);
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: greyAttributes(64, 64, { allocated: 16, stored: 12, signed: false }), pixels: { native: u16Bytes(stored) } });
    const head = file.subarray(0, file.length - stored.length * 2);
    expect(readDicomInfo(head, { fileSize: file.length })).toMatchObject({ rows: 64, columns: 64 });
    expect(() => readDicomInfo(head)).toThrow('file is truncated');
  });

  it('decodes every frame of a deflated multi-frame file from the same bytes (parsed once), each exactly, in any order', async () => {
    const n = 32 * 32;
    const stored = values(n * 3, 0, 4095, 7);
    const file = writeDicom({ transferSyntax: UID.deflatedLE, attributes: greyAttributes(32, 32, { allocated: 16, stored: 12, signed: false }, { NumberOfFrames: 3 }), pixels: { native: u16Bytes(stored) } });
    for (const f of [2, 0, 1, 2]) {
      expect(readDicomInfo(file).frames).toBe(3);
      expect(Array.from((await decodeDicomFrame(file, f)).data)).toEqual(stored.slice(f * n, (f + 1) * n));
    }
  });

  it('reads the header of a deflated file from a prefix of it', () => {
    const stored = values(128 * 128, 0, 4095);
    const file = writeDicom({ transferSyntax: UID.deflatedLE, attributes: greyAttributes(128, 128, { allocated: 16, stored: 12, signed: false }, { SeriesNumber: 4 }), pixels: { native: u16Bytes(stored) } });
    const head = file.subarray(0, 2048);
    expect(readDicomInfo(head, { fileSize: file.length })).toMatchObject({ rows: 128, columns: 128, seriesNumber: 4 });
    expect(() => readDicomInfo(head)).toThrow('file is truncated (the pixel data ends early)');
  });
});
