import charlsFactory from '@cornerstonejs/codec-charls/wasmjs';
import libjpegFactory from '@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs';
import openjpegFactory from '@cornerstonejs/codec-openjpeg/wasmjs';
import { concat } from './dicomFiles.js';

/**
 * Encoders for the compressed transfer syntaxes, to make test files: the Cornerstone codecs'
 * own encoders (their full builds; the app loads the decode-only ones), a PackBits writer for
 * RLE, and a minimal lossless JPEG writer, since no package encodes process 14.
 */

// Emscripten builds the module ON the options object it is given: each needs its own.
const quiet = () => ({ print: () => {}, printErr: () => {} });

const charls = charlsFactory(quiet());
const libjpeg = libjpegFactory(quiet());
const openjpeg = openjpegFactory(quiet());
type Raw = Uint8Array | Uint16Array | Int16Array;

function bytesOf(px: Raw): Uint8Array {
  return new Uint8Array(px.buffer, px.byteOffset, px.byteLength);
}

function runEncoder(enc: WasmEncoder, frameInfo: WasmFrameInfo, px: Raw): Uint8Array {
  try {
    const buf = enc.getDecodedBuffer(frameInfo);
    buf.set(bytesOf(px));
    enc.encode();
    return enc.getEncodedBuffer().slice();
  } finally {
    enc.delete();
  }
}

export interface EncodeSpec {
  width: number;
  height: number;
  bits: number;
  components: 1 | 3;
  signed?: boolean;
}

/** JPEG-LS; `interleave` 0 none (planes), 2 sample; `near` > 0 is near-lossless. */
export async function encodeJpegLs(px: Raw, s: EncodeSpec, opts: { near?: number; interleave?: 0 | 1 | 2 } = {}): Promise<Uint8Array> {
  const m = await charls;
  const enc = new m.JpegLSEncoder();
  enc.setNearLossless!(opts.near ?? 0);
  if (s.components === 3) enc.setInterleaveMode!(opts.interleave ?? 0);
  return runEncoder(enc, { width: s.width, height: s.height, bitsPerSample: s.bits, componentCount: s.components, isSigned: s.signed ?? false }, px);
}

/** JPEG 2000, reversible (lossless); colour with the reversible colour transform when `colorTransform`. */
export async function encodeJpeg2000(px: Raw, s: EncodeSpec, opts: { colorTransform?: boolean } = {}): Promise<Uint8Array> {
  const m = await openjpeg;
  const enc = new m.J2KEncoder();
  enc.setDecompositions!(Math.max(1, Math.min(5, Math.floor(Math.log2(Math.min(s.width, s.height))) - 2)));
  return runEncoder(enc, { width: s.width, height: s.height, bitsPerSample: s.bits, componentCount: s.components, isSigned: s.signed ?? false, isUsingColorTransform: opts.colorTransform ?? false }, px);
}

/**
 * Baseline JPEG (SOF0, sequential), 4:4:4. The wasm encoder's output buffer is only about the raw
 * image's size, so small noisy images at high quality overflow it: keep test images compressible.
 */
export async function encodeJpegBaseline(px: Uint8Array, s: EncodeSpec, quality = 95): Promise<Uint8Array> {
  const m = await libjpeg;
  const enc = new m.JPEGEncoder();
  enc.setProgressive!(0);
  (enc.setQuality as (q: number) => void)(quality);
  enc.setSubSampling!(0);
  return runEncoder(enc, { width: s.width, height: s.height, bitsPerSample: 8, componentCount: s.components, isSigned: false }, px);
}

/**
 * RLE Lossless (PS3.5 Annex G): one PackBits segment per byte plane, most significant byte of
 * each sample first; `samples` are planar (all of sample 0, then sample 1, ...).
 */
export function encodeRle(samples: ArrayLike<number>, pixels: number, components: number, bytesPerSample: 1 | 2): Uint8Array {
  const segments: Uint8Array[] = [];
  for (let c = 0; c < components; c++) {
    for (let b = bytesPerSample - 1; b >= 0; b--) {
      const plane = new Uint8Array(pixels);
      for (let i = 0; i < pixels; i++) plane[i] = (samples[c * pixels + i]! >>> (8 * b)) & 0xff;
      segments.push(packBits(plane));
    }
  }
  const header = new Uint8Array(64);
  const dv = new DataView(header.buffer);
  dv.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((seg, i) => {
    dv.setUint32(4 + i * 4, offset, true);
    offset += seg.length;
  });
  return concat([header, ...segments]);
}

function packBits(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < src.length) {
    let run = 1;
    while (i + run < src.length && run < 128 && src[i + run] === src[i]) run++;
    if (run >= 3) {
      out.push(257 - run, src[i]!);
      i += run;
      continue;
    }
    let lit = 0;
    while (i + lit < src.length && lit < 128 && !(i + lit + 2 < src.length && src[i + lit] === src[i + lit + 1] && src[i + lit] === src[i + lit + 2])) lit++;
    out.push(lit - 1, ...src.subarray(i, i + lit));
    i += lit;
  }
  if (out.length % 2) out.push(128); // even length; 128 is a no-op
  return new Uint8Array(out);
}

/**
 * Lossless JPEG (ITU T.81 Annex H, process 14), selection value 1 (predictor Ra), point transform 0,
 * one Huffman table whose 17 difference categories all get 5-bit codes. Components interleaved.
 */
export function encodeJpegLossless(px: ArrayLike<number>, s: EncodeSpec): Uint8Array {
  const { width, height, bits: precision } = s;
  const nc = s.components;
  const bytes: number[] = [0xff, 0xd8];
  const segment = (marker: number, body: number[]) => bytes.push(0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body);
  const comps = Array.from({ length: nc }, (_, c) => c + 1);
  segment(0xc3, [precision, height >> 8, height & 0xff, width >> 8, width & 0xff, nc, ...comps.flatMap((id) => [id, 0x11, 0])]);
  const counts = new Array(16).fill(0);
  counts[4] = 17; // code length 5
  segment(0xc4, [0x00, ...counts, ...Array.from({ length: 17 }, (_, k) => k)]);
  segment(0xda, [nc, ...comps.flatMap((id) => [id, 0x00]), 1, 0, 0]);

  let acc = 0;
  let nbits = 0;
  const put = (value: number, n: number) => {
    for (let k = n - 1; k >= 0; k--) {
      acc = (acc << 1) | ((value >>> k) & 1);
      if (++nbits === 8) {
        bytes.push(acc);
        if (acc === 0xff) bytes.push(0x00);
        acc = 0;
        nbits = 0;
      }
    }
  };
  const at = (x: number, y: number, c: number) => px[(y * width + x) * nc + c]!;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < nc; c++) {
        const pred = x === 0 && y === 0 ? 1 << (precision - 1) : y === 0 ? at(x - 1, y, c) : x === 0 ? at(x, y - 1, c) : at(x - 1, y, c);
        let diff = (at(x, y, c) - pred) & 0xffff;
        if (diff > 32768) diff -= 65536;
        const ssss = diff === 0 ? 0 : diff === 32768 ? 16 : 32 - Math.clz32(Math.abs(diff));
        put(ssss, 5); // canonical 5-bit code of category k is k
        if (ssss > 0 && ssss < 16) put(diff > 0 ? diff : diff + (1 << ssss) - 1, ssss);
      }
    }
  }
  if (nbits > 0) put(0xff, 8 - nbits);
  bytes.push(0xff, 0xd9);
  return new Uint8Array(bytes);
}

