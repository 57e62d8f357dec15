/** Transfer syntaxes (DICOM PS3.5 §10, PS3.6 Annex A): how the data set and its pixels are encoded. */

export const TS = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  encapsulatedUncompressedLE: '1.2.840.10008.1.2.1.98',
  deflatedLE: '1.2.840.10008.1.2.1.99',
  explicitBE: '1.2.840.10008.1.2.2',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegExtended: '1.2.840.10008.1.2.4.51',
  jpegLossless: '1.2.840.10008.1.2.4.57',
  jpegLosslessSV1: '1.2.840.10008.1.2.4.70',
  jpegLsLossless: '1.2.840.10008.1.2.4.80',
  jpegLsNearLossless: '1.2.840.10008.1.2.4.81',
  jpeg2000Lossless: '1.2.840.10008.1.2.4.90',
  jpeg2000: '1.2.840.10008.1.2.4.91',
  rle: '1.2.840.10008.1.2.5',
} as const;

/** How the pixels of a syntax are decoded. */
export type PixelCodec = 'native' | 'raw-fragments' | 'rle' | 'jpeg' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg2000';

const CODECS: Record<string, PixelCodec> = {
  [TS.implicitLE]: 'native',
  [TS.explicitLE]: 'native',
  [TS.deflatedLE]: 'native',
  [TS.explicitBE]: 'native',
  [TS.encapsulatedUncompressedLE]: 'raw-fragments',
  [TS.rle]: 'rle',
  [TS.jpegBaseline]: 'jpeg',
  [TS.jpegExtended]: 'jpeg',
  [TS.jpegLossless]: 'jpeg-lossless',
  [TS.jpegLosslessSV1]: 'jpeg-lossless',
  [TS.jpegLsLossless]: 'jpeg-ls',
  [TS.jpegLsNearLossless]: 'jpeg-ls',
  [TS.jpeg2000Lossless]: 'jpeg2000',
  [TS.jpeg2000]: 'jpeg2000',
};

/** Names of the syntaxes Lightbox may meet but cannot decode, for the reason shown to the user. */
const UNSUPPORTED_NAMES: Record<string, string> = {
  '1.2.840.10008.1.2.4.52': 'JPEG extended (processes 3 and 5)',
  '1.2.840.10008.1.2.4.53': 'JPEG spectral selection',
  '1.2.840.10008.1.2.4.54': 'JPEG spectral selection',
  '1.2.840.10008.1.2.4.55': 'JPEG full progression',
  '1.2.840.10008.1.2.4.56': 'JPEG full progression',
  '1.2.840.10008.1.2.4.58': 'JPEG lossless (process 15)',
  '1.2.840.10008.1.2.4.59': 'JPEG extended hierarchical',
  '1.2.840.10008.1.2.4.60': 'JPEG extended hierarchical',
  '1.2.840.10008.1.2.4.61': 'JPEG spectral selection hierarchical',
  '1.2.840.10008.1.2.4.62': 'JPEG spectral selection hierarchical',
  '1.2.840.10008.1.2.4.63': 'JPEG full progression hierarchical',
  '1.2.840.10008.1.2.4.64': 'JPEG full progression hierarchical',
  '1.2.840.10008.1.2.4.65': 'JPEG lossless hierarchical',
  '1.2.840.10008.1.2.4.66': 'JPEG lossless hierarchical',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 multi-component (lossless)',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 multi-component',
  '1.2.840.10008.1.2.4.94': 'JPIP referenced',
  '1.2.840.10008.1.2.4.95': 'JPIP referenced deflate',
  '1.2.840.10008.1.2.4.100': 'MPEG-2 video',
  '1.2.840.10008.1.2.4.100.1': 'MPEG-2 video',
  '1.2.840.10008.1.2.4.101': 'MPEG-2 video',
  '1.2.840.10008.1.2.4.101.1': 'MPEG-2 video',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.102.1': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.103.1': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.104': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.104.1': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.105': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.105.1': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.106': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.106.1': 'MPEG-4 AVC/H.264 video',
  '1.2.840.10008.1.2.4.107': 'HEVC/H.265 video',
  '1.2.840.10008.1.2.4.108': 'HEVC/H.265 video',
  '1.2.840.10008.1.2.4.110': 'JPEG XL (lossless)',
  '1.2.840.10008.1.2.4.111': 'JPEG XL (recompressed JPEG)',
  '1.2.840.10008.1.2.4.112': 'JPEG XL',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 (lossless)',
  '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 (lossless RPCL)',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
  '1.2.840.10008.1.2.4.204': 'High-Throughput JPEG 2000',
  '1.2.840.10008.1.2.1.98.99': 'a private syntax',
};

/** The codec for a syntax, or null when Lightbox cannot decode it. */
export function pixelCodec(uid: string): PixelCodec | null {
  return CODECS[uid] ?? null;
}

/** The user-facing reason a syntax is refused. */
export function unsupportedSyntaxReason(uid: string): string {
  const name = UNSUPPORTED_NAMES[uid];
  if (name) return `compressed with ${name}, which Lightbox cannot decode`;
  return `uses the transfer syntax ${uid || '(none given)'}, which Lightbox cannot decode`;
}
