import fs from 'node:fs';
import path from 'node:path';
import type { MedicalInfo } from '../api/images.js';
import { hasDicomPreamble } from '../dataset/imageMagic.js';
import { IMAGE_TYPES, isDicomExtension } from '../dataset/imageTypes.js';
import { BmpError, isBmp, readBmpHeader } from './bmp.js';
import { probeDicom } from './dicomFile.js';
import { MAX_INPUT_PIXELS, decode, decodeFailureReason } from './sharpSafe.js';

/** BMP from its header (libvips cannot read BMP; imaging/bmp.ts decodes it when pixels are needed). */
function probeBmp(input: string | Buffer): ProbeResult {
  let head: Buffer;
  let size: number;
  if (typeof input === 'string') {
    let fd: number;
    try {
      fd = fs.openSync(input, 'r');
    } catch {
      return { ok: false, reason: 'file cannot be read' };
    }
    try {
      head = Buffer.alloc(256);
      head = head.subarray(0, fs.readSync(fd, head, 0, 256, 0));
      size = fs.fstatSync(fd).size;
    } finally {
      fs.closeSync(fd);
    }
  } else {
    head = input;
    size = input.length;
  }
  try {
    const h = readBmpHeader(head);
    if (h.width * h.height > MAX_INPUT_PIXELS) return { ok: false, reason: `image is too large to decode safely (${h.width}×${h.height} pixels)` };
    const stride = Math.floor((h.bitsPerPixel * h.width + 31) / 32) * 4;
    if (h.pixelOffset + stride * h.height > size) return { ok: false, reason: 'file is truncated or damaged' };
    return { ok: true, probe: { width: h.width, height: h.height, orientation: 1, format: 'bmp' } };
  } catch (e) {
    return { ok: false, reason: e instanceof BmpError ? e.message : 'file is truncated or damaged' };
  }
}

export interface Probe {
  /** Upright size: EXIF orientation 5–8 swap width and height. */
  width: number;
  height: number;
  orientation: number;
  format: string;
  /** Frames of a multi-frame DICOM file (each becomes an image); absent or 1 for one image. */
  frames?: number;
  /** What a DICOM or a 16-bit greyscale image says about its values (see api/images.ts). */
  medical?: MedicalInfo;
}

export type ProbeResult = { ok: true; probe: Probe } | { ok: false; reason: string };

/** Header read only: no pixels decoded, except a tiny check that the data really is an image. */
export async function probeImage(input: string | Buffer): Promise<ProbeResult> {
  if (typeof input === 'string' ? /\.bmp$/i.test(input) : isBmp(input)) return probeBmp(input);
  if (typeof input === 'string') {
    // The scan lists DICOM files by their content whatever their name; a `.png` is not sniffed again.
    const ext = path.extname(input).toLowerCase();
    if (isDicomExtension(ext) || (!(ext in IMAGE_TYPES) && hasDicomPreamble(input))) return probeDicom(input);
  }
  try {
    const meta = await decode(input).metadata();
    if (!meta.width || !meta.height || !meta.format) return { ok: false, reason: 'not a supported image format' };
    const orientation = meta.orientation ?? 1;
    const swap = orientation >= 5 && orientation <= 8;
    return {
      ok: true,
      probe: {
        width: swap ? meta.height : meta.width,
        height: swap ? meta.width : meta.height,
        orientation,
        format: meta.format === 'heif' ? 'heif' : meta.format,
        // A 16-bit greyscale PNG or TIFF (a CT or MR slice saved by a script): shown through a window.
        ...(meta.depth === 'ushort' && (meta.channels === 1 || meta.channels === 2) ? { medical: grey16Info() } : {}),
      },
    };
  } catch (e) {
    return { ok: false, reason: decodeFailureReason(e) };
  }
}

function grey16Info(): MedicalInfo {
  return {
    modality: null,
    photometric: null,
    bitsStored: 16,
    rescaleSlope: 1,
    rescaleIntercept: 0,
    rescaleType: null,
    window: null,
    pixelSpacing: null,
    seriesNumber: null,
    instanceNumber: null,
    seriesDescription: null,
    frames: 1,
  };
}
