import sharp, { type Metadata, type Sharp } from 'sharp';
import type { ExportOptions } from '../api/exports.js';
import { type ExifFlags, exifFlags } from '../privacy/exifScan.js';
import { type Redaction, coverMask, placedShapes, redactPixels } from '../privacy/redaction.js';
import { DicomError, applyVoiLut, applyWindow, decodeDicomFrame, histogramWindow, readDicomInfo } from './dicom/index.js';
import { MAX_DICOM_FRAME_PIXELS, frameTooLarge, readDicomBytes } from './dicomFile.js';
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
  /** How DICOM and 16-bit greyscale values become pixels (ExportOptions.window); null: the default. */
  window: WindowChoice | null;
  /** How redaction regions hide their pixels (ExportOptions.redact). */
  redact: Redaction['mode'];
}

export type WindowChoice = NonNullable<ExportOptions['window']>;

/** What the pixels of a source are: a DICOM frame (modality values), a 16-bit greyscale PNG/TIFF, or an ordinary image. */
export type PixelKind = 'dicom' | 'grey16' | 'plain';

export function imageOptions(o: ExportOptions): ImageOptions {
  return {
    size: o.size ?? null,
    fit: o.fit ?? 'cover',
    imageFormat: o.imageFormat ?? 'keep',
    stripMetadata: o.stripMetadata ?? true,
    window: o.window ?? null,
    redact: o.redact ?? 'fill',
  };
}

/** Whether the values of a greyscale source go out at 16 bits (unwindowed) rather than through a window into 8 bits. */
export function keepsSixteenBits(pixels: PixelKind, window: WindowChoice | null): boolean {
  if (pixels === 'dicom') return window === 'none';
  if (pixels === 'grey16') return window === null || window === 'none';
  return false;
}

/**
 * The encoding written for a source encoding. GIF becomes PNG: torchvision's ImageFolder does not
 * list .gif. DICOM becomes PNG (never DICOM: its header holds patient data). A 16-bit greyscale
 * source kept at 16 bits becomes PNG under `keep` (sharp writes TIFF at 8 bits only).
 */
