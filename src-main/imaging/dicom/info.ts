import type { DataSet } from 'dicom-parser';
import { MAX_INPUT_PIXELS } from '../sharpSafe.js';
import { DicomError } from './DicomError.js';
import { PIXEL_DATA, parseDataSet, transferSyntaxOf } from './parse.js';
import { isNonImageSopClass, nonImageName } from './sopClasses.js';
import { pixelCodec, TS, unsupportedSyntaxReason } from './transferSyntax.js';

export interface DicomInfo {
  rows: number;
  columns: number;
  /** NumberOfFrames, 1 when absent. */
  frames: number;
  samplesPerPixel: number;
  /** 'MONOCHROME1' | 'MONOCHROME2' | 'RGB' | 'YBR_FULL' | 'YBR_FULL_422' | 'PALETTE COLOR' | ... */
  photometric: string;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: 0 | 1;
  /** Transfer syntax UID. */
  transferSyntax: string;
  /** Modality LUT: value = stored × slope + intercept (CT → Hounsfield units). */
  rescaleSlope: number;
  rescaleIntercept: number;
  /** RescaleType ('HU', 'US', ...) when the file gives it. */
  rescaleType: string | null;
  /** Every WindowCenter/WindowWidth pair, in modality units; the first is the default. */
  windows: { center: number; width: number }[];
  hasVoiLutSequence: boolean;
  /** Millimetres, [row spacing (between rows, vertical), column spacing (horizontal)]. */
  pixelSpacing: [number, number] | null;
  /** ImagerPixelSpacing is at the detector, not the patient (no magnification correction). */
  spacingSource: 'PixelSpacing' | 'ImagerPixelSpacing' | null;
  modality: string | null;
  seriesNumber: number | null;
  instanceNumber: number | null;
  seriesDescription: string | null;
  sopClassUid: string | null;
  /** Identifying data: never shown unless the user asks for it. */
  patient: { name: string | null; id: string | null; birthDate: string | null };
}

const BITS_ALLOCATED = [8, 16, 32];

/**
 * Header only: parsing stops at the Pixel Data element, so `bytes` may be a prefix of the file that
 * reaches it; pass the whole file's size as `fileSize` then (it bounds how many frames can be in it).
 * Throws DicomError with a reason a user understands.
 */
export function readDicomInfo(bytes: Uint8Array, opts: { fileSize?: number } = {}): DicomInfo {
  const ds = parseDataSet(bytes, { headerOnly: true });
  return infoFromDataSet(ds, opts.fileSize ?? bytes.length);
}

/**
 * The image description of a parsed data set, checked so that decoding it stays within bounds:
 * pixel limit per frame, frames that fit in the file, a syntax and layout Lightbox decodes.
 */
