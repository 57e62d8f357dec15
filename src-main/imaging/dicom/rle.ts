import { DicomError } from './DicomError.js';

/**
 * DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits
 * segment per byte plane — for each sample, its most significant byte first. The planes are put
 * back together into planar samples (all of sample 0, then sample 1, ...).
 */
export function decodeRle(frame: Uint8Array, rows: number, columns: number, samplesPerPixel: number, bitsAllocated: number): Uint8Array | Uint16Array | Uint32Array {
  if (frame.length < 64) throw new DicomError('file is damaged (an RLE frame has no header)');
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.length);
  const segments = dv.getUint32(0, true);
  const bytesPerSample = bitsAllocated / 8;
  const expected = samplesPerPixel * bytesPerSample;
  if (segments !== expected) throw new DicomError(`file is damaged (an RLE frame has ${segments} segments where ${expected} are needed)`);
  const n = rows * columns;
  const out = bytesPerSample === 1 ? new Uint8Array(n * samplesPerPixel) : bytesPerSample === 2 ? new Uint16Array(n * samplesPerPixel) : new Uint32Array(n * samplesPerPixel);
  const plane = new Uint8Array(n);
  for (let s = 0; s < segments; s++) {
    const start = dv.getUint32(4 + s * 4, true);
    const end = s + 1 < segments ? dv.getUint32(8 + s * 4, true) : frame.length;
    if (start < 64 || start > frame.length || end < start || end > frame.length) throw new DicomError('file is damaged (an RLE segment lies outside its frame)');
    unpackBits(frame, start, end, plane);
    const sample = Math.floor(s / bytesPerSample);
    const shift = 8 * (bytesPerSample - 1 - (s % bytesPerSample));
    const base = sample * n;
    if (bytesPerSample === 1) (out as Uint8Array).set(plane, base);
    else for (let i = 0; i < n; i++) out[base + i]! |= plane[i]! << shift;
  }
  return out;
}

/** PackBits into exactly `out.length` bytes; a segment that decodes short is damage, extra is ignored. */
function unpackBits(src: Uint8Array, start: number, end: number, out: Uint8Array): void {
  let i = start;
  let o = 0;
  const size = out.length;
  while (o < size && i < end) {
    const h = src[i++]!;
    if (h < 128) {
      const count = Math.min(h + 1, size - o, end - i);
      out.set(src.subarray(i, i + count), o);
      o += count;
      i += h + 1;
    } else if (h > 128) {
      const count = Math.min(257 - h, size - o);
      if (i >= end) break;
      out.fill(src[i++]!, o, o + count);
      o += count;
    }
    // 128 is a no-op.
  }
  if (o < size) throw new DicomError('file is truncated or damaged (an RLE segment ends early)');
}
