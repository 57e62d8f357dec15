import type { ExportOptions } from '../api/exports.js';
import { decode } from './sharpSafe.js';

/**
 * Images as an export writes them: upright, placed in the requested size (cover, contain, fill),
 * re-encoded, metadata stripped unless asked to keep it. `placement` is the arithmetic alone,
 * which region exporters use to move their shapes into the written image.
 */

export type Fit = 'cover' | 'contain' | 'fill';
export type Encoding = 'jpeg' | 'png' | 'webp' | 'tiff';

export interface ImageOptions {
  size: { width: number; height: number } | null;
  fit: Fit;
  imageFormat: 'keep' | 'jpeg' | 'png';
  stripMetadata: boolean;
}

export function imageOptions(o: ExportOptions): ImageOptions {
  return { size: o.size ?? null, fit: o.fit ?? 'cover', imageFormat: o.imageFormat ?? 'keep', stripMetadata: o.stripMetadata ?? true };
}

/** The encoding written for a source encoding. GIF becomes PNG: torchvision's ImageFolder does not list .gif. */
export function outputEncoding(sourceFormat: string, imageFormat: ImageOptions['imageFormat']): Encoding {
  if (imageFormat !== 'keep') return imageFormat;
  if (sourceFormat === 'jpeg' || sourceFormat === 'png' || sourceFormat === 'webp' || sourceFormat === 'tiff') return sourceFormat;
  return 'png';
}

/**
 * Where the upright source lands in the output: a source pixel (x, y) is at
 * (x * scaleX + offsetX, y * scaleY + offsetY) in the written image. Region exporters map their
 * coordinates with it; for cover, parts may fall outside [0, width) × [0, height).
 */
export interface Placement {
  width: number;
  height: number;
  scaleX: number;
  scaleY: number;
  offsetX: number;
  offsetY: number;
}

interface Plan extends Placement {
  /** Size to scale the upright source to, before cropping (cover) or padding (contain). */
  resize: { width: number; height: number } | null;
  crop: { left: number; top: number; width: number; height: number } | null;
  pad: { top: number; bottom: number; left: number; right: number } | null;
}

/** How an upright `srcW` × `srcH` image becomes `size` with `fit`. Pure arithmetic, shared with region exporters. */
export function placement(srcW: number, srcH: number, size: ImageOptions['size'], fit: Fit): Plan {
  const none = { crop: null, pad: null };
  if (!size) return { width: srcW, height: srcH, scaleX: 1, scaleY: 1, offsetX: 0, offsetY: 0, resize: null, ...none };
  const { width: W, height: H } = size;
  if (fit === 'fill') return { width: W, height: H, scaleX: W / srcW, scaleY: H / srcH, offsetX: 0, offsetY: 0, resize: { width: W, height: H }, ...none };
  if (fit === 'cover') {
    const s = Math.max(W / srcW, H / srcH);
    const rw = Math.max(W, Math.round(srcW * s));
    const rh = Math.max(H, Math.round(srcH * s));
    const left = Math.floor((rw - W) / 2);
    const top = Math.floor((rh - H) / 2);
    return {
      width: W,
      height: H,
      scaleX: rw / srcW,
      scaleY: rh / srcH,
      offsetX: -left,
      offsetY: -top,
      resize: { width: rw, height: rh },
      crop: rw === W && rh === H ? null : { left, top, width: W, height: H },
      pad: null,
    };
  }
  const s = Math.min(W / srcW, H / srcH);
  const cw = Math.min(W, Math.max(1, Math.round(srcW * s)));
  const ch = Math.min(H, Math.max(1, Math.round(srcH * s)));
  const left = Math.floor((W - cw) / 2);
  const top = Math.floor((H - ch) / 2);
  return {
    width: W,
    height: H,
    scaleX: cw / srcW,
    scaleY: ch / srcH,
    offsetX: left,
    offsetY: top,
    resize: { width: cw, height: ch },
    crop: null,
    pad: cw === W && ch === H ? null : { top, bottom: H - ch - top, left, right: W - cw - left },
  };
}

/** JPEG quality for every export: visually lossless for training, a third the size of 100. */
const JPEG_QUALITY = 92;

/**
 * Decode `file` (through `decode()`, with its limits), turn it upright, place it in the output
 * size, and encode it: 8 bits per channel; grayscale stays one channel, everything else becomes
 * sRGB (CMYK and wide-gamut profiles converted); transparency is kept where the encoding has it and
 * laid on white for JPEG; padding is black. Metadata (EXIF with GPS and maker notes, XMP, IPTC, ICC)
 * is dropped unless `stripMetadata` is false.
 */
export async function encodeImage(file: string, enc: Encoding, opts: ImageOptions): Promise<{ data: Buffer; placement: Placement }> {
  const img = decode(file);
  const meta = await img.metadata();
  if (!meta.width || !meta.height) throw new Error('not a supported image format');
  const orientation = meta.orientation ?? 1;
  const swap = orientation >= 5 && orientation <= 8;
  const plan = placement(swap ? meta.height : meta.width, swap ? meta.width : meta.height, opts.size, opts.fit);
  const gray = meta.space === 'b-w' || meta.space === 'grey16' || (meta.channels ?? 3) <= 2;
  const alpha = !!meta.hasAlpha && enc !== 'jpeg';

  img.rotate();
  if (plan.resize) img.resize(plan.resize.width, plan.resize.height, { fit: 'fill' });
  if (plan.crop) img.extract(plan.crop);
  if (meta.hasAlpha && enc === 'jpeg') img.flatten({ background: '#ffffff' });
  if (plan.pad) img.extend({ ...plan.pad, background: { r: 0, g: 0, b: 0, alpha: alpha ? 0 : 1 } });
  if (!opts.stripMetadata) img.keepMetadata();
  img.toColourspace(gray ? 'b-w' : 'srgb');
  if (enc === 'jpeg') img.jpeg({ quality: JPEG_QUALITY });
  else if (enc === 'png') img.png({ compressionLevel: 6 });
  else if (enc === 'webp') img.webp({ quality: JPEG_QUALITY });
  else img.tiff({ compression: 'lzw' });
  const data = await img.toBuffer();
  const { resize: _r, crop: _c, pad: _p, ...placed } = plan;
  return { data, placement: placed };
}