export function outputEncoding(sourceFormat: string, imageFormat: ImageOptions['imageFormat'], pixels: PixelKind = 'plain', window: WindowChoice | null = null): Encoding {
  if (imageFormat !== 'keep') return imageFormat;
  if (keepsSixteenBits(pixels, window)) return 'png';
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
export async function encodeImage(file: string, enc: Encoding, opts: ImageOptions, redact: Redaction | null = null): Promise<EncodedImage> {
  return encodePipeline(decode(file), enc, opts, false, redact);
}

async function encodePipeline(img: Sharp, enc: Encoding, opts: ImageOptions, depth16 = false, redact: Redaction | null = null): Promise<EncodedImage> {
  const meta = await img.metadata();
  if (!meta.width || !meta.height) throw new Error('not a supported image format');
  if (redact && redact.shapes.length > 0) return encodeRedacted(img, meta, enc, opts, depth16, redact);
  const orientation = meta.orientation ?? 1;
  const swap = orientation >= 5 && orientation <= 8;
  const plan = placement(swap ? meta.height : meta.width, swap ? meta.width : meta.height, opts.size, opts.fit);
  const gray = meta.space === 'b-w' || meta.space === 'grey16' || (meta.channels ?? 3) <= 2;
  img.rotate();
  placeInOutput(img, plan, !!meta.hasAlpha, enc);
  if (!opts.stripMetadata) img.keepMetadata();
  const data = await encodeAs(img.toColourspace(depth16 ? 'grey16' : gray ? 'b-w' : 'srgb'), enc);
  return { data, placement: placed(plan), source: exifFlags(meta.exif) };
}

/** Resize, crop (cover), flatten onto white (JPEG has no alpha), pad with black (contain). */
function placeInOutput(img: Sharp, plan: Plan, hasAlpha: boolean, enc: Encoding): void {
  const alpha = hasAlpha && enc !== 'jpeg';
  if (plan.resize) img.resize(plan.resize.width, plan.resize.height, { fit: 'fill' });
  if (plan.crop) img.extract(plan.crop);
  if (hasAlpha && enc === 'jpeg') img.flatten({ background: '#ffffff' });
  if (plan.pad) img.extend({ ...plan.pad, background: { r: 0, g: 0, b: 0, alpha: alpha ? 0 : 1 } });
}

function encodeAs(img: Sharp, enc: Encoding): Promise<Buffer> {
  if (enc === 'jpeg') img.jpeg({ quality: JPEG_QUALITY });
  else if (enc === 'png') img.png({ compressionLevel: 6 });
  else if (enc === 'webp') img.webp({ quality: JPEG_QUALITY });
  else img.tiff({ compression: 'lzw' });
  return img.toBuffer();
}

function placed(plan: Plan): Placement {
  const { resize: _r, crop: _c, pad: _p, ...rest } = plan;
  return rest;
}

type RawInfo = { width: number; height: number; channels: 1 | 2 | 3 | 4 };

async function rawOf(img: Sharp, depth16: boolean): Promise<{ data: Uint8Array | Uint16Array; info: RawInfo }> {
  const { data, info } = await img.raw(depth16 ? { depth: 'ushort' } : undefined).toBuffer({ resolveWithObject: true });
  const aligned = data.byteOffset % 2 === 0 ? data : Buffer.from(data);
  const values = depth16 ? new Uint16Array(aligned.buffer, aligned.byteOffset, data.length / 2) : new Uint8Array(data.buffer, data.byteOffset, data.length);
  return { data: values, info: { width: info.width, height: info.height, channels: info.channels } };
}

/**
 * An image with redactions. Their pixels are redacted in the upright source before it is resized,
 * so nothing of them reaches the output through resampling; with `fill`, the redaction moved into
 * the written image (rounded outward) is filled again after resizing, so it is solid black to its
 * edge whatever the resize blended in from around it. Metadata never survives this path: the
 * pixels went through raw samples.
 */
async function encodeRedacted(img: Sharp, meta: Metadata, enc: Encoding, opts: ImageOptions, depth16: boolean, redact: Redaction): Promise<EncodedImage> {
  const gray = meta.space === 'b-w' || meta.space === 'grey16' || (meta.channels ?? 3) <= 2;
  const space = depth16 ? 'grey16' : gray ? 'b-w' : 'srgb';
  const opaque = depth16 ? 65535 : 255;
  const src = await rawOf(img.rotate().toColourspace(space), depth16);
  const hasAlpha = src.info.channels === 2 || src.info.channels === 4;
  const mask = coverMask(redact.shapes, src.info.width, src.info.height);
  if (mask) redactPixels({ ...src.info, data: src.data, alpha: hasAlpha }, mask, redact.mode, 0, opaque);
  const plan = placement(src.info.width, src.info.height, opts.size, opts.fit);
  const upright = sharp(src.data, { raw: src.info });
  placeInOutput(upright, plan, hasAlpha, enc);
  const out = await rawOf(upright.toColourspace(space), depth16);
  const outMask = redact.mode === 'fill' ? coverMask(placedShapes(redact.shapes, plan), out.info.width, out.info.height) : null;
  if (outMask) redactPixels({ ...out.info, data: out.data, alpha: out.info.channels === 2 || out.info.channels === 4 }, outMask, 'fill', 0, opaque);
  const data = await encodeAs(sharp(out.data, { raw: out.info }).toColourspace(space), enc);
  return { data, placement: placed(plan), source: exifFlags(meta.exif), redacted: true };
}

/** How the written values go back to the modality unit: value × slope + intercept (HU for CT). */
export interface Rescale {
  slope: number;
  intercept: number;
}

export interface EncodedImage {
  data: Buffer;
  placement: Placement;
  /** What the source's EXIF held (removed unless kept). */
  source: ExifFlags;
  /** Set when modality values were written at 16 bits (`window: none` on DICOM). */
  rescale?: Rescale;
  /** Set when a 16-bit image went through its histogram window only because the encoding holds 8 bits. */
  windowedForEncoding?: boolean;
  /** Set when redaction regions were filled or blurred in it. */
  redacted?: boolean;
}

/**
 * One export image from any source, the single path every format writes pixels through:
 * ordinary images as `encodeImage`; a 16-bit greyscale PNG/TIFF at 16 bits into PNG (values
 * unchanged, resized by libvips at 16 bits) or through a window into 8 bits; a DICOM frame
 * decoded by `decodeDicomFrame` and written through its window, or at 16 bits with the rescale
 * back to its modality unit (`window: none`). `redact` hides its regions' pixels in every one of
 * these paths (see encodeRedacted).
 */
export async function encodeExportImage(
  file: string,
  pixels: PixelKind,
  frame: number | null,
  enc: Encoding,
  opts: ImageOptions,
  redact: Redaction | null = null,
): Promise<EncodedImage> {
  if (pixels === 'plain') return encodeImage(file, enc, opts, redact);
  const sixteen = keepsSixteenBits(pixels, opts.window);
  if (pixels === 'grey16') {
    if (sixteen && enc === 'png') return encodePipeline(decode(file), enc, opts, true, redact);
    // A window into 8 bits: asked for, or needed because the encoding cannot hold 16 bits.
    const { data, info } = await decode(file).rotate().toColourspace('grey16').removeAlpha().raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    const aligned = data.byteOffset % 2 === 0 ? data : Buffer.from(data);
    const values = new Uint16Array(aligned.buffer, aligned.byteOffset, info.width * info.height);
    const w = opts.window === null || opts.window === 'none' || opts.window === 'file' || opts.window === 'auto' ? histogramWindow(values) : opts.window;
    const grey = applyWindow({ data: values }, w.center, w.width);
    const encoded = await encodePipeline(rawGrey(grey, info.width, info.height), enc, { ...opts, stripMetadata: true }, false, redact);
    return sixteen ? { ...encoded, windowedForEncoding: true } : encoded;
  }
  const bytes = await readDicomBytes(file);
  const info = readDicomInfo(bytes);
  if (info.rows * info.columns > MAX_DICOM_FRAME_PIXELS) throw new DicomError(frameTooLarge(info));
  const f = await decodeDicomFrame(bytes, (frame ?? 1) - 1);
  const raw = { stripMetadata: true };
  if (f.channels === 3) {
    const rgb = sharp(f.data as Uint8Array, { raw: { width: f.width, height: f.height, channels: 3 } });
    return encodePipeline(rgb, enc, { ...opts, ...raw }, false, redact);
  }
  if (sixteen) {
    if (enc !== 'png') throw new DicomError('cannot be written at 16 bits as JPEG: export as PNG to keep the values');
    // Integer steps of the stored values: (value − intercept) / slope, as the file stored them;
    // a Modality LUT's output is already integer.
    const slope = info.modalityLut ? 1 : info.rescaleSlope || 1;
    const intercept = info.modalityLut ? 0 : info.rescaleIntercept;
    const n = f.width * f.height;
    const steps = new Float64Array(n);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const q = Math.round((f.data[i]! - intercept) / slope);
      steps[i] = q;
      if (q < lo) lo = q;
      if (q > hi) hi = q;
    }
    const base = lo < 0 ? lo : 0;
    if (hi - base > 65535) throw new DicomError(`values span ${hi - base + 1} steps, more than a 16-bit PNG holds: export with a window instead`);
    const out = new Uint16Array(n);
    for (let i = 0; i < n; i++) out[i] = steps[i]! - base;
    const encoded = await encodePipeline(sharp(out, { raw: { width: f.width, height: f.height, channels: 1 } }), enc, { ...opts, ...raw }, true, redact);
    return { ...encoded, rescale: { slope, intercept: intercept + base * slope } };
  }
  const choice = opts.window ?? 'file';
  let grey: Uint8Array;
  const fileWindow = info.windows[0];
  if (typeof choice === 'object') grey = applyWindow(f, choice.center, choice.width);
  else if (choice === 'file' && fileWindow) grey = applyWindow(f, fileWindow.center, fileWindow.width, info.voiLutFunction);
  else if (choice === 'file' && info.voiLut) grey = applyVoiLut(f, info.voiLut);
  else {
    const h = histogramWindow(f.data);
    grey = applyWindow(f, h.center, h.width);
  }
  return encodePipeline(rawGrey(grey, f.width, f.height), enc, { ...opts, ...raw }, false, redact);
}

function rawGrey(data: Uint8Array, width: number, height: number): Sharp {
  return sharp(data, { raw: { width, height, channels: 1 } });
}
