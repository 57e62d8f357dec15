import { LightboxError } from '../../api/errors.js';

/**
 * The segment-anything ONNX export layout (samexporter, MobileSAM, EfficientSAM, MedSAM and the
 * models X-AnyLabeling loads): what the encoder and the decoder take and give, checked against a
 * session's metadata before anything runs, so a wrong file is refused with the problem named.
 */

/** The side of the square the encoder sees: the image resized so its longest side is this, then padded. */
export const SAM_SIDE = 1024;
/** The side of `mask_input`: the previous answer's low-res mask (zeros on the first click). */
export const SAM_MASK_SIDE = 256;

/** Per-channel mean and standard deviation of SAM's normalisation, in 0–255 RGB. */
export const SAM_MEAN = [123.675, 116.28, 103.53] as const;
export const SAM_STD = [58.395, 57.12, 57.375] as const;

/** The input/output description a session gives (onnxruntime's `inputMetadata`/`outputMetadata`). */
export interface ValueInfo {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: ReadonlyArray<number | string>;
}

/**
 * How the encoder wants its image:
 * - `nchw`: float32 [1,3,1024,1024], normalised and padded (the segment-anything export);
 * - `hwc`: [H,W,3] RGB (uint8 or float32 0–255) of the resized image, which the model normalises
 *   and pads itself (samexporter's "with preprocessing" encoders); padded when its size is fixed.
 */
export interface EncoderLayout {
  input: string;
  format: 'nchw' | 'hwc';
  dtype: 'float32' | 'uint8';
  /** hwc with a fixed [1024,1024,3] input: pad the resized image to the square. */
  padded: boolean;
  output: string;
}

export interface DecoderLayout {
  /** The embedding's shape, as the decoder declares it ([1,256,64,64] for SAM). */
  embeddingShape: ReadonlyArray<number | string>;
}

const DECODER_INPUTS = ['image_embeddings', 'point_coords', 'point_labels', 'mask_input', 'has_mask_input', 'orig_im_size'] as const;
const DECODER_OUTPUTS = ['masks', 'iou_predictions'] as const;

function shapeText(shape: ReadonlyArray<number | string> | undefined): string {
  return shape && shape.length > 0 ? `[${shape.join(',')}]` : '(no shape)';
}

/** A declared shape agrees with `want` where both are numbers (symbolic dimensions match anything). */
function shapeFits(shape: ReadonlyArray<number | string> | undefined, want: ReadonlyArray<number | null>): boolean {
  if (!shape || shape.length !== want.length) return false;
  return want.every((w, i) => w === null || typeof shape[i] !== 'number' || shape[i] === w);
}

function refuse(what: string, role: 'encoder' | 'decoder', problem: string): never {
  throw new LightboxError('BAD_FILE', `${what} is not a SAM ${role} in the segment-anything layout: ${problem}.`);
}

/** Check an encoder's inputs and outputs; `what` names the file for the message. */
export function encoderLayout(inputs: readonly ValueInfo[], outputs: readonly ValueInfo[], what: string): EncoderLayout {
  const tensorInputs = inputs.filter((i) => i.isTensor);
  if (tensorInputs.length !== 1) refuse(what, 'encoder', `it takes ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ') || 'none'}), an encoder takes one image`);
  const inp = tensorInputs[0]!;
  const out = outputs.find((o) => o.name === 'image_embeddings') ?? (outputs.length === 1 ? outputs[0] : undefined);
  if (!out) refuse(what, 'encoder', `it has no output named image_embeddings (it gives ${outputs.map((o) => o.name).join(', ') || 'nothing'})`);
  const shape = inp.shape ?? [];
  if (shape.length === 4) {
    if (!shapeFits(shape, [1, 3, SAM_SIDE, SAM_SIDE])) refuse(what, 'encoder', `its input ${inp.name} is ${shapeText(shape)}, expected [1,3,${SAM_SIDE},${SAM_SIDE}]`);
    if (inp.type !== 'float32') refuse(what, 'encoder', `its input ${inp.name} holds ${inp.type}, expected float32`);
    return { input: inp.name, format: 'nchw', dtype: 'float32', padded: true, output: out.name };
  }
  if (shape.length === 3) {
    if (!shapeFits(shape, [null, null, 3])) refuse(what, 'encoder', `its input ${inp.name} is ${shapeText(shape)}, expected [H,W,3]`);
    if (inp.type !== 'float32' && inp.type !== 'uint8') refuse(what, 'encoder', `its input ${inp.name} holds ${inp.type}, expected uint8 or float32`);
    const fixed = typeof shape[0] === 'number' || typeof shape[1] === 'number';
    if (fixed && !shapeFits(shape, [SAM_SIDE, SAM_SIDE, 3])) refuse(what, 'encoder', `its input ${inp.name} is ${shapeText(shape)}, expected [${SAM_SIDE},${SAM_SIDE},3] or [H,W,3]`);
    return { input: inp.name, format: 'hwc', dtype: inp.type, padded: fixed, output: out.name };
  }
  return refuse(what, 'encoder', `its input ${inp.name} is ${shapeText(shape)}, expected [1,3,${SAM_SIDE},${SAM_SIDE}] or [H,W,3]`);
}

