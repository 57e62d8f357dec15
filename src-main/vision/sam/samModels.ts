import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../../api/errors.js';
import { MAX_MODEL_BYTES, onnxRuntime, openOnnxSession, type InferenceSession } from '../../models/onnxRuntime.js';
import { checkPair, type DecoderLayout, decoderLayout, type EncoderLayout, encoderLayout, type ValueInfo } from './samLayout.js';
import { decoderFeeds, encoderFeed, keptMask, lowResOf, type ResizedImage, type SamBox, type SamMask, type SamPoint } from './samTensors.js';

/**
 * Open SAM encoder and decoder sessions (checked against the layout) and run them. Sessions are
 * kept by file hash, so a second click on the same model does not parse it again.
 */

/** An embedding: the encoder's output, float32. */
export interface Embedding {
  dims: number[];
  data: Float32Array;
}

/** The largest embedding Lightbox keeps (SAM's is 4 MB): a bigger one is a model it does not know. */
export const MAX_EMBEDDING_FLOATS = 16 * 1024 * 1024;

interface Opened<L> {
  session: InferenceSession;
  layout: L;
  name: string;
}

const encoders = new Map<string, Promise<Opened<EncoderLayout>>>();
const decoders = new Map<string, Promise<Opened<DecoderLayout>>>();

function readModel(file: string, role: string): Uint8Array {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new LightboxError('NOT_FOUND', `The SAM ${role} ${file} does not exist: choose the .onnx file again.`);
  }
  if (!st.isFile()) throw new LightboxError('BAD_FILE', `The SAM ${role} ${file} is not a file.`);
  if (st.size > MAX_MODEL_BYTES) throw new LightboxError('BAD_FILE', `${path.basename(file)} is larger than 2 GB; Lightbox does not open models that big.`);
  return fs.readFileSync(file);
}

function metadata(list: readonly InferenceSession.ValueMetadata[]): ValueInfo[] {
  return list.map((m) => (m.isTensor ? { name: m.name, isTensor: true, type: m.type, shape: m.shape } : { name: m.name, isTensor: false }));
}

function opened<L>(cache: Map<string, Promise<Opened<L>>>, file: string, hash: string, role: string, check: (s: InferenceSession, name: string) => L): Promise<Opened<L>> {
  let p = cache.get(hash);
  if (!p) {
    p = (async () => {
      const name = path.basename(file);
      const session = await openOnnxSession(readModel(file, role), name);
      try {
        return { session, layout: check(session, name), name };
      } catch (e) {
        await session.release();
        throw e;
      }
    })();
    cache.set(hash, p);
    // A refused or missing file is not remembered: the user may fix it and retry.
    p.catch(() => cache.delete(hash));
  }
  return p;
}

export function openEncoder(file: string, hash: string): Promise<Opened<EncoderLayout>> {
  return opened(encoders, file, hash, 'encoder', (s, name) => encoderLayout(metadata(s.inputMetadata), metadata(s.outputMetadata), name));
}

export function openDecoder(file: string, hash: string): Promise<Opened<DecoderLayout>> {
  return opened(decoders, file, hash, 'decoder', (s, name) => decoderLayout(metadata(s.inputMetadata), metadata(s.outputMetadata), name));
}

/** Check both files before the (long) encoder run, so a wrong decoder is refused at once. */
export async function checkModels(encoder: { file: string; hash: string }, decoder: { file: string; hash: string }): Promise<void> {
  await Promise.all([openEncoder(encoder.file, encoder.hash), openDecoder(decoder.file, decoder.hash)]);
}

/** Run the encoder on the resized image. */
export async function embed(encoder: { file: string; hash: string }, image: ResizedImage): Promise<Embedding> {
  const { session, layout, name } = await openEncoder(encoder.file, encoder.hash);
  const ort = onnxRuntime();
  const feed = encoderFeed(image, layout);
  const tensor = feed.data instanceof Uint8Array ? new ort.Tensor('uint8', feed.data, feed.dims) : new ort.Tensor('float32', feed.data, feed.dims);
  let out: InferenceSession.ReturnType;
  try {
    out = await session.run({ [layout.input]: tensor });
  } catch (e) {
    throw new LightboxError('BAD_FILE', `${name} failed on this image: ${runReason(e)}`);
  }
  const t = out[layout.output]!;
  if (t.type !== 'float32') throw new LightboxError('BAD_FILE', `${name} gave ${t.type} image_embeddings, expected float32.`);
  if (t.data.length > MAX_EMBEDDING_FLOATS) throw new LightboxError('BAD_FILE', `${name} gave an embedding of [${t.dims.join(',')}], larger than a SAM embedding can be.`);
  return { dims: [...t.dims], data: new Float32Array(t.data as Float32Array) };
}

/**
 * Run the decoder on an embedding with a prompt in upright pixels: the best mask at the image's
 * size, and its low-res mask (for the next click's mask_input). `prior` is the previous click's.
 * The decoder answers at decoderFrame's size, at most the resized image's; the kept mask is
 * scaled to the image here.
 */
export async function decode(
  decoder: { file: string; hash: string },
  embedding: Embedding,
  prompt: { points: readonly SamPoint[]; box?: SamBox },
  orig: { width: number; height: number },
  resized: { width: number; height: number },
  encoderName: string,
  prior?: Float32Array,
): Promise<SamMask & { lowRes: Float32Array | null }> {
  const { session, layout, name } = await openDecoder(decoder.file, decoder.hash);
  checkPair(embedding.dims, layout, encoderName, name);
  const ort = onnxRuntime();
  const feeds = decoderFeeds(prompt.points, prompt.box, orig, resized, prior);
  const input: Record<string, InstanceType<typeof ort.Tensor>> = { image_embeddings: new ort.Tensor('float32', embedding.data, embedding.dims) };
  for (const [k, v] of Object.entries(feeds)) input[k] = new ort.Tensor('float32', v.data, v.dims);
  let out: InferenceSession.ReturnType;
  try {
    // ONNX Runtime computes every output anyway; low_res_masks is asked for only when the model has it.
    out = await session.run(input, ['masks', 'iou_predictions', ...(session.outputNames.includes('low_res_masks') ? ['low_res_masks'] : [])]);
  } catch (e) {
    throw new LightboxError('BAD_FILE', `${name} failed on this prompt: ${runReason(e)}`);
  }
  const masks = out.masks!;
  const iou = out.iou_predictions!;
  const low = out.low_res_masks ? { data: out.low_res_masks.data as Float32Array, dims: out.low_res_masks.dims } : undefined;
  const kept = keptMask({ data: masks.data as Float32Array, dims: masks.dims }, { data: iou.data as Float32Array, dims: iou.dims }, low, orig, resized, name);
  return { ...kept, lowRes: low ? lowResOf(low, kept.best) : null };
}

function runReason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n').find((l) => l.trim() !== '') ?? 'unknown error').slice(0, 300);
}
