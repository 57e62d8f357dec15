import type { DataSet } from 'dicom-parser';
import { MAX_INPUT_PIXELS } from '../sharpSafe.js';
import type { VoiFunction, VoiLut } from '../window.js';
import { DicomError } from './DicomError.js';
import { PIXEL_DATA, parseDataSet, toDicomError, transferSyntaxOf } from './parse.js';
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
  /**
   * Modality LUT: value = stored × slope + intercept (CT → Hounsfield units). For an enhanced
   * multi-frame file these are frame 1's; decodeDicomFrame applies each frame's own.
   */
  rescaleSlope: number;
  rescaleIntercept: number;
  /** RescaleType ('HU', 'US', ...) when the file gives it. */
  rescaleType: string | null;
  /** Every WindowCenter/WindowWidth pair, in modality units; the first is the default. */
  windows: { center: number; width: number }[];
  hasVoiLutSequence: boolean;
  /** The first VOI LUT of the VOI LUT Sequence, when the file has one (applyVoiLut shows it). */
  voiLut: VoiLut | null;
  /**
   * The Modality LUT Sequence, when the file maps stored values through a table instead of
   * RescaleSlope/Intercept (some XA, RF and US); decodeDicomFrame applies it.
   */
  modalityLut: ModalityLut | null;
  /** VOILUTFunction: how `windows` apply (LINEAR unless the file says LINEAR_EXACT or SIGMOID). */
  voiLutFunction: VoiFunction;
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
  /** SeriesInstanceUID. Identifying (it names one study of one patient): never stored as it is. */
  seriesInstanceUid: string | null;
}

/** A Modality LUT: stored value `firstMapped + k` has modality value `data[k]`. */
export interface ModalityLut {
  firstMapped: number;
  data: Uint16Array;
  /** ModalityLUTType ('OD', 'US', ...). */
  type: string | null;
}

const BITS_ALLOCATED = [8, 16, 32];

/**
 * Header only: parsing stops at the Pixel Data element, so `bytes` may be a prefix of the file that
 * reaches it; pass the whole file's size as `fileSize` then (it bounds how many frames can be in it).
 * Throws DicomError with a reason a user understands.
 */
export function readDicomInfo(bytes: Uint8Array, opts: { fileSize?: number } = {}): DicomInfo {
  const ds = parseDataSet(bytes, { headerOnly: true });
  try {
    return infoFromDataSet(ds, opts.fileSize ?? bytes.length, bytes.length < (opts.fileSize ?? bytes.length));
  } catch (e) {
    throw toDicomError(e);
  }
}

/**
 * The image description of a parsed data set, checked so that decoding it stays within bounds:
 * pixel limit per frame, frames that fit in the file, a syntax and layout Lightbox decodes.
 * `prefixOnly`: the bytes are the start of a longer file (the frames are bounded by `fileSize`).
 */
export function infoFromDataSet(ds: DataSet, fileSize: number, prefixOnly = false): DicomInfo {
  const str = (tag: string): string | null => {
    const v = ds.string(tag);
    return v === undefined || v === '' ? null : v;
  };
  const int = (tag: string): number | null => {
    const v = ds.intString(tag);
    return v === undefined || !Number.isFinite(v) ? null : v;
  };

  const transferSyntax = transferSyntaxOf(ds);
  const sopClassUid = str('x00080016') ?? str('x00020002');
  const modality = str('x00080060');
  const pixel = ds.elements[PIXEL_DATA];
  // Image attributes without Pixel Data: the file stops before its pixels (cut at an element boundary).
  if (!pixel && !isNonImageSopClass(sopClassUid) && ds.elements.x00280010) throw new DicomError('file is truncated (it ends before its pixel data)');
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
  // A deflated prefix inflates to an unknown part of the pixels: its frames are checked at decode.
  if (codec === 'native' && !(deflated && prefixOnly)) {
    const frameBytes = nativeFrameBytes(rows, columns, samplesPerPixel, bitsAllocated, photometric);
    const room = pixel.length === 0xffffffff ? available : Math.min(available, pixel.length);
    if (frames * frameBytes > room) {
      throw new DicomError(frames > 1 ? `file is truncated or damaged (it claims ${frames} frames of ${columns}×${rows} but holds ${Math.floor(room / frameBytes)})` : 'file is truncated (the pixel data ends early)');
    }
  } else if (frames > available / 8) {
    // Each encapsulated frame needs at least one 8-byte item header.
    throw new DicomError(`file is truncated or damaged (it claims ${frames} compressed frames in ${available} bytes)`);
  }

  const voiSource = functionalGroup(ds, 0, 'x00289132') ?? ds;
  const windows = readWindows(voiSource);
  const { pixelSpacing, spacingSource } = readSpacing(functionalGroup(ds, 0, 'x00289110'), ds);
  const rescale = rescaleAt(ds, 0);
  const modalityLut = readModalityLut(ds, pixelRepresentation);
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
    rescaleSlope: rescale.slope,
    rescaleIntercept: rescale.intercept,
    rescaleType: modalityLut?.type ?? rescale.type,
    windows,
    hasVoiLutSequence: ds.elements.x00283010 !== undefined,
    voiLut: readVoiLut(ds, pixelRepresentation),
    modalityLut,
    voiLutFunction: voiFunctionOf(voiSource.string('x00281056') ?? null),
    pixelSpacing,
    spacingSource,
    modality,
    seriesNumber: int('x00200011'),
    instanceNumber: int('x00200013'),
    seriesDescription: str('x0008103e'),
    sopClassUid,
    patient: { name: str('x00100010'), id: str('x00100020'), birthDate: str('x00100030') },
    seriesInstanceUid: str('x0020000e'),
  };
}

