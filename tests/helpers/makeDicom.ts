import { createRequire } from 'node:module';

interface DcmjsElement {
  vr: string;
  Value: unknown[];
}
/** The part of dcmjs used here (it ships no types). */
interface Dcmjs {
  data: {
    DicomMetaDictionary: { denaturalizeDataset(ds: Record<string, unknown>): Record<string, DcmjsElement> };
    DicomDict: new (meta: Record<string, DcmjsElement>) => { dict: Record<string, DcmjsElement>; write(): ArrayBuffer };
  };
  log: { setLevel?: (level: string) => void };
}
const dcmjs = createRequire(import.meta.url)('dcmjs') as Dcmjs;

/**
 * DICOM Part 10 files written with dcmjs, so tests know every value the file holds. Pixel values
 * are the stored values (before RescaleSlope/Intercept).
 */
export interface DicomSpec {
  rows: number;
  columns: number;
  frames?: number;
  /** Stored values, frame after frame (16-bit unless `bitsAllocated` is 8). Default: a gradient. */
  pixels?: Int16Array | Uint16Array | Uint8Array;
  bitsAllocated?: 8 | 16;
  bitsStored?: number;
  signed?: boolean;
  samplesPerPixel?: 1 | 3;
  photometric?: string;
  slope?: number;
  intercept?: number;
  /** WindowCenter/WindowWidth pairs, the first one is the default. */
  windows?: [center: number, width: number][];
  pixelSpacing?: [number, number];
  imagerPixelSpacing?: [number, number];
  modality?: string;
  sopClassUid?: string;
  transferSyntax?: string;
  /** No Pixel Data element at all (a structured report). */
  noPixelData?: boolean;
  /** Declared Rows/Columns/NumberOfFrames, when they should differ from the pixels written. */
  declare?: { rows?: number; columns?: number; frames?: number };
  /** A private element of this many bytes before the pixels. */
  privateBytes?: number;
  seriesNumber?: number;
  instanceNumber?: number;
  /** SeriesInstanceUID; default: one of its own. */
  seriesInstanceUid?: string;
}

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const BASIC_TEXT_SR = '1.2.840.10008.5.1.4.1.1.88.11';
export const EXPLICIT_LE = '1.2.840.10008.1.2.1';

const { DicomMetaDictionary, DicomDict } = dcmjs.data;
dcmjs.log.setLevel?.('error');

export function makeDicom(spec: DicomSpec): Buffer {
  const frames = spec.frames ?? 1;
  const bits = spec.bitsAllocated ?? 16;
  const spp = spec.samplesPerPixel ?? 1;
  const count = spec.rows * spec.columns * frames * spp;
  let pixels = spec.pixels;
  if (!pixels) {
    pixels = bits === 8 ? new Uint8Array(count) : spec.signed ? new Int16Array(count) : new Uint16Array(count);
    for (let i = 0; i < count; i++) pixels[i] = bits === 8 ? i % 256 : i % 4096;
  }
  if (pixels.length !== count) throw new Error(`makeDicom: ${pixels.length} values for ${count} samples`);
  const sop = spec.sopClassUid ?? CT_IMAGE_STORAGE;
  const uid = `1.2.826.0.1.3680043.8.498.${Math.floor(Math.random() * 1e12)}`;
  const ds: Record<string, unknown> = {
    SOPClassUID: sop,
    SOPInstanceUID: uid,
    StudyInstanceUID: `${uid}.1`,
    SeriesInstanceUID: spec.seriesInstanceUid ?? `${uid}.2`,
    Modality: spec.modality ?? 'CT',
    PatientName: 'Doe^Jane',
    PatientID: 'P-12345',
    PatientBirthDate: '19600101',
    SeriesNumber: String(spec.seriesNumber ?? 3),
    InstanceNumber: String(spec.instanceNumber ?? 7),
    SeriesDescription: 'Test series',
  };
  if (!spec.noPixelData) {
    Object.assign(ds, {
      Rows: spec.declare?.rows ?? spec.rows,
      Columns: spec.declare?.columns ?? spec.columns,
      SamplesPerPixel: spp,
      PhotometricInterpretation: spec.photometric ?? (spp === 3 ? 'RGB' : 'MONOCHROME2'),
      BitsAllocated: bits,
      BitsStored: spec.bitsStored ?? bits,
      HighBit: (spec.bitsStored ?? bits) - 1,
      PixelRepresentation: spec.signed ? 1 : 0,
    });
    if (spp === 3) ds.PlanarConfiguration = 0;
    if (frames > 1 || spec.declare?.frames) ds.NumberOfFrames = String(spec.declare?.frames ?? frames);
    if (spec.slope !== undefined || spec.intercept !== undefined) {
      ds.RescaleSlope = String(spec.slope ?? 1);
      ds.RescaleIntercept = String(spec.intercept ?? 0);
      ds.RescaleType = 'HU';
    }
    if (spec.windows) {
      ds.WindowCenter = spec.windows.map((w) => String(w[0]));
      ds.WindowWidth = spec.windows.map((w) => String(w[1]));
    }
    if (spec.pixelSpacing) ds.PixelSpacing = spec.pixelSpacing;
    if (spec.imagerPixelSpacing) ds.ImagerPixelSpacing = spec.imagerPixelSpacing;
    ds.PixelData = pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength);
    ds._vrMap = { PixelData: bits === 8 ? 'OB' : 'OW' };
  }
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sop,
    MediaStorageSOPInstanceUID: uid,
    TransferSyntaxUID: spec.transferSyntax ?? EXPLICIT_LE,
    ImplementationClassUID: '1.2.826.0.1.3680043.8.498.1',
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(ds);
  if (spec.privateBytes) {
    dict.dict['00090010'] = { vr: 'LO', Value: ['LIGHTBOX TEST'] };
    dict.dict['00091010'] = { vr: 'OB', Value: [new Uint8Array(spec.privateBytes).fill(0x5a).buffer] };
  }
  return Buffer.from(dict.write());
}

/** The byte offset of the 4-byte length of the element (group, element) in an explicit-VR little-endian file with a long VR (OB/OW/UN). */
export function longElementLengthOffset(file: Buffer, group: number, element: number): number {
  const tag = Buffer.alloc(4);
  tag.writeUInt16LE(group, 0);
  tag.writeUInt16LE(element, 2);
  const at = file.indexOf(tag, 132);
  if (at < 0) throw new Error('element not found');
  return at + 8;
}
