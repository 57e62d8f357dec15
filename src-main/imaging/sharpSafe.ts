import fs from 'node:fs';
import sharp, { type Sharp, type SharpOptions } from 'sharp';
import { BmpError, decodeBmp, isBmp } from './bmp.js';

/**
 * Every decode of a user's file goes through `decode()`, so the limits are set in one place:
 * a pixel cap against decompression bombs, the first page/frame only, and only the loaders
 * of the formats Lightbox indexes (no SVG, PDF, HEIF, raw camera files, ...).
 */

/** 24k × 24k: well above any camera or slide a person labels here, far below a bomb. */
export const MAX_INPUT_PIXELS = 576_000_000;

/** libvips loader class names (each covers its File/Buffer/Source variants). GIF is read by nsgif. */
const ALLOWED_LOADERS = ['VipsForeignLoadJpeg', 'VipsForeignLoadPng', 'VipsForeignLoadWebp', 'VipsForeignLoadTiff', 'VipsForeignLoadNsgif'];

let locked = false;
function lockLoaders(): void {
  if (locked) return;
  sharp.block({ operation: ['VipsForeignLoad'] });
  sharp.unblock({ operation: ALLOWED_LOADERS });
  // Keep memory steady when many files are read once each.
  sharp.cache({ files: 0, items: 50, memory: 64 });
  locked = true;
}

export const decodeOptions: SharpOptions = {
  limitInputPixels: MAX_INPUT_PIXELS,
  failOn: 'error',
  pages: 1,
  page: 0,
  sequentialRead: true,
};

/**
 * A sharp pipeline over a user's image with the limits above. BMP, which libvips cannot read, is
 * decoded here to raw pixels first (a `.bmp` path, or a buffer starting with "BM").
 */
export function decode(input: string | Buffer, extra: SharpOptions = {}): Sharp {
  lockLoaders();
  const bmp = typeof input === 'string' ? (/\.bmp$/i.test(input) ? fs.readFileSync(input) : null) : isBmp(input) ? input : null;
  if (bmp) {
    // Throws BmpError with a reason for the library; callers await decodes inside try blocks.
    const { data, width, height } = decodeBmp(bmp, MAX_INPUT_PIXELS);
    return sharp(data, { raw: { width, height, channels: 4 } });
  }
  return sharp(input, { ...decodeOptions, ...extra });
}

/** A sharp pipeline over raw pixels the app made itself (masks, generated images). */
export function fromRaw(data: Buffer | Uint8Array, raw: { width: number; height: number; channels: 1 | 2 | 3 | 4 }): Sharp {
  lockLoaders();
  return sharp(data, { raw });
}

/** Turn a sharp/libvips error into a short reason for the library ("truncated JPEG"...). */
export function decodeFailureReason(e: unknown): string {
  if (e instanceof BmpError) return e.message;
  const msg = e instanceof Error ? e.message : String(e);
  if (/pixel limit|exceeds pixel limit/i.test(msg)) return 'image is too large to decode safely (over the pixel limit)';
  if (/unsupported image format/i.test(msg)) return 'not a supported image format';
  if (/premature end|truncated|unexpected end|short read|Invalid SOS|EOF/i.test(msg)) return 'file is truncated or damaged';
  if (/operation is blocked|blocked/i.test(msg)) return 'format is not allowed';
  if (/empty|zero/i.test(msg)) return 'file is empty';
  // libvips keeps one error buffer for all threads: when decodes run in parallel, a failing one can
  // find its message already taken by another and sharp reports only "Unknown error".
  if (/^\s*(unknown error)?\s*$/i.test(msg)) return 'file is truncated or damaged (it could not be decoded)';
  if (/corrupt header|bad header|invalid header|not a (png|jpeg|tiff|gif|webp)/i.test(msg)) return 'file header is damaged';
  // Anything else is a decoder's own words ("tiff2vips: samples out of range"): not for the person.
  return 'file could not be decoded';
}
