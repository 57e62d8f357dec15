import { decode } from './sharpSafe.js';
import type { UprightPixels } from './uprightPixels.js';

/** The upright size of a file (EXIF orientation applied), from its header. */
export async function uprightSize(file: string): Promise<{ width: number; height: number }> {
  const m = await decode(file).metadata();
  const w = m.width ?? 0;
  const h = m.height ?? 0;
  return (m.orientation ?? 1) >= 5 ? { width: h, height: w } : { width: w, height: h };
}

/**
 * A user's image decoded upright (EXIF orientation applied, alpha dropped) and resized to exactly
 * width×height with libvips' antialiased resize, grey or RGB 8-bit: what a SAM encoder is fed
 * (the longest side 1024). Goes through `decode()`, so the pixel cap and allowed formats apply.
 */
export async function decodeUprightResized(file: string, width: number, height: number): Promise<UprightPixels> {
  const run = (srgb: boolean) => {
    let p = decode(file).rotate();
    if (srgb) p = p.toColourspace('srgb');
    return p.resize(width, height, { fit: 'fill', kernel: 'linear' }).removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  };
  let { data, info } = await run(false);
  if (info.channels !== 1 && info.channels !== 3) ({ data, info } = await run(true));
  if (info.channels !== 1 && info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
  return { width: info.width, height: info.height, channels: info.channels, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