/** Check a decoder's inputs and outputs by name and shape. */
export function decoderLayout(inputs: readonly ValueInfo[], outputs: readonly ValueInfo[], what: string): DecoderLayout {
  const byName = new Map(inputs.map((i) => [i.name, i]));
  const missing = DECODER_INPUTS.filter((n) => !byName.has(n));
  if (missing.length > 0) refuse(what, 'decoder', `it has no input${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (it takes ${inputs.map((i) => i.name).join(', ') || 'nothing'})`);
  const extra = inputs.filter((i) => !(DECODER_INPUTS as readonly string[]).includes(i.name));
  if (extra.length > 0) refuse(what, 'decoder', `it takes input${extra.length > 1 ? 's' : ''} Lightbox does not know how to fill: ${extra.map((i) => i.name).join(', ')}`);
  const outNames = new Set(outputs.map((o) => o.name));
  const missingOut = DECODER_OUTPUTS.filter((n) => !outNames.has(n));
  if (missingOut.length > 0) refuse(what, 'decoder', `it has no output${missingOut.length > 1 ? 's' : ''} ${missingOut.join(', ')} (it gives ${outputs.map((o) => o.name).join(', ') || 'nothing'})`);
  const want: Record<(typeof DECODER_INPUTS)[number], ReadonlyArray<number | null>> = {
    image_embeddings: [1, null, null, null],
    point_coords: [1, null, 2],
    point_labels: [1, null],
    mask_input: [1, 1, SAM_MASK_SIDE, SAM_MASK_SIDE],
    has_mask_input: [1],
    orig_im_size: [2],
  };
  for (const name of DECODER_INPUTS) {
    const i = byName.get(name)!;
    if (!shapeFits(i.shape, want[name])) {
      refuse(what, 'decoder', `its input ${name} is ${shapeText(i.shape)}, expected [${want[name].map((d) => d ?? '?').join(',')}]`);
    }
    if (i.type !== 'float32') refuse(what, 'decoder', `its input ${name} holds ${i.type}, expected float32`);
  }
  return { embeddingShape: byName.get('image_embeddings')!.shape ?? [] };
}

/** The embedding an encoder gave must be what the decoder takes. */
export function checkPair(embeddingDims: readonly number[], decoder: DecoderLayout, encoderName: string, decoderName: string): void {
  if (!shapeFits(decoder.embeddingShape, embeddingDims.map((d) => d)) || embeddingDims.length !== 4) {
    throw new LightboxError(
      'BAD_FILE',
      `${encoderName} and ${decoderName} do not belong together: the encoder gives embeddings of [${embeddingDims.join(',')}], the decoder takes ${shapeText(decoder.embeddingShape)}.`,
    );
  }
}

/** The size of the image the encoder sees (longest side 1024), as segment-anything's ResizeLongestSide rounds it. */
export function resizedSize(width: number, height: number): { width: number; height: number } {
  const scale = SAM_SIDE / Math.max(width, height);
  return { width: Math.floor(width * scale + 0.5), height: Math.floor(height * scale + 0.5) };
}
