import zlib from 'node:zlib';
import dcmjs from 'dcmjs';

/**
 * DICOM Part 10 files for tests. dcmjs writes the meta header and the data set in the transfer
 * syntax asked for; the Pixel Data element is appended here, so a test controls its exact bytes
 * (native in either byte order, or encapsulated fragments with or without a Basic Offset Table).
 */

const { DicomDict, DicomMetaDictionary } = (dcmjs as unknown as { data: { DicomDict: new (meta: unknown) => { dict: unknown; write(): ArrayBuffer }; DicomMetaDictionary: { denaturalizeDataset(ds: unknown): unknown } } }).data;

export const UID = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
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
  ctImage: '1.2.840.10008.5.1.4.1.1.2',
  mrImage: '1.2.840.10008.5.1.4.1.1.4',
  secondaryCapture: '1.2.840.10008.5.1.4.1.1.7',
  basicTextSr: '1.2.840.10008.5.1.4.1.1.88.11',
  segmentation: '1.2.840.10008.5.1.4.1.1.66.4',
  rtStructureSet: '1.2.840.10008.5.1.4.1.1.481.3',
} as const;

export type Pixels =
  | { native: Uint8Array; vr?: 'OW' | 'OB' }
  | { frames: Uint8Array[][]; offsetTable?: boolean }
  | null;

export interface DicomFileSpec {
  transferSyntax: string;
  /** Naturalized attributes (dcmjs names: Rows, Columns, BitsAllocated, WindowCenter, ...). */
  attributes: Record<string, unknown>;
  pixels: Pixels;
  /** Extra raw elements appended before Pixel Data, already encoded for the syntax (a huge private tag...). */
  rawBefore?: Uint8Array;
}

export function writeDicom(spec: DicomFileSpec): Uint8Array {
  const sopClass = (spec.attributes.SOPClassUID as string | undefined) ?? UID.ctImage;
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClass,
    MediaStorageSOPInstanceUID: '1.2.3.4.5.6.7.8.9',
    TransferSyntaxUID: spec.transferSyntax,
    ImplementationClassUID: '1.2.3.4.5',
  });
  const dict = new DicomDict(meta);
  dict.dict = DicomMetaDictionary.denaturalizeDataset({ SOPClassUID: sopClass, SOPInstanceUID: '1.2.3.4.5.6.7.8.9', ...spec.attributes });
  const file = new Uint8Array(dict.write());
  const encapsulated = 'frames' in (spec.pixels ?? {});
  const syntax = spec.transferSyntax;
  const tail = [spec.rawBefore ?? new Uint8Array(0), spec.pixels ? pixelElement(spec.pixels, syntax) : new Uint8Array(0)];
  let out = concat([file, ...tail]);
  void encapsulated;
  if (syntax === UID.deflatedLE) {
    const bodyStart = metaEnd(out);
    out = concat([out.subarray(0, bodyStart), zlib.deflateRawSync(out.subarray(bodyStart))]);
  }
  return out;
}

/** Where the data set starts: after the File Meta group, whose length is its first element. */
export function metaEnd(file: Uint8Array): number {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  // (0002,0000) UL at byte 132: tag 4, VR 2, length 2, value 4.
  return 132 + 12 + dv.getUint32(140, true);
}

/** One element encoded for the syntax (implicit LE, explicit LE, explicit BE). */
export function element(group: number, elem: number, vr: string, value: Uint8Array, syntax: string, undefinedLength = false): Uint8Array {
  const big = syntax === UID.explicitBE;
  const implicit = syntax === UID.implicitLE;
  const long = ['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'OD', 'OL', 'UC', 'UR', 'OV', 'SV', 'UV'].includes(vr);
  const head = new Uint8Array(implicit || long ? 12 - (implicit ? 4 : 0) : 8);
  const dv = new DataView(head.buffer);
  dv.setUint16(0, group, !big);
  dv.setUint16(2, elem, !big);
  const len = undefinedLength ? 0xffffffff : value.length;
  if (implicit) dv.setUint32(4, len, true);
  else {
    head[4] = vr.charCodeAt(0);
    head[5] = vr.charCodeAt(1);
    if (long) dv.setUint32(8, len, !big);
    else dv.setUint16(6, len, !big);
  }
  return concat([head, value]);
}

function pixelElement(pixels: NonNullable<Pixels>, syntax: string): Uint8Array {
  if ('native' in pixels) {
    const value = pixels.native.length % 2 ? concat([pixels.native, new Uint8Array(1)]) : pixels.native;
    return element(0x7fe0, 0x0010, pixels.vr ?? 'OW', value, syntax === UID.deflatedLE ? UID.explicitLE : syntax);
  }
  const frames = pixels.frames.map((fr) => fr.map((f) => (f.length % 2 ? concat([f, new Uint8Array(1)]) : f)));
  const items: Uint8Array[] = [];
  const offsets: number[] = [];
  let pos = 0;
  for (const fr of frames) {
    offsets.push(pos);
    for (const f of fr) {
      items.push(item(f));
      pos += 8 + f.length;
    }
  }
  const bot = new Uint8Array(pixels.offsetTable ? offsets.length * 4 : 0);
  offsets.forEach((o, i) => pixels.offsetTable && new DataView(bot.buffer).setUint32(i * 4, o, true));
  const delim = new Uint8Array([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
  return concat([element(0x7fe0, 0x0010, 'OB', new Uint8Array(0), UID.explicitLE, true), item(bot), ...items, delim]);
}

function item(value: Uint8Array): Uint8Array {
  const head = new Uint8Array(8);
  const dv = new DataView(head.buffer);
  dv.setUint16(0, 0xfffe, true);
  dv.setUint16(2, 0xe000, true);
  dv.setUint32(4, value.length, true);
  return concat([head, value]);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Little- or big-endian bytes of 16-bit samples. */
export function u16Bytes(values: ArrayLike<number>, bigEndian = false): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) dv.setUint16(i * 2, values[i]! & 0xffff, !bigEndian);
  return out;
}

/** Image attributes for a grey image. */
export function greyAttributes(rows: number, columns: number, bits: { allocated: 8 | 16; stored: number; signed: boolean }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Modality: 'CT',
    Rows: rows,
    Columns: columns,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    BitsAllocated: bits.allocated,
    BitsStored: bits.stored,
    HighBit: bits.stored - 1,
    PixelRepresentation: bits.signed ? 1 : 0,
    ...extra,
  };
}

/** The attributes of an 8-bit, 3-sample image (`extra` overrides any of them). */
export const colourAttributes = (rows: number, cols: number, photometric: string, extra: Record<string, unknown> = {}) => ({
  Modality: 'XC',
  Rows: rows,
  Columns: cols,
  SamplesPerPixel: 3,
  PhotometricInterpretation: photometric,
  BitsAllocated: 8,
  BitsStored: 8,
  HighBit: 7,
  PixelRepresentation: 0,
  PlanarConfiguration: 0,
  ...extra,
});
