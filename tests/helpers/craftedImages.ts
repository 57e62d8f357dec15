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

/**
 * A little-endian greyscale TIFF of `pages` pages, each `width`×`height`, built by hand: every page's
 * directory points at the same strip of pixels, so 1,000 pages cost about 120 KB.
 */
export function multiPageTiff(pages: number, width: number, height: number, shade = 128): Buffer {
  const strip = Buffer.alloc(width * height, shade);
  const stripOffset = 8;
  const firstIfd = stripOffset + strip.length + (strip.length % 2); // directories start on a word boundary
  const entries: [tag: number, type: 3 | 4, value: number][] = [
    [256, 4, width], // ImageWidth
    [257, 4, height], // ImageLength
    [258, 3, 8], // BitsPerSample
    [259, 3, 1], // Compression: none
    [262, 3, 1], // PhotometricInterpretation: BlackIsZero
    [273, 4, stripOffset], // StripOffsets
    [277, 3, 1], // SamplesPerPixel
    [278, 4, height], // RowsPerStrip
    [279, 4, strip.length], // StripByteCounts
  ];
  const ifdSize = 2 + entries.length * 12 + 4;
  const buf = Buffer.alloc(firstIfd + pages * ifdSize);
  buf.write('II', 0, 'latin1');
  buf.writeUInt16LE(42, 2);
  buf.writeUInt32LE(firstIfd, 4);
  strip.copy(buf, stripOffset);
  for (let p = 0; p < pages; p++) {
    const at = firstIfd + p * ifdSize;
    buf.writeUInt16LE(entries.length, at);
    entries.forEach(([tag, type, value], i) => {
      const e = at + 2 + i * 12;
      buf.writeUInt16LE(tag, e);
      buf.writeUInt16LE(type, e + 2);
      buf.writeUInt32LE(1, e + 4);
      if (type === 3) buf.writeUInt16LE(value, e + 8);
      else buf.writeUInt32LE(value, e + 8);
    });
    buf.writeUInt32LE(p < pages - 1 ? at + ifdSize : 0, at + 2 + entries.length * 12);
  }
  return buf;
}
