import { describe, expect, it } from 'vitest';
import { DicomError, decodeDicomFrame, readDicomInfo } from '../../src-main/imaging/dicom/index.js';
import { encodeJpeg2000, encodeJpegBaseline, encodeJpegLossless, encodeJpegLs, encodeRle } from '../helpers/dicomEncoders.js';
import { greyAttributes, u16Bytes, UID, writeDicom } from '../helpers/dicomFiles.js';

/**
 * Damaged files of every syntax: bytes flipped, runs zeroed, the file cut at random places.
 * Whatever the damage, the result is a frame or a DicomError with a reason, never another
 * exception (a TypeError or RangeError would show as an internal error, not an unreadable file).
 */

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(file: Uint8Array, r: () => number): Uint8Array {
  const out = file.slice();
  const kind = Math.floor(r() * 4);
  if (kind === 0) {
    for (let k = 0; k < 1 + Math.floor(r() * 8); k++) out[Math.floor(r() * out.length)] = Math.floor(r() * 256);
  } else if (kind === 1) {
    const at = Math.floor(r() * out.length);
    out.fill(r() < 0.5 ? 0 : 0xff, at, at + 1 + Math.floor(r() * 64));
  } else if (kind === 2) {
    return out.subarray(0, 132 + Math.floor(r() * (out.length - 132)));
  } else {
    // Damage the header region, where lengths and tags live.
    const end = Math.min(out.length, 700);
    for (let k = 0; k < 4; k++) out[132 + Math.floor(r() * (end - 132))] = Math.floor(r() * 256);
  }
  return out;
}

describe('damaged DICOM files', () => {
  it('give a frame or a DicomError, never another exception', async () => {
    const [rows, cols] = [64, 64];
    const ct = Array.from({ length: rows * cols }, (_, i) => Math.round(300 * Math.sin(i / 50)) + 0);
    const patterns = Uint16Array.from(ct, (v) => v & 0xffff);
    const attrs = greyAttributes(rows, cols, { allocated: 16, stored: 16, signed: true }, { NumberOfFrames: 2, WindowCenter: 40, WindowWidth: 400 });
    const spec = { width: cols, height: rows, bits: 16, components: 1 as const, signed: true };
    const grey = Uint8Array.from(ct, (v) => (v + 300) >> 2);
    const twice = <T>(x: T) => [[x], [x]];
    const files = [
      writeDicom({ transferSyntax: UID.explicitLE, attributes: attrs, pixels: { native: u16Bytes([...patterns, ...patterns]) } }),
      writeDicom({ transferSyntax: UID.implicitLE, attributes: attrs, pixels: { native: u16Bytes([...patterns, ...patterns]) } }),
      writeDicom({ transferSyntax: UID.explicitBE, attributes: attrs, pixels: { native: u16Bytes([...patterns, ...patterns], true) } }),
      writeDicom({ transferSyntax: UID.deflatedLE, attributes: attrs, pixels: { native: u16Bytes([...patterns, ...patterns]) } }),
      writeDicom({ transferSyntax: UID.rle, attributes: attrs, pixels: { frames: twice(encodeRle(patterns, rows * cols, 1, 2)), offsetTable: true } }),
      writeDicom({ transferSyntax: UID.jpegLsLossless, attributes: attrs, pixels: { frames: twice(await encodeJpegLs(patterns, { ...spec, signed: false })) } }),
      writeDicom({ transferSyntax: UID.jpeg2000Lossless, attributes: attrs, pixels: { frames: twice(await encodeJpeg2000(Int16Array.from(ct), spec)), offsetTable: true } }),
      writeDicom({ transferSyntax: UID.jpegLosslessSV1, attributes: attrs, pixels: { frames: twice(encodeJpegLossless(patterns, spec)) } }),
      writeDicom({ transferSyntax: UID.jpegBaseline, attributes: { ...attrs, BitsAllocated: 8, BitsStored: 8, HighBit: 7, PixelRepresentation: 0 }, pixels: { frames: twice(await encodeJpegBaseline(grey, { width: cols, height: rows, bits: 8, components: 1 }, 90)) } }),
    ];
    const r = rng(Number(process.env.FUZZ_SEED ?? 12345));
    const unexpected: string[] = [];
    let refusedCount = 0;
    const attempt = async (label: string, op: () => unknown) => {
      try {
        await op();
      } catch (e) {
        if (e instanceof DicomError) refusedCount++;
        else unexpected.push(`${label}: ${String(e).slice(0, 200)}`);
      }
    };
    // Header reads are cheap: many rounds. Decodes run the codecs: fewer.
    for (let round = 0; round < 400; round++) {
      for (const [f, file] of files.entries()) {
        const bad = mutate(file, r);
        await attempt(`file ${f} round ${round} header`, () => readDicomInfo(bad));
        if (round % 8 === 0) {
          await attempt(`file ${f} round ${round} frame 1`, () => decodeDicomFrame(bad, 0));
          await attempt(`file ${f} round ${round} frame 2`, () => decodeDicomFrame(bad, 1));
        }
      }
    }
    expect(unexpected).toEqual([]);
    expect(refusedCount).toBeGreaterThan(100);
  });
});
