import { decode, fromRaw } from '../imaging/sharpSafe.js';
import type { ModelInputSpec } from './modelConfig.js';
import { LETTERBOX_GREY, type Placement, placement, toTensorData } from './preprocess.js';

/**
 * A user's image as a model's input tensor: decoded upright (EXIF orientation applied) through the
 * bounded decoder, placed by the spec's resize mode (sharp resamples), normalised to NCHW floats.
 * `imageW`×`imageH` is the upright size the store recorded; a file that decodes to another size
 * changed since the scan and is refused (boxes would land in the wrong place).
 */
export async function modelInput(file: string, imageW: number, imageH: number, spec: ModelInputSpec): Promise<{ data: Float32Array; placement: Placement }> {
  const p = placement(imageW, imageH, spec.width, spec.height, spec.resize);
  const upright = await decode(file).rotate().toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (upright.info.width !== imageW || upright.info.height !== imageH) {
    throw new Error(`the file is now ${upright.info.width}×${upright.info.height} px, not ${imageW}×${imageH} as scanned: scan the dataset again`);
  }
  let pipeline = fromRaw(upright.data, { width: imageW, height: imageH, channels: upright.info.channels as 3 }).resize(p.resizeW, p.resizeH, {
    fit: 'fill',
    kernel: 'linear',
  });
  if (spec.resize === 'letterbox') {
    const grey = { r: LETTERBOX_GREY, g: LETTERBOX_GREY, b: LETTERBOX_GREY };
    pipeline = pipeline.extend({ left: p.left, top: p.top, right: p.inputW - p.resizeW - p.left, bottom: p.inputH - p.resizeH - p.top, background: grey });
  } else if (spec.resize === 'shorter-then-center-crop') {
    pipeline = pipeline.extract({ left: -p.left, top: -p.top, width: p.inputW, height: p.inputH });
  }
  const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.width !== p.inputW || info.height !== p.inputH || info.channels !== 3) throw new Error(`resized to ${info.width}×${info.height}×${info.channels}, expected ${p.inputW}×${p.inputH}×3`);
  return { data: toTensorData(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), p.inputW, p.inputH, spec), placement: p };
}
