/**
 * The Cornerstone codecs ship Emscripten factories without types. Each `*wasmjs` entry is a factory
 * that resolves to a module holding the embind classes; the `.wasm` sits beside it and is read from
 * disk in Node (scriptDirectory = __dirname of the package file), so no path needs passing.
 */
interface WasmFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
  isUsingColorTransform?: boolean;
}

interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  readHeader?(): void;
  getFrameInfo(): WasmFrameInfo;
  getInterleaveMode?(): number;
  getColorSpace?(): number;
  delete(): void;
}

interface WasmEncoder {
  getDecodedBuffer(frameInfo: WasmFrameInfo): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  encode(): void;
  delete(): void;
  setNearLossless?(near: number): void;
  setInterleaveMode?(mode: number): void;
  setProgressive?(progressive: number): void;
  setQuality?(quality: number): void;
  setSubSampling?(subSampling: number): void;
  setDecompositions?(levels: number): void;
  setQuality?(lossless: boolean, quality: number): void;
}

interface EmscriptenOptions {
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

type CodecFactory<M> = (options?: EmscriptenOptions) => Promise<M>;

declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: CodecFactory<{ JpegLSDecoder: new () => WasmDecoder }>;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/wasmjs' {
  const factory: CodecFactory<{ JpegLSDecoder: new () => WasmDecoder; JpegLSEncoder: new () => WasmEncoder }>;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: CodecFactory<{ JPEGDecoder: new () => WasmDecoder }>;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs' {
  const factory: CodecFactory<{ JPEGDecoder: new () => WasmDecoder; JPEGEncoder: new () => WasmEncoder }>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: CodecFactory<{ J2KDecoder: new () => WasmDecoder }>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/wasmjs' {
  const factory: CodecFactory<{ J2KDecoder: new () => WasmDecoder; J2KEncoder: new () => WasmEncoder }>;
  export default factory;
}

declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    /** Decodes a lossless JPEG (SOF3); numBytes 1 gives a Uint8Array, 2 a Uint16Array, samples interleaved. */
    decode(buffer: ArrayBuffer, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array;
    numComp: number;
  }
}
