import { describe, expect, it } from 'vitest';
import { applyVoiLut, applyWindow, decodeDicomFrame, histogramWindow, readDicomInfo } from '../../src-main/imaging/dicom/index.js';
import { greyAttributes, u16Bytes, UID, writeDicom } from '../helpers/dicomFiles.js';

/** DICOM PS3.3 C.11.2.1.2.1, written out as the standard states it, for ymin 0 and ymax 255. */
function standardLinear(x: number, c: number, w: number): number {
  if (x <= c - 0.5 - (w - 1) / 2) return 0;
  if (x > c - 0.5 + (w - 1) / 2) return 255;
  return Math.round(((x - (c - 0.5)) / (w - 1) + 0.5) * (255 - 0) + 0);
}

describe('applyWindow (linear VOI, PS3.3 C.11.2.1.2.1)', () => {
  const windows = [
    { center: 40, width: 400 }, // CT soft tissue
    { center: -600, width: 1500 }, // CT lung
    { center: 400, width: 1800 }, // CT bone
    { center: 40, width: 80 }, // CT brain
    { center: 2047.5, width: 4096 }, // a 12-bit image, full range
    { center: 10.25, width: 2 }, // narrowest ramp
    { center: 0, width: 1 }, // a threshold
  ];
  const xs = Float32Array.from({ length: 8001 }, (_, i) => -4000 + i * 1.25);

  for (const { center, width } of windows) {
    it(`gives the formula's value for every input with C=${center}, W=${width}`, () => {
      const out = applyWindow({ data: xs }, center, width);
      xs.forEach((x, i) => expect(out[i]).toBe(standardLinear(x, center, width)));
    });
  }

  it('maps the window edges as the standard does (at the lower edge black, just past the upper edge white)', () => {
    const c = 40;
    const w = 400;
    const out = applyWindow({ data: [c - 0.5 - (w - 1) / 2, c - 0.5 - (w - 1) / 2 + 0.25, c - 0.5, c - 0.5 + (w - 1) / 2, c - 0.5 + (w - 1) / 2 + 0.25] }, c, w);
    expect(Array.from(out)).toEqual([0, 0, 128, 255, 255]);
  });

  it('inverts MONOCHROME1 after windowing', () => {
    const data = Float32Array.from([-1000, -160, 0, 40, 100, 239, 1000]);
    const plain = applyWindow({ data }, 40, 400);
    const inverted = applyWindow({ data, invert: true }, 40, 400);
    expect(Array.from(inverted)).toEqual(Array.from(plain, (v) => 255 - v));
    expect(inverted[0]).toBe(255);
    expect(inverted[6]).toBe(0);
  });

  it('windows a decoded CT in Hounsfield units with the window from its file', async () => {
    const stored = [0, 824, 964, 1064, 1164, 3000];
    const file = writeDicom({ transferSyntax: UID.explicitLE, attributes: greyAttributes(1, 6, { allocated: 16, stored: 12, signed: false }, { RescaleIntercept: -1024, WindowCenter: 40, WindowWidth: 400 }), pixels: { native: u16Bytes(stored) } });
    const frame = await decodeDicomFrame(file, 0);
    const out = applyWindow(frame, 40, 400);
    expect(Array.from(out)).toEqual(stored.map((v) => standardLinear(v - 1024, 40, 400)));
    expect(Array.from(out)).toEqual([0, 0, 64, 128, 192, 255]);
  });

  it('leaves RGB frames as they are', () => {
    const rgb = Uint8Array.from([1, 2, 3, 250, 251, 252]);
    expect(Array.from(applyWindow({ data: rgb, channels: 3 }, 40, 400))).toEqual(Array.from(rgb));
  });
});

