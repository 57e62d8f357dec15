import { renderOf } from '../imaging/renderKind.js';
import { type DisplayPixels, type WindowPick, dicomDisplayPixels, grey16DisplayPixels } from '../imaging/windowedPixels.js';
import { decode, fromRaw } from '../imaging/sharpSafe.js';
import type { ModelInputSpec } from './modelConfig.js';
import { LETTERBOX_GREY, type Placement, placement, toTensorData } from './preprocess.js';

/** Which image of the dataset a model is fed, as the store knows it. */
export interface InputSource {
  file: string;
  /** Upright size as scanned. */
  width: number;
  height: number;
  /** 1-based frame of a multi-frame DICOM file, or null. */
  frame: number | null;
  format: string | null;
  bitsStored: number | null;
}

/**
 * The upright 8-bit pixels a model sees: a DICOM frame (or single-frame file) and a 16-bit
 * greyscale image through a window (`pick`: the file's own by default, as the library shows it),
 * anything else decoded by libvips with its EXIF orientation applied, grey or RGB as the model takes.
 */
async function sourcePixels(src: InputSource, pick: WindowPick, channels: 1 | 3): Promise<DisplayPixels> {
  const render = renderOf(src);
  if (render === 'dicom') return dicomDisplayPixels(src.file, (src.frame ?? 1) - 1, pick);
  if (render === 'grey16') return grey16DisplayPixels(src.file, Math.max(src.width, src.height), pick === 'file' ? 'auto' : pick);
  const upright = await decode(src.file)
    .rotate()
    .toColourspace(channels === 1 ? 'b-w' : 'srgb')
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(upright.data.buffer, upright.data.byteOffset, upright.data.byteLength), width: upright.info.width, height: upright.info.height, channels: upright.info.channels as 1 | 3 };
}

/**
 * A user's image as a model's input tensor: its upright 8-bit pixels (sourcePixels), placed by the
 * spec's resize mode (sharp resamples), as grey or RGB per the model's input `channels`, normalised
 * to NCHW floats. `width`×`height` is the upright size the store recorded; a file that decodes to
 * another size changed since the scan and is refused (boxes would land in the wrong place).
 */
export async function modelInput(src: InputSource, spec: ModelInputSpec, opts: { channels: 1 | 3; window: WindowPick }): Promise<{ data: Float32Array; placement: Placement }> {
  const { width: imageW, height: imageH } = src;
  const p = placement(imageW, imageH, spec.width, spec.height, spec.resize);
  const px = await sourcePixels(src, opts.window, opts.channels);
  if (px.width !== imageW || px.height !== imageH) {
    throw new Error(`the file is now ${px.width}×${px.height} px, not ${imageW}×${imageH} as scanned: scan the dataset again`);
  }
  // Said every time: libvips would otherwise choose the output bands itself (grey in, RGB out).
  let pipeline = fromRaw(px.data, { width: imageW, height: imageH, channels: px.channels })
    .toColourspace(opts.channels === 1 ? 'b-w' : 'srgb')
    .resize(p.resizeW, p.resizeH, { fit: 'fill', kernel: 'linear' });
  if (spec.resize === 'letterbox') {
    const grey = { r: LETTERBOX_GREY, g: LETTERBOX_GREY, b: LETTERBOX_GREY };
    pipeline = pipeline.extend({ left: p.left, top: p.top, right: p.inputW - p.resizeW - p.left, bottom: p.inputH - p.resizeH - p.top, background: grey });
  } else if (spec.resize === 'shorter-then-center-crop') {
    pipeline = pipeline.extract({ left: -p.left, top: -p.top, width: p.inputW, height: p.inputH });
  }
  const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.width !== p.inputW || info.height !== p.inputH || info.channels !== opts.channels) {
    throw new Error(`resized to ${info.width}×${info.height}×${info.channels}, expected ${p.inputW}×${p.inputH}×${opts.channels}`);
  }
  return { data: toTensorData(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), p.inputW, p.inputH, spec, opts.channels), placement: p };
}