/** Bytes of one native (uncompressed) frame; YBR_FULL_422 keeps two chroma samples per pixel pair. */
export function nativeFrameBytes(rows: number, columns: number, samplesPerPixel: number, bitsAllocated: number, photometric: string): number {
  const samples = photometric === 'YBR_FULL_422' ? rows * columns * 2 : rows * columns * samplesPerPixel;
  return (samples * bitsAllocated) / 8;
}

function voiFunctionOf(v: string | null): VoiFunction {
  const f = (v ?? '').trim().toUpperCase();
  return f === 'LINEAR_EXACT' || f === 'SIGMOID' ? f : 'LINEAR';
}

/** The first item of the VOI LUT Sequence (0028,3010). */
function readVoiLut(ds: DataSet, pixelRepresentation: 0 | 1): VoiLut | null {
  const item = ds.elements.x00283010?.items?.[0]?.dataSet;
  if (!item) return null;
  const lut = readLut(item, pixelRepresentation);
  if (!lut) return null;
  const explanation = item.string('x00283003');
  return { ...lut, explanation: explanation ? explanation : null };
}

/** The Modality LUT Sequence (0028,3000), which replaces RescaleSlope/Intercept where present. */
function readModalityLut(ds: DataSet, pixelRepresentation: 0 | 1): ModalityLut | null {
  const item = ds.elements.x00283000?.items?.[0]?.dataSet;
  if (!item) return null;
  const lut = readLut(item, pixelRepresentation);
  if (!lut) return null;
  const type = item.string('x00283004');
  return { firstMapped: lut.firstMapped, data: lut.data, type: type ? type : null };
}

/** A LUT item: LUTDescriptor [entries (0 = 65536), first mapped value, bits], then LUTData. */
function readLut(item: DataSet, pixelRepresentation: 0 | 1): { firstMapped: number; bits: number; data: Uint16Array } | null {
  const dataEl = item.elements.x00283006;
  if (!dataEl || !item.elements.x00283002) return null;
  const entries = item.uint16('x00283002', 0) || 65536;
  const firstRaw = item.uint16('x00283002', 1) ?? 0;
  const firstMapped = pixelRepresentation === 1 && firstRaw >= 0x8000 ? firstRaw - 0x10000 : firstRaw;
  const bits = Math.max(1, Math.min(16, item.uint16('x00283002', 2) ?? 16));
  const data = new Uint16Array(entries);
  if (dataEl.length >= entries * 2) {
    for (let i = 0; i < entries; i++) data[i] = item.uint16('x00283006', i) ?? 0;
  } else if (dataEl.length >= entries) {
    data.set(item.byteArray.subarray(dataEl.dataOffset, dataEl.dataOffset + entries));
  } else {
    return null;
  }
  return { firstMapped, bits, data };
}

/**
 * A functional-group macro of an enhanced multi-frame file (PS3.3 C.7.6.16): the frame's own item
 * of the Per-Frame Functional Groups Sequence, else the Shared one. Classic files have neither.
 */
export function functionalGroup(ds: DataSet, frame: number, macroTag: string): DataSet | undefined {
  const item = (groups: string, index: number) => ds.elements[groups]?.items?.[index]?.dataSet?.elements[macroTag]?.items?.[0]?.dataSet;
  return item('x52009230', frame) ?? item('x52009229', 0);
}

function finite(v: number | undefined): number | undefined {
  return v === undefined || !Number.isFinite(v) ? undefined : v;
}

/** RescaleSlope/Intercept/Type for a frame: its Pixel Value Transformation macro, else the top level. */
export function rescaleAt(ds: DataSet, frame: number): { slope: number; intercept: number; type: string | null } {
  const src = functionalGroup(ds, frame, 'x00289145') ?? ds;
  const slope = finite(src.floatString('x00281053'));
  const intercept = finite(src.floatString('x00281052'));
  const type = src.string('x00281054');
  return { slope: slope === undefined || slope === 0 ? 1 : slope, intercept: intercept ?? 0, type: type ? type : null };
}

/** Every WindowCenter/WindowWidth pair with a positive width. */
function readWindows(src: DataSet): { center: number; width: number }[] {
  const windows: { center: number; width: number }[] = [];
  const n = Math.min(src.numStringValues('x00281050') ?? 0, src.numStringValues('x00281051') ?? 0);
  for (let i = 0; i < n; i++) {
    const center = finite(src.floatString('x00281050', i));
    const width = finite(src.floatString('x00281051', i));
    if (center !== undefined && width !== undefined && width > 0) windows.push({ center, width });
  }
  return windows;
}

/** PixelSpacing (enhanced: the Pixel Measures macro), else ImagerPixelSpacing, which is at the detector. */
function readSpacing(measures: DataSet | undefined, ds: DataSet): Pick<DicomInfo, 'pixelSpacing' | 'spacingSource'> {
  const candidates = [
    [measures, 'x00280030', 'PixelSpacing'],
    [ds, 'x00280030', 'PixelSpacing'],
    [ds, 'x00181164', 'ImagerPixelSpacing'],
  ] as const;
  for (const [src, tag, source] of candidates) {
    if (!src) continue;
    const r = finite(src.floatString(tag, 0));
    const c = finite(src.floatString(tag, 1));
    if (r !== undefined && c !== undefined && r > 0 && c > 0) return { pixelSpacing: [r, c], spacingSource: source };
  }
  return { pixelSpacing: null, spacingSource: null };
}