describe('histogramWindow (0.5–99.5 %)', () => {
  /** Percentiles by sorting, the slow obvious way. */
  function bySorting(values: number[]): { lo: number; hi: number } {
    const sorted = [...values].sort((a, b) => a - b);
    const n = sorted.length;
    return { lo: sorted[Math.floor(0.005 * (n - 1))]!, hi: sorted[Math.ceil(0.995 * (n - 1))]! };
  }

  it('spans the 0.5th to 99.5th percentile of a uniform distribution', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => i % 1000);
    const { lo, hi } = bySorting(values);
    expect([lo, hi]).toEqual([4, 995]);
    expect(histogramWindow(Float32Array.from(values))).toEqual({ center: (lo + hi) / 2, width: hi - lo });
  });

  it('ignores a few extreme pixels (air outside a scan, a metal implant)', () => {
    // 99.2 % of an MR's values between 100 and 200, 0.4 % at each extreme.
    const values: number[] = [];
    for (let i = 0; i < 9920; i++) values.push(100 + (i % 101));
    for (let i = 0; i < 40; i++) values.push(0, 30000);
    expect(histogramWindow(Float32Array.from(values))).toEqual({ center: 150, width: 100 });
  });

  it('bins fractional values to within one step of the exact percentiles', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => Math.sin(i) * 1000.5 + 0.25);
    const { lo, hi } = bySorting(values);
    const step = (Math.max(...values) - Math.min(...values)) / 65535;
    const w = histogramWindow(values);
    expect(Math.abs(w.center - w.width / 2 - lo)).toBeLessThanOrEqual(step);
    expect(Math.abs(w.center + w.width / 2 - hi)).toBeLessThanOrEqual(step);
  });

  it('gives a usable window for a flat image and skips NaN', () => {
    expect(histogramWindow(new Float32Array(100).fill(7))).toEqual({ center: 7, width: 1 });
    expect(histogramWindow([NaN, 5, 5, NaN])).toEqual({ center: 5, width: 1 });
    expect(histogramWindow([])).toEqual({ center: 0, width: 1 });
  });

  it('makes a 12-bit image in a 16-bit PNG visible (not nearly black)', () => {
    // What issue 10 saw: CT values 0..4095 in 16 bits; a 0..65535 ramp makes them all dark.
    const values = Float32Array.from({ length: 4096 * 4 }, (_, i) => i % 4096);
    const { center, width } = histogramWindow(values);
    const out = applyWindow({ data: values }, center, width);
    const mean = out.reduce((a, b) => a + b, 0) / out.length;
    expect(mean).toBeGreaterThan(100);
    expect(mean).toBeLessThan(155);
  });
});

describe('the other VOI functions and the VOI LUT Sequence', () => {
  const xs = Float32Array.from({ length: 4001 }, (_, i) => -2000 + i * 1.1);

  it('LINEAR_EXACT follows PS3.3 C.11.2.1.3.2', () => {
    const exact = (x: number, c: number, w: number) => (x <= c - w / 2 ? 0 : x > c + w / 2 ? 255 : Math.round(((x - c) / w + 0.5) * 255));
    for (const [c, w] of [[40, 400], [0.5, 0.5], [-600, 1500]] as const) {
      const out = applyWindow({ data: xs }, c, w, 'LINEAR_EXACT');
      xs.forEach((x, i) => expect(out[i]).toBe(exact(x, c, w)));
    }
  });

  it('SIGMOID follows PS3.3 C.11.2.1.3.1', () => {
    const sigmoid = (x: number, c: number, w: number) => Math.round(255 / (1 + Math.exp((-4 * (x - c)) / w)));
    const out = applyWindow({ data: xs, invert: true }, 40, 400, 'SIGMOID');
    xs.forEach((x, i) => expect(out[i]).toBe(255 - sigmoid(x, 40, 400)));
  });

  it('reads the VOI LUT Sequence and the VOI LUT function from the file, and applies the LUT', async () => {
    const entries = 16;
    const lut = Array.from({ length: entries }, (_, k) => k * 273); // 12-bit ramp 0..4095
    const file = writeDicom({
      transferSyntax: UID.explicitLE,
      attributes: greyAttributes(1, 6, { allocated: 16, stored: 16, signed: true }, {
        RescaleIntercept: 0,
        VOILUTFunction: 'SIGMOID',
        VOILUTSequence: [{ LUTDescriptor: [entries, -5 & 0xffff, 12], LUTExplanation: 'RAMP', LUTData: u16Bytes(lut).buffer }],
      }),
      pixels: { native: u16Bytes([-100, -5, -4, 0, 10, 500]) },
    });
    const info = readDicomInfo(file);
    expect(info.hasVoiLutSequence).toBe(true);
    expect(info.voiLutFunction).toBe('SIGMOID');
    expect(info.voiLut).toMatchObject({ firstMapped: -5, bits: 12, explanation: 'RAMP' });
    expect(Array.from(info.voiLut!.data)).toEqual(lut);
    const frame = await decodeDicomFrame(file, 0);
    const grey = (k: number) => Math.round((lut[k]! / 4095) * 255);
    // Below the first mapped value → first entry; past the last → last entry.
    expect(Array.from(applyVoiLut(frame, info.voiLut!))).toEqual([grey(0), grey(0), grey(1), grey(5), grey(15), grey(15)]);
  });
});
