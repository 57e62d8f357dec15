import { applyVoiLut, applyWindow, DicomError, decodeDicomFrame, histogramWindow, readDicomInfo } from './dicom/index.js';
import { MAX_DICOM_FRAME_PIXELS, frameTooLarge, readDicomBytes } from './dicomFile.js';
import { decode } from './sharpSafe.js';

/**
 * 8-bit pixels to show for images whose values do not fit 0–255: DICOM frames (modality values
 * through the file's window) and 16-bit greyscale PNG/TIFF (through the histogram window). A plain
 * conversion to 8 bits keeps the high byte, which leaves a 12-bit CT in a 16-bit PNG nearly black.
 */
export interface DisplayPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

/**
 * Which window turns modality values into 8 bits: `file` the file's own (else its VOI LUT, else the
 * histogram's), `auto` the 0.5–99.5 % histogram window, or a centre and width (linear).
 */
export type WindowPick = 'file' | 'auto' | { center: number; width: number };

/**
 * Frame `frameIndex` (0-based) of a DICOM file as shown: grey frames through the file's first
 * window (WindowCenter/Width, by its VOILUTFunction), else its VOI LUT, else the 0.5–99.5 %
 * histogram window, MONOCHROME1 inverted; colour frames as they are. `pick` chooses another
 * window. Throws DicomError with the reason for the library.
 */
export async function dicomDisplayPixels(file: string, frameIndex: number, pick: WindowPick = 'file'): Promise<DisplayPixels> {
  const bytes = await readDicomBytes(file);
  const info = readDicomInfo(bytes);
  if (info.rows * info.columns > MAX_DICOM_FRAME_PIXELS) throw new DicomError(frameTooLarge(info));
  const frame = await decodeDicomFrame(bytes, frameIndex);
  if (frame.channels === 3) return { data: frame.data as Uint8Array, width: frame.width, height: frame.height, channels: 3 };
  const window = pick === 'file' ? info.windows[0] : undefined;
  let data: Uint8Array;
  if (typeof pick === 'object') data = applyWindow(frame, pick.center, pick.width);
  else if (window) data = applyWindow(frame, window.center, window.width, info.voiLutFunction);
  else if (pick === 'file' && info.voiLut) data = applyVoiLut(frame, info.voiLut);
  else {
    const h = histogramWindow(frame.data);
    data = applyWindow(frame, h.center, h.width);
  }
  return { data, width: frame.width, height: frame.height, channels: 1 };
}

/**
 * A 16-bit greyscale PNG or TIFF, upright and made to fit `size`×`size`, through the histogram
 * window of its 16-bit values (taken after the resize, which averages but does not round them),
 * or through the window `pick` gives.
 */
export async function grey16DisplayPixels(file: string, size: number, pick: WindowPick = 'auto'): Promise<DisplayPixels> {
  const { data, info } = await decode(file)
    .rotate()
    .resize(size, size, { fit: 'inside', withoutEnlargement: true })
    .toColourspace('grey16')
    .removeAlpha()
    .raw({ depth: 'ushort' })
    .toBuffer({ resolveWithObject: true });
  const aligned = data.byteOffset % 2 === 0 ? data : Buffer.from(data);
  const values = new Uint16Array(aligned.buffer, aligned.byteOffset, info.width * info.height);
  const { center, width } = typeof pick === 'object' ? pick : histogramWindow(values);
  return { data: applyWindow({ data: values }, center, width), width: info.width, height: info.height, channels: 1 };
}
