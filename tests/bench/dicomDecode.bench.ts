import { expect, it } from 'vitest';
import { applyWindow, decodeDicomFrame, histogramWindow, readDicomInfo } from '../../src-main/imaging/dicom/index.js';
import { encodeJpeg2000, encodeJpegBaseline, encodeJpegLossless, encodeJpegLs, encodeRle } from '../helpers/dicomEncoders.js';
import { greyAttributes, u16Bytes, UID, writeDicom } from '../helpers/dicomFiles.js';

/**
 * Decode time per 512×512 CT frame (issue 10's figure) in each transfer syntax Lightbox reads:
 * header parse + decode + Modality LUT into Float32 HU. Also the pure window/level work a display
 * does per frame: applyWindow on 512×512 and 4096×4096 (the issue's 16 ms drag budget is for the
 * latter), and the histogram window for an image without one.
 */

const N = 512;

function ctSlice(): number[] {
  let s = 7;
  const out: number[] = [];
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const r = Math.hypot(x - N / 2, y - N / 2) / (N / 2);
      const body = r < 0.85 ? 40 + 250 * Math.cos(x / 23) * Math.sin(y / 31) + (r < 0.3 ? 600 : 0) : -1000;
      out.push(Math.round(body + ((s >>> 8) % 41) - 20) + 0); // + 0: no -0
    }
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => Promise<unknown> | unknown, runs = 15): Promise<number> {
  await fn(); // warm up (loads the codec)
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    await fn();
    t.push(performance.now() - a);
  }
  return median(t);
}

it('DICOM decode per 512×512 CT frame, by transfer syntax', async () => {
  const hu = ctSlice();
  const patterns = Uint16Array.from(hu, (v) => v & 0xffff);
  const attrs = greyAttributes(N, N, { allocated: 16, stored: 16, signed: true }, { RescaleIntercept: 0, WindowCenter: 40, WindowWidth: 400 });
  const spec = { width: N, height: N, bits: 16, components: 1 as const, signed: true };
  const grey8 = Uint8Array.from(hu, (v) => Math.max(0, Math.min(255, (v + 1000) >> 3)));
  const files: [string, Uint8Array, boolean][] = [
    ['explicit VR little endian', writeDicom({ transferSyntax: UID.explicitLE, attributes: attrs, pixels: { native: u16Bytes(patterns) } }), true],
    ['implicit VR little endian', writeDicom({ transferSyntax: UID.implicitLE, attributes: attrs, pixels: { native: u16Bytes(patterns) } }), true],
    ['explicit VR big endian', writeDicom({ transferSyntax: UID.explicitBE, attributes: attrs, pixels: { native: u16Bytes(patterns, true) } }), true],
    ['deflated explicit LE', writeDicom({ transferSyntax: UID.deflatedLE, attributes: attrs, pixels: { native: u16Bytes(patterns) } }), true],
    ['RLE lossless', writeDicom({ transferSyntax: UID.rle, attributes: attrs, pixels: { frames: [[encodeRle(patterns, N * N, 1, 2)]] } }), true],
    ['JPEG-LS lossless', writeDicom({ transferSyntax: UID.jpegLsLossless, attributes: attrs, pixels: { frames: [[await encodeJpegLs(patterns, { ...spec, signed: false })]] } }), true],
    ['JPEG 2000 lossless', writeDicom({ transferSyntax: UID.jpeg2000Lossless, attributes: attrs, pixels: { frames: [[await encodeJpeg2000(Int16Array.from(hu), spec)]] } }), true],
    ['JPEG lossless SV1', writeDicom({ transferSyntax: UID.jpegLosslessSV1, attributes: attrs, pixels: { frames: [[encodeJpegLossless(patterns, spec)]] } }), true],
    [
      'JPEG baseline (8-bit)',
      writeDicom({ transferSyntax: UID.jpegBaseline, attributes: greyAttributes(N, N, { allocated: 8, stored: 8, signed: false }), pixels: { frames: [[await encodeJpegBaseline(grey8, { width: N, height: N, bits: 8, components: 1 }, 90)]] } }),
      false,
    ],
  ];
  const lines: string[] = [];
  for (const [name, file, lossless] of files) {
    const frame = await decodeDicomFrame(file, 0);
    if (lossless) expect(Array.from(frame.data), name).toEqual(hu);
    const headerMs = await time(() => readDicomInfo(file));
    const decodeMs = await time(() => decodeDicomFrame(file, 0));
    lines.push(`  ${name.padEnd(28)} ${decodeMs.toFixed(2).padStart(7)} ms/frame  (header ${headerMs.toFixed(3)} ms, file ${(file.length / 1024).toFixed(0)} KB)`);
  }
  console.log(`[bench] DICOM decode, 512×512 CT, median of 15:\n${lines.join('\n')}`);
});

it('window/level and histogram window on modality values', async () => {
  for (const size of [512, 4096]) {
    const values = new Float32Array(size * size);
    for (let i = 0; i < values.length; i++) values[i] = ((i * 2654435761) >>> 20) - 1024;
    const windowMs = await time(() => applyWindow({ data: values }, 40, 400), 9);
    const histMs = await time(() => histogramWindow(values), 5);
    console.log(`[bench] ${size}×${size} Float32: applyWindow ${windowMs.toFixed(1)} ms (budget for a drag frame at 4096²: 16 ms), histogramWindow ${histMs.toFixed(1)} ms`);
  }
});
