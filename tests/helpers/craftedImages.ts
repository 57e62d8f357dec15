import zlib from 'node:zlib';

/** CRC-32 as PNG chunks use it (ISO 3309), written out so the fixtures do not depend on a Node version. */
export function crc32(buf: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    let c = (crc ^ byte) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function pngChunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

function ihdr(width: number, height: number, bitDepth: number, colorType: number): Buffer {
  const h = Buffer.alloc(13);
  h.writeUInt32BE(width, 0);
  h.writeUInt32BE(height, 4);
  h[8] = bitDepth;
  h[9] = colorType; // 0 grey, 2 RGB
  return h; // compression 0, filter 0, interlace 0
}

/**
 * A PNG whose header declares `width`×`height` RGB pixels but carries only a token of image data:
 * it can be refused from the header alone, and decoding it would fail (or take gigabytes).
 */
export function pngDeclaring(width: number, height: number): Buffer {
  return Buffer.concat([SIGNATURE, pngChunk('IHDR', ihdr(width, height, 8, 2)), pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))), pngChunk('IEND', Buffer.alloc(0))]);
}

/**
 * A real, complete decompression bomb: a `size`×`size` black greyscale PNG whose data decodes to
 * size×(size+1) bytes (30000 → 900 MB) yet is about a megabyte on disk. Built without ever holding
 * the raw image: zeros deflated in blocks ending on a sync flush (byte-aligned, no reference back
 * across blocks) are concatenated, closed by an empty final block and the Adler-32 of all zeros.
 */
export function solidPngBomb(size: number): Buffer {
  const rowBytes = size + 1; // filter byte + one byte per grey pixel, all zero
  const total = rowBytes * size;
  const blockBytes = rowBytes * Math.max(1, Math.floor((4 << 20) / rowBytes));
  const sync = { finishFlush: zlib.constants.Z_SYNC_FLUSH, level: 9 };
  const block = zlib.deflateRawSync(Buffer.alloc(blockBytes), sync);
  const parts: Buffer[] = [Buffer.from([0x78, 0xda])];
  let left = total;
  for (; left >= blockBytes; left -= blockBytes) parts.push(block);
  if (left > 0) parts.push(zlib.deflateRawSync(Buffer.alloc(left), sync));
  parts.push(zlib.deflateRawSync(Buffer.alloc(0))); // final, empty block
  // Adler-32 of `total` zero bytes: a stays 1, b adds 1 per byte.
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((total % 65521) << 16) | 1) >>> 0);
  parts.push(adler);
  return Buffer.concat([SIGNATURE, pngChunk('IHDR', ihdr(size, size, 8, 0)), pngChunk('IDAT', Buffer.concat(parts)), pngChunk('IEND', Buffer.alloc(0))]);
}
