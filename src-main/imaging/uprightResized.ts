import { fromRaw, decode } from './sharpSafe.js';
import type { UprightPixels } from './uprightPixels.js';
import { dicomDisplayPixelsOffThread } from './dicomThread.js';
import { grey16DisplayPixels } from './windowedPixels.js';

/** How an image's pixels become 8-bit (thumbnails.ts `renderOf`): as libvips reads them, a DICOM frame windowed, 16-bit grey windowed. */
export type Render = 'plain' | 'dicom' | 'grey16';

/** The upright size of a file libvips reads (EXIF orientation applied), from its header. */
export async function uprightSize(file: string): Promise<{ width: number; height: number }> {
  const m = await decode(file).metadata();
  const w = m.width ?? 0;
  const h = m.height ?? 0;
  return (m.orientation ?? 1) >= 5 ? { width: h, height: w } : { width: w, height: h };
}

async function plain(file: string, width: number, height: number): Promise<UprightPixels> {
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

/**
 * A user's image as the app shows it (upright; a DICOM frame or a 16-bit image through its window),
 * resized to exactly width×height with libvips' antialiased resize, grey or RGB 8-bit: what a SAM
 * encoder is fed (the longest side 1024). `frame` is a DICOM row's 1-based frame. `expect` is the
 * upright size the store holds: a file that is now another size is refused (CONFLICT upstream).
 */
export async function decodeUprightResized(
  file: string,
  how: { render: Render; frame: number | null },
  expect: { width: number; height: number },
  width: number,
  height: number,
): Promise<UprightPixels | { changed: { width: number; height: number } }> {
  if (how.render === 'plain') {
    const now = await uprightSize(file);
    if (now.width !== expect.width || now.height !== expect.height) return { changed: now };
    return plain(file, width, height);
  }
  if (how.render === 'grey16') {
    const now = await uprightSize(file);
    if (now.width !== expect.width || now.height !== expect.height) return { changed: now };
  }
  const px = how.render === 'dicom' ? await dicomDisplayPixelsOffThread(file, (how.frame ?? 1) - 1) : await grey16DisplayPixels(file, Math.max(width, height));
  if (how.render === 'dicom' && (px.width !== expect.width || px.height !== expect.height)) return { changed: { width: px.width, height: px.height } };
  const { data, info } = await fromRaw(px.data, { width: px.width, height: px.height, channels: px.channels })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  // libvips may hand grey back as sRGB after the resize: the channel count is what it gives.
  if (info.channels !== 1 && info.channels !== 3) throw new Error(`resized to ${info.channels} channels`);
  return { width: info.width, height: info.height, channels: info.channels, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