export function infoFromDataSet(ds: DataSet, fileSize: number): DicomInfo {
  const str = (tag: string): string | null => {
    const v = ds.string(tag);
    return v === undefined || v === '' ? null : v;
  };
  const num = (tag: string, index = 0): number | undefined => {
    const v = ds.floatString(tag, index);
    return v === undefined || !Number.isFinite(v) ? undefined : v;
  };
  const int = (tag: string): number | null => {
    const v = ds.intString(tag);
    return v === undefined || !Number.isFinite(v) ? null : v;
  };

  const transferSyntax = transferSyntaxOf(ds);
  const sopClassUid = str('x00080016') ?? str('x00020002');
  const modality = str('x00080060');
  const pixel = ds.elements[PIXEL_DATA];
  if (!pixel || isNonImageSopClass(sopClassUid)) throw new DicomError(`has no image (it is ${nonImageName(sopClassUid, modality)})`);
  if (pixelCodec(transferSyntax) === null) throw new DicomError(unsupportedSyntaxReason(transferSyntax));

  const rows = ds.uint16('x00280010') ?? 0;
  const columns = ds.uint16('x00280011') ?? 0;
  if (rows === 0 || columns === 0) throw new DicomError('DICOM header is damaged (it gives no image size)');
  if (rows * columns > MAX_INPUT_PIXELS) throw new DicomError(`image is too large to decode safely (${columns}×${rows} pixels, over the pixel limit)`);
  const framesRaw = int('x00280008');
  const frames = framesRaw === null ? 1 : framesRaw;
  if (!Number.isInteger(frames) || frames < 1) throw new DicomError(`DICOM header is damaged (NumberOfFrames is ${framesRaw})`);
  const samplesPerPixel = ds.uint16('x00280002') ?? 1;
  const photometric = (str('x00280004') ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2')).trim().toUpperCase();
  const bitsAllocated = ds.uint16('x00280100') ?? 0;
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  const pixelRepresentation = ds.uint16('x00280103') === 1 ? 1 : 0;
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) throw new DicomError(`images with ${samplesPerPixel} samples per pixel are not supported`);
  if (bitsAllocated === 1) throw new DicomError('1-bit (bitmap) DICOM images are not supported');
  if (!BITS_ALLOCATED.includes(bitsAllocated)) throw new DicomError(`DICOM header is damaged (BitsAllocated is ${bitsAllocated})`);
  if (bitsStored < 1 || bitsStored > bitsAllocated) throw new DicomError(`DICOM header is damaged (BitsStored ${bitsStored} with BitsAllocated ${bitsAllocated})`);

  // Bound frames × frame size by what the file can hold, before anyone allocates for them.
  // A deflated file was inflated whole (within its cap), so its own bytes bound it.
  const deflated = transferSyntax === TS.deflatedLE;
  const available = Math.max(0, (deflated ? ds.byteArray.length : fileSize) - pixel.dataOffset);
  const codec = pixelCodec(transferSyntax);
  if (codec === 'native') {
    const frameBytes = nativeFrameBytes(rows, columns, samplesPerPixel, bitsAllocated, photometric);
    const room = pixel.length === 0xffffffff ? available : Math.min(available, pixel.length);
    if (frames * frameBytes > room) {
      throw new DicomError(frames > 1 ? `file is truncated or damaged (it claims ${frames} frames of ${columns}×${rows} but holds ${Math.floor(room / frameBytes)})` : 'file is truncated (the pixel data ends early)');
    }
  } else if (frames > available / 8) {
    // Each encapsulated frame needs at least one 8-byte item header.
    throw new DicomError(`file is truncated or damaged (it claims ${frames} compressed frames in ${available} bytes)`);
  }

  const windows: { center: number; width: number }[] = [];
  const nWindows = Math.min(ds.numStringValues('x00281050') ?? 0, ds.numStringValues('x00281051') ?? 0);
  for (let i = 0; i < nWindows; i++) {
    const center = num('x00281050', i);
    const width = num('x00281051', i);
    if (center !== undefined && width !== undefined && width > 0) windows.push({ center, width });
  }

  let pixelSpacing: [number, number] | null = null;
  let spacingSource: DicomInfo['spacingSource'] = null;
  for (const [tag, source] of [['x00280030', 'PixelSpacing'], ['x00181164', 'ImagerPixelSpacing']] as const) {
    const r = num(tag, 0);
    const c = num(tag, 1);
    if (r !== undefined && c !== undefined && r > 0 && c > 0) {
      pixelSpacing = [r, c];
      spacingSource = source;
      break;
    }
  }

  const slope = num('x00281053');
  const intercept = num('x00281052');
  return {
    rows,
    columns,
    frames,
    samplesPerPixel,
    photometric,
    bitsAllocated,
    bitsStored,
    pixelRepresentation,
    transferSyntax,
    rescaleSlope: slope === undefined || slope === 0 ? 1 : slope,
    rescaleIntercept: intercept ?? 0,
    rescaleType: str('x00281054'),
    windows,
    hasVoiLutSequence: ds.elements.x00283010 !== undefined,
    pixelSpacing,
    spacingSource,
    modality,
    seriesNumber: int('x00200011'),
    instanceNumber: int('x00200013'),
    seriesDescription: str('x0008103e'),
    sopClassUid,
    patient: { name: str('x00100010'), id: str('x00100020'), birthDate: str('x00100030') },
  };
}

/** Bytes of one native (uncompressed) frame; YBR_FULL_422 keeps two chroma samples per pixel pair. */
export function nativeFrameBytes(rows: number, columns: number, samplesPerPixel: number, bitsAllocated: number, photometric: string): number {
  const samples = photometric === 'YBR_FULL_422' ? rows * columns * 2 : rows * columns * samplesPerPixel;
  return (samples * bitsAllocated) / 8;
}
