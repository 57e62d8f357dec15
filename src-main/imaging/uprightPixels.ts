import { decode } from './sharpSafe.js';

/** An upright 8-bit image: `data[(y * width + x) * channels + c]`, grey (1) or RGB (3). */
export interface UprightPixels {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/**
 * Decode a user's image to raw 8-bit pixels of the upright image (EXIF orientation applied, alpha
 * dropped), grey when it is grey and RGB otherwise: what the region assists work on. Goes through
 * `decode()`, so the pixel cap and the allowed formats apply.
 */
export async function decodeUprightPixels(file: string): Promise<UprightPixels> {
  const first = await decode(file).rotate().removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  let { data, info } = first;
  if (info.channels !== 1 && info.channels !== 3) {
    // CMYK and other spaces: as sRGB.
    ({ data, info } = await decode(file).rotate().toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true }));
  }
  if (info.channels !== 1 && info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
  return { width: info.width, height: info.height, channels: info.channels, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
