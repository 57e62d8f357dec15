import { DicomError } from './DicomError.js';
import type { DicomInfo } from './info.js';
import { readJ2kSize, readJpegFrameHeader } from './jpegHeader.js';

/**
 * The compressed-pixel decoders: the Cornerstone WebAssembly builds of libjpeg-turbo, CharLS and
 * OpenJPEG, and jpeg-lossless-decoder-js. Each WebAssembly module is loaded once, on first use.
 * The packages stay external to the esbuild bundles and resolve from node_modules (packaged, from
 * the app's asar); each Emscripten module reads its .wasm beside its own file, so no path is passed. Every frame's
 * size is read from its own header and checked against the DICOM header before a decoder allocates.
 */

export interface DecodedSamples {
  data: Uint8Array | Uint16Array;
  /** Colour planes one after the other (JPEG-LS without interleaving). */
  planar: boolean;
  /** The decoder turned YCbCr into RGB itself (JPEG, JPEG 2000 with a colour transform). */
  rgb: boolean;
}

type Module<K extends string> = Record<K, new () => WasmDecoder>;
type Factory<K extends string> = (options: object) => Promise<Module<K>>;

/** The last message a codec wrote to stderr, to say why a decode failed. */
let lastCodecMessage = '';
// Emscripten builds each module on the options object it is given, so every load gets its own.
const quiet = () => ({ print: () => {}, printErr: (text: string) => (lastCodecMessage = text) });

/**
 * A package loaded on first use: require() in the CommonJS bundles (the CLI, Electron's main, where
 * import() of a package inside an asar is not dependable), import() when run as ES modules (tests).
 * Loading lazily keeps the ~50 ms of codec glue out of every CLI start.
 */
function lazy<T>(viaRequire: () => unknown, viaImport: () => Promise<unknown>): () => Promise<T> {
  return async () => {
    const m = (typeof require === 'function' ? viaRequire() : await viaImport()) as { default?: T } & T;
    return m.default ?? m;
  };
}

const loaded = new Map<string, Promise<unknown>>();
function load<K extends string>(name: string, factory: () => Promise<Factory<K>>): Promise<Module<K>> {
  let p = loaded.get(name) as Promise<Module<K>> | undefined;
  if (!p) {
    p = factory().then((f) => f(quiet()));
    // A failed load is not cached: the next decode tries again.
    p.catch(() => loaded.delete(name));
    loaded.set(name, p);
  }
  return p;
}

const charls = () =>
  load<'JpegLSDecoder'>('charls', lazy(() => require('@cornerstonejs/codec-charls/decodewasmjs'), () => import('@cornerstonejs/codec-charls/decodewasmjs')));
