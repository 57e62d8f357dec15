import { deflateSync } from 'node:zlib';

/**
 * A small PNG encoder for label images, whose exact pixel values matter: 8-bit indexed with a
 * given palette (VOC's SegmentationClass), 8- or 16-bit grayscale (class-index masks). sharp
 * cannot write a chosen palette, and quantising would change the values.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function encode(width: number, height: number, bitDepth: 8 | 16, colorType: 0 | 3, rows: (y: number, line: Buffer) => void, extra: Buffer[] = []): Buffer {
  const bpp = bitDepth / 8;
  const stride = width * bpp + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0; // filter: none
    rows(y, raw.subarray(y * stride + 1, (y + 1) * stride));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colorType;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...extra,
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** One byte per pixel, drawn with `palette` ([r, g, b] per index). */
export function encodeIndexedPng(pixels: Uint8Array, width: number, height: number, palette: readonly (readonly [number, number, number])[]): Buffer {
  const plte = Buffer.alloc(palette.length * 3);
  palette.forEach(([r, g, b], i) => plte.set([r, g, b], i * 3));
  return encode(width, height, 8, 3, (y, line) => line.set(pixels.subarray(y * width, (y + 1) * width)), [chunk('PLTE', plte)]);
}

/** Grayscale: 8 bits when every value fits, else 16 bits (big-endian, as PNG stores it). */
export function encodeGrayPng(pixels: Uint8Array | Uint16Array, width: number, height: number): Buffer {
  if (pixels instanceof Uint8Array) return encode(width, height, 8, 0, (y, line) => line.set(pixels.subarray(y * width, (y + 1) * width)));
  return encode(width, height, 16, 0, (y, line) => {
    for (let x = 0; x < width; x++) line.writeUInt16BE(pixels[y * width + x]!, x * 2);
  });
}

/** The Pascal VOC colour map (bit-interleaved): index i → [r, g, b]; 255 is the "void" border colour. */
export function vocPalette(): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < 256; i++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let c = i;
    for (let j = 0; j < 8; j++) {
      r |= ((c >> 0) & 1) << (7 - j);
      g |= ((c >> 1) & 1) << (7 - j);
      b |= ((c >> 2) & 1) << (7 - j);
      c >>= 3;
    }
    out.push([r, g, b]);
  }
  return out;
}
