import type { DataSet, Element } from 'dicom-parser';
import { DicomError } from './DicomError.js';
import { nativeFrameBytes, type DicomInfo } from './info.js';
import { dicomParser, isBigEndian, PIXEL_DATA } from './parse.js';
import type { Palette } from './pixels.js';

function pixelElement(ds: DataSet): Element {
  const el = ds.elements[PIXEL_DATA];
  if (!el) throw new DicomError('has no image (no pixel data)');
  return el;
}

/**
 * The stored samples of one native frame. 16- and 32-bit little-endian data that is aligned is a
 * view on the file's bytes, not a copy; big-endian or unaligned data is read into a new array.
 */
export function nativeFrameSamples(ds: DataSet, info: DicomInfo, frame: number): Uint8Array | Uint16Array | Uint32Array {
  const el = pixelElement(ds);
  const frameBytes = nativeFrameBytes(info.rows, info.columns, info.samplesPerPixel, info.bitsAllocated, info.photometric);
  const start = el.dataOffset + frame * frameBytes;
  const bytes = ds.byteArray;
  if (start + frameBytes > bytes.length) throw new DicomError('file is truncated (the pixel data ends early)');
  const big = isBigEndian(ds);
  const at = bytes.byteOffset + start;
  if (info.bitsAllocated === 8) {
    const view = bytes.subarray(start, start + frameBytes);
    // Big endian OW swaps each pair of 8-bit samples (PS3.5 §7.3); OB leaves them in order.
    if (!big || el.vr === 'OB') return view;
    const out = new Uint8Array(frameBytes);
    for (let i = 0; i + 1 < frameBytes; i += 2) {
      out[i] = view[i + 1]!;
      out[i + 1] = view[i]!;
    }
    if (frameBytes % 2) out[frameBytes - 1] = view[frameBytes - 1]!;
    return out;
  }
  const dv = new DataView(bytes.buffer, at, frameBytes);
  if (info.bitsAllocated === 16) {
    const n = frameBytes / 2;
    if (!big && at % 2 === 0) return new Uint16Array(bytes.buffer, at, n);
    const out = new Uint16Array(n);
    for (let i = 0; i < n; i++) out[i] = dv.getUint16(i * 2, !big);
    return out;
  }
  const n = frameBytes / 4;
  if (!big && at % 4 === 0) return new Uint32Array(bytes.buffer, at, n);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = dv.getUint32(i * 4, !big);
  return out;
}

/**
 * The compressed bytes of one encapsulated frame: by the Basic Offset Table when the file has one,
 * one fragment per frame when the counts agree, every fragment for a single frame, else by finding
 * each frame's JPEG end-of-image marker.
 */
export function encapsulatedFrame(ds: DataSet, info: DicomInfo, frame: number): Uint8Array {
  const el = pixelElement(ds);
  const fragments = el.fragments ?? [];
  if (!el.encapsulatedPixelData || fragments.length === 0) throw new DicomError('file is damaged (compressed pixel data has no fragments)');
  try {
    if (el.basicOffsetTable && el.basicOffsetTable.length > 0) {
      if (el.basicOffsetTable.length < info.frames) throw new DicomError('file is damaged (its frame offset table lists fewer frames than it claims)');
      return asUint8(dicomParser.readEncapsulatedImageFrame(ds, el, frame));
    }
    if (info.frames === 1) return asUint8(dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length));
    if (fragments.length === info.frames) return asUint8(dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, frame, 1));
    const table = dicomParser.createJPEGBasicOffsetTable(ds, el);
    if (table.length < info.frames) throw new DicomError(`file is damaged (it claims ${info.frames} frames but holds ${table.length})`);
    return asUint8(dicomParser.readEncapsulatedImageFrame(ds, el, frame, table));
  } catch (e) {
    if (e instanceof DicomError) throw e;
    throw new DicomError('file is truncated or damaged (a compressed frame could not be found)');
  }
}

function asUint8(a: Uint8Array): Uint8Array {
  return a instanceof Uint8Array ? a : new Uint8Array(a);
}

/** HighBit, which is BitsStored − 1 in nearly every file. */
export function highBitOf(ds: DataSet, info: DicomInfo): number {
  const v = ds.uint16('x00280102');
  return v === undefined || v >= info.bitsAllocated ? info.bitsStored - 1 : v;
}

/**
 * The palette of a PALETTE COLOR image (PS3.3 C.7.6.3.1.5): descriptor [entries (0 = 65536),
 * first mapped value, bits per entry], then one 16-bit word per entry, brought down to 8 bits.
 */
export function readPalette(ds: DataSet, info: DicomInfo): Palette | null {
  if (info.photometric !== 'PALETTE COLOR') return null;
  const desc = ds.elements.x00281101;
  if (!desc) return null;
  const entries = ds.uint16('x00281101', 0) || 65536;
  const firstRaw = ds.uint16('x00281101', 1) ?? 0;
  const firstMapped = info.pixelRepresentation === 1 && firstRaw >= 0x8000 ? firstRaw - 0x10000 : firstRaw;
  const bits = ds.uint16('x00281101', 2) ?? 16;
  const lut = (tag: string): Uint8Array | null => {
    const el = ds.elements[tag];
    if (!el) return null;
    const out = new Uint8Array(entries);
    const bytes = ds.byteArray;
    const big = isBigEndian(ds);
    if (el.length >= entries * 2) {
      const dv = new DataView(bytes.buffer, bytes.byteOffset + el.dataOffset, entries * 2);
      for (let i = 0; i < entries; i++) {
        const v = dv.getUint16(i * 2, !big);
        out[i] = bits > 8 ? v >>> (bits - 8) : v & 0xff;
      }
    } else if (el.length >= entries) {
      out.set(bytes.subarray(el.dataOffset, el.dataOffset + entries));
    } else {
      throw new DicomError('file is damaged (a palette is shorter than its descriptor says)');
    }
    return out;
  };
  const red = lut('x00281201');
  const green = lut('x00281202');
  const blue = lut('x00281203');
  if (!red || !green || !blue) return null;
  return { firstMapped, red, green, blue };
}