const libjpeg = () =>
  load<'JPEGDecoder'>('libjpeg', lazy(() => require('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs'), () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs')));
const openjpeg = () =>
  load<'J2KDecoder'>('openjpeg', lazy(() => require('@cornerstonejs/codec-openjpeg/decodewasmjs'), () => import('@cornerstonejs/codec-openjpeg/decodewasmjs')));
const losslessJpeg = lazy<typeof import('jpeg-lossless-decoder-js')>(() => require('jpeg-lossless-decoder-js'), () => import('jpeg-lossless-decoder-js'));

function checkSize(width: number, height: number, info: DicomInfo, what: string): void {
  if (width !== info.columns || height !== info.rows) {
    throw new DicomError(`file is damaged (its ${what} frame is ${width}×${height} but the header says ${info.columns}×${info.rows})`);
  }
}

/** Copies the decoder's output out of WebAssembly memory before the decoder is freed. */
function copyOut(decoded: Uint8Array, bits: number, count: number): Uint8Array | Uint16Array {
  if (bits <= 8) {
    if (decoded.length < count) throw new DicomError('file is damaged (a compressed frame decoded to too few pixels)');
    return new Uint8Array(decoded.subarray(0, count));
  }
  if (decoded.length < count * 2) throw new DicomError('file is damaged (a compressed frame decoded to too few pixels)');
  const out = new Uint16Array(count);
  new Uint8Array(out.buffer).set(decoded.subarray(0, count * 2));
  return out;
}

function runWasm(decoder: WasmDecoder, data: Uint8Array, name: string): { info: WasmFrameInfo; decoded: Uint8Array } {
  lastCodecMessage = '';
  try {
    decoder.getEncodedBuffer(data.length).set(data);
    decoder.decode();
    return { info: decoder.getFrameInfo(), decoded: decoder.getDecodedBuffer() };
  } catch (e) {
    if (e instanceof DicomError) throw e;
    const why = lastCodecMessage.replace(/^\[ERROR\]\s*/, '').trim() || (typeof e === 'number' ? `error ${e}` : String(e).slice(0, 100));
    throw new DicomError(`file is damaged (its ${name} data could not be decoded: ${why})`);
  }
}

/** JPEG baseline/extended 8-bit (and progressive, found in mislabelled files), through libjpeg-turbo. 12-bit is refused. */
export async function decodeJpeg(data: Uint8Array, info: DicomInfo): Promise<DecodedSamples> {
  const header = readJpegFrameHeader(data);
  if (!header) throw new DicomError('file is damaged (a JPEG frame has no frame header)');
  if (header.precision > 8) throw new DicomError(`compressed with ${header.precision}-bit JPEG extended, which Lightbox cannot decode`);
  if (header.marker < 0xc0 || header.marker > 0xc2) throw new DicomError('compressed with a JPEG process (hierarchical or arithmetic-coded), which Lightbox cannot decode');
  checkSize(header.width, header.height, info, 'JPEG');
  const m = await libjpeg();
  const decoder = new m.JPEGDecoder();
  try {
    const { info: fi, decoded } = runWasm(decoder, data, 'JPEG');
    checkSize(fi.width, fi.height, info, 'JPEG');
    return { data: copyOut(decoded, 8, fi.width * fi.height * fi.componentCount), planar: false, rgb: fi.componentCount === 3 };
  } finally {
    decoder.delete();
  }
}

/** JPEG-LS lossless and near-lossless, through CharLS. */
export async function decodeJpegLs(data: Uint8Array, info: DicomInfo): Promise<DecodedSamples> {
  const header = readJpegFrameHeader(data);
  if (!header || header.marker !== 0xf7) throw new DicomError('file is damaged (a JPEG-LS frame has no frame header)');
  checkSize(header.width, header.height, info, 'JPEG-LS');
  const m = await charls();
  const decoder = new m.JpegLSDecoder();
  try {
    const { info: fi, decoded } = runWasm(decoder, data, 'JPEG-LS');
    checkSize(fi.width, fi.height, info, 'JPEG-LS');
    const planar = fi.componentCount > 1 && decoder.getInterleaveMode?.() === 0;
    return { data: copyOut(decoded, fi.bitsPerSample, fi.width * fi.height * fi.componentCount), planar, rgb: false };
  } finally {
    decoder.delete();
  }
}

/** JPEG 2000 (Part 1, lossless or not), through OpenJPEG; the header is read before decoding. */
export async function decodeJpeg2000(data: Uint8Array, info: DicomInfo): Promise<DecodedSamples> {
  const size = readJ2kSize(data);
  if (!size) throw new DicomError('file is damaged (a JPEG 2000 frame has no image header)');
  checkSize(size.width, size.height, info, 'JPEG 2000');
  const m = await openjpeg();
  const decoder = new m.J2KDecoder();
  try {
    const { info: fi, decoded } = runWasm(decoder, data, 'JPEG 2000');
    checkSize(fi.width, fi.height, info, 'JPEG 2000');
    // OpenJPEG applies the codestream's own multi-component transform (YBR_RCT/YBR_ICT → RGB).
    const mct = info.photometric === 'YBR_RCT' || info.photometric === 'YBR_ICT';
    return { data: copyOut(decoded, fi.bitsPerSample, fi.width * fi.height * fi.componentCount), planar: false, rgb: mct };
  } finally {
    decoder.delete();
  }
}

/** JPEG lossless (process 14, and its selection value 1 form), through jpeg-lossless-decoder-js. */
export async function decodeJpegLossless(data: Uint8Array, info: DicomInfo): Promise<DecodedSamples> {
  const header = readJpegFrameHeader(data);
  if (!header || header.marker !== 0xc3) throw new DicomError('file is damaged (a lossless JPEG frame has no frame header)');
  checkSize(header.width, header.height, info, 'lossless JPEG');
  const { Decoder } = await losslessJpeg();
  try {
    const out = new Decoder().decode(data.buffer as ArrayBuffer, data.byteOffset, data.length, info.bitsAllocated <= 8 ? 1 : 2);
    const count = info.rows * info.columns * header.components;
    if (out.length < count) throw new DicomError('file is damaged (a lossless JPEG frame decoded to too few pixels)');
    return { data: out, planar: false, rgb: false };
  } catch (e) {
    if (e instanceof DicomError) throw e;
    throw new DicomError(`file is damaged (its lossless JPEG data could not be decoded: ${String(e instanceof Error ? e.message : e).slice(0, 100)})`);
  }
}
