import { LightboxError } from '../api/errors.js';
import { DicomError, decodeDicomFrame, histogramWindow, readDicomInfo } from './dicom/index.js';
import { frameTooLarge, MAX_DICOM_FRAME_PIXELS, readDicomBytes } from './dicomFile.js';
import { decode, decodeFailureReason } from './sharpSafe.js';

/**
 * The full-precision values of an upright grey image, for the workspace to window itself: a DICOM
 * frame after its Modality LUT (Hounsfield units for CT), or the raw values of a 16-bit PNG/TIFF.
 */
export interface ModalityValues {
  width: number;
  height: number;
  /** The narrowest array that holds every value exactly (float32 only for fractional values). */
  type: 'int16' | 'uint16' | 'float32';
  data: Int16Array | Uint16Array | Float32Array;
  min: number;
  max: number;
  /** MONOCHROME1: low values are shown white. */
  invert: boolean;
  /** The 0.5–99.5 % window of the values (what the thumbnails use when the file gives none). */
  autoWindow: { center: number; width: number };
}

/**
 * Pixels one values request may carry: 4096 × 4096 × 1.5. Larger images are still shown (through
 * their windowed preview); their values would be a message of over 50 MB.
 */
export const MAX_VALUE_PIXELS = 25_165_824;

function tooLarge(width: number, height: number): LightboxError {
  return new LightboxError(
    'BAD_FILE',
    `This image is too large to window at full precision (${width}×${height} pixels, at most ${MAX_VALUE_PIXELS / 1_048_576} megapixels): its preview is shown with the file's window.`,
  );
}

/** The narrowest exact array for modality values held as floats. */
function narrow(values: Float32Array, min: number, max: number): { type: ModalityValues['type']; data: ModalityValues['data'] } {
  let integral = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== Math.trunc(v)) {
      integral = false;
      break;
    }
  }
  if (integral && min >= -32768 && max <= 32767) return { type: 'int16', data: Int16Array.from(values) };
  if (integral && min >= 0 && max <= 65535) return { type: 'uint16', data: Uint16Array.from(values) };
  return { type: 'float32', data: values };
}

function rangeOf(data: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : { min: 0, max: 0 };
}

/**
 * Values of frame `frame` (1-based, null for a single-frame file) of a DICOM file, or of a 16-bit
 * greyscale PNG/TIFF (`render` as thumbnails.ts decides it). Colour and 8-bit images have no
 * values beyond their picture: refused with BAD_FILE, as are frames over MAX_VALUE_PIXELS.
 */
export async function readModalityValues(file: string, render: 'dicom' | 'grey16' | 'plain', frame: number | null): Promise<ModalityValues> {
  if (render === 'plain') throw new LightboxError('BAD_FILE', 'This image has 8-bit values: window/level works on its picture.');
  if (render === 'dicom') {
    try {
      const bytes = await readDicomBytes(file);
      const info = readDicomInfo(bytes);
      if (info.rows * info.columns > MAX_DICOM_FRAME_PIXELS) throw new DicomError(frameTooLarge(info));
      if (info.rows * info.columns > MAX_VALUE_PIXELS) throw tooLarge(info.columns, info.rows);
      const f = await decodeDicomFrame(bytes, (frame ?? 1) - 1);
      if (f.channels === 3) throw new LightboxError('BAD_FILE', 'This DICOM image is in colour: window/level works on its picture.');
      const values = f.data as Float32Array;
      const { type, data } = narrow(values, f.min, f.max);
      return { width: f.width, height: f.height, type, data, min: f.min, max: f.max, invert: f.invert, autoWindow: histogramWindow(data) };
    } catch (e) {
      if (e instanceof LightboxError) throw e;
      throw new LightboxError('UNREADABLE', `This DICOM file cannot be read: ${e instanceof Error ? e.message : String(e)}.`);
    }
  }
  try {
    const meta = await decode(file).metadata();
    const w = meta.width ?? 0;
    const h = meta.height ?? 0;
    if (w * h > MAX_VALUE_PIXELS) throw tooLarge(w, h);
    const { data, info } = await decode(file).rotate().toColourspace('grey16').removeAlpha().raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    const values = new Uint16Array(info.width * info.height);
    // Copied: sharp's buffer may sit at an odd offset of a shared pool.
    new Uint8Array(values.buffer).set(data.subarray(0, values.byteLength));
    const { min, max } = rangeOf(values);
    return { width: info.width, height: info.height, type: 'uint16', data: values, min, max, invert: false, autoWindow: histogramWindow(values) };
  } catch (e) {
    if (e instanceof LightboxError) throw e;
    throw new LightboxError('UNREADABLE', `This image cannot be read: ${decodeFailureReason(e)}.`);
  }
}
