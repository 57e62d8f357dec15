/**
 * Windows BMP, read by hand: sharp's bundled libvips has no BMP loader, and BMP is common in
 * older industrial and medical capture software. Uncompressed 1/4/8-bit (palette), 16, 24 and
 * 32-bit (with or without bit-field masks) are read; RLE and embedded JPEG/PNG are refused.
 */

export interface BmpHeader {
  width: number;
  height: number;
  /** Rows stored top to bottom (negative height in the file). */
  topDown: boolean;
  bitsPerPixel: number;
  compression: number;
  pixelOffset: number;
  dibSize: number;
  paletteSize: number;
  masks: { r: number; g: number; b: number; a: number } | null;
}

export class BmpError extends Error {}

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

export function isBmp(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x42 && buf[1] === 0x4d;
}

export function readBmpHeader(buf: Buffer): BmpHeader {
  if (!isBmp(buf) || buf.length < 26) throw new BmpError('not a BMP file');
  const dibSize = buf.readUInt32LE(14);
  if (![12, 40, 52, 56, 108, 124].includes(dibSize) || buf.length < 14 + dibSize) throw new BmpError('BMP header is damaged or of an unknown version');
  const core = dibSize === 12;
  const width = core ? buf.readUInt16LE(18) : buf.readInt32LE(18);
  const rawHeight = core ? buf.readInt16LE(20) : buf.readInt32LE(22);
  const bitsPerPixel = buf.readUInt16LE(core ? 24 : 28);
  const compression = core ? BI_RGB : buf.readUInt32LE(30);
  const pixelOffset = buf.readUInt32LE(10);
  if (width <= 0 || rawHeight === 0) throw new BmpError('BMP has no pixels');
  if (![1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) throw new BmpError(`BMP with ${bitsPerPixel} bits per pixel is not supported`);
  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS) {
    throw new BmpError('compressed BMP (RLE or embedded JPEG/PNG) is not supported');
  }
  const colorsUsed = core ? 0 : buf.readUInt32LE(46);
  const paletteSize = bitsPerPixel <= 8 ? colorsUsed || 1 << bitsPerPixel : 0;
  let masks: BmpHeader['masks'] = null;
  if (compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) {
    // Masks follow a 40-byte header, or sit inside the V2+ headers at the same offset.
    const at = 14 + 40;
    if (buf.length < at + 12) throw new BmpError('BMP header is damaged');
    masks = { r: buf.readUInt32LE(at), g: buf.readUInt32LE(at + 4), b: buf.readUInt32LE(at + 8), a: dibSize >= 56 || compression === BI_ALPHABITFIELDS ? buf.readUInt32LE(at + 12) : 0 };
  } else if (bitsPerPixel === 16) {
    masks = { r: 0x7c00, g: 0x03e0, b: 0x001f, a: 0 };
  }
  return { width, height: Math.abs(rawHeight), topDown: rawHeight < 0, bitsPerPixel, compression, pixelOffset, dibSize, paletteSize, masks };
}

/** Value of `v` under `mask`, scaled to 0–255. */
function channel(v: number, mask: number): number {
  if (mask === 0) return 255;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return Math.round((((v & mask) >>> shift) * 255) / max);
}

/** Decode to 8-bit RGBA, top row first. `maxPixels` guards against a header that lies. */
export function decodeBmp(buf: Buffer, maxPixels: number): { data: Buffer; width: number; height: number } {
  const h = readBmpHeader(buf);
  if (h.width * h.height > maxPixels) throw new BmpError(`image is too large to decode safely (${h.width}×${h.height} pixels)`);
  const stride = Math.floor((h.bitsPerPixel * h.width + 31) / 32) * 4;
  if (h.pixelOffset + stride * h.height > buf.length) throw new BmpError('file is truncated or damaged');
  const palette: number[][] = [];
  const entry = h.dibSize === 12 ? 3 : 4;
  for (let i = 0; i < h.paletteSize; i++) {
    const at = 14 + h.dibSize + (h.compression === BI_BITFIELDS && h.dibSize === 40 ? 12 : 0) + i * entry;
    palette.push(at + 2 < buf.length ? [buf[at + 2]!, buf[at + 1]!, buf[at]!] : [0, 0, 0]);
  }
  const out = Buffer.alloc(h.width * h.height * 4);
  const useAlpha = h.bitsPerPixel === 32 && (h.masks ? h.masks.a !== 0 : false);
  for (let y = 0; y < h.height; y++) {
    const row = h.pixelOffset + (h.topDown ? y : h.height - 1 - y) * stride;
    let o = y * h.width * 4;
    for (let x = 0; x < h.width; x++, o += 4) {
      let r: number;
      let g: number;
      let b: number;
      let a = 255;
      if (h.bitsPerPixel <= 8) {
        const bit = x * h.bitsPerPixel;
        const byte = buf[row + (bit >> 3)]!;
        const index = (byte >> (8 - h.bitsPerPixel - (bit & 7))) & ((1 << h.bitsPerPixel) - 1);
        [r, g, b] = (palette[index] ?? [0, 0, 0]) as [number, number, number];
      } else if (h.bitsPerPixel === 24) {
        b = buf[row + x * 3]!;
        g = buf[row + x * 3 + 1]!;
        r = buf[row + x * 3 + 2]!;
      } else if (h.bitsPerPixel === 16) {
        const v = buf.readUInt16LE(row + x * 2);
        const m = h.masks!;
        r = channel(v, m.r);
        g = channel(v, m.g);
        b = channel(v, m.b);
      } else {
        const v = buf.readUInt32LE(row + x * 4);
        const m = h.masks ?? { r: 0xff0000, g: 0xff00, b: 0xff, a: 0 };
        r = channel(v, m.r);
        g = channel(v, m.g);
        b = channel(v, m.b);
        if (useAlpha) a = channel(v, m.a);
      }
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = a;
    }
  }
  return { data: out, width: h.width, height: h.height };
}
