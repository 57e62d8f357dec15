/** The frame header of a JPEG or JPEG-LS bitstream, read before a decoder allocates for it. */
export interface JpegFrameHeader {
  /** The SOF marker's low byte: 0xc0 baseline, 0xc1 extended, 0xc3 lossless, 0xf7 JPEG-LS, ... */
  marker: number;
  precision: number;
  width: number;
  height: number;
  components: number;
}

/** Walks the marker segments up to the first SOFn (ITU T.81 B.2, T.87 for SOF55); null if none. */
export function readJpegFrameHeader(b: Uint8Array): JpegFrameHeader | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const m = b[i + 1]!;
    if (m === 0xff) {
      i++; // fill byte
      continue;
    }
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      i += 2;
      continue;
    }
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    const isSof = (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) || m === 0xf7;
    if (isSof) {
      if (i + 10 > b.length) return null;
      return { marker: m, precision: b[i + 4]!, height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]!, components: b[i + 9]! };
    }
    if (m === 0xda || m === 0xd9) return null;
    i += 2 + len;
  }
  return null;
}

/**
 * The image size from a JPEG 2000 codestream's SIZ segment (ITU T.800 A.5.1): SOC (FF4F) then
 * SIZ (FF51). A JP2 file wrapper, which some writers use, is searched for its codestream.
 */
export function readJ2kSize(b: Uint8Array): { width: number; height: number; components: number } | null {
  let at = -1;
  const limit = Math.min(b.length - 4, 4096);
  for (let i = 0; i <= limit; i++) {
    if (b[i] === 0xff && b[i + 1] === 0x4f && b[i + 2] === 0xff && b[i + 3] === 0x51) {
      at = i + 4;
      break;
    }
  }
  if (at < 0 || at + 38 > b.length) return null;
  const dv = new DataView(b.buffer, b.byteOffset + at, 38);
  // Lsiz(2) Rsiz(2) Xsiz(4) Ysiz(4) XOsiz(4) YOsiz(4) XTsiz YTsiz XTOsiz YTOsiz (4 each) Csiz(2)
  const width = dv.getUint32(4) - dv.getUint32(12);
  const height = dv.getUint32(8) - dv.getUint32(16);
  return { width, height, components: dv.getUint16(36) };
}
