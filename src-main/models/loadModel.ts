/**
 * Open a user's model: the .onnx file, its description (`NAME.onnx.json` beside it, else the
 * Ultralytics metadata inside it), a session on the runtime, and the check that the model's own
 * shapes agree with the description. The model is read where it lies: never copied anywhere.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { type ModelSpec, checkShapes, specFromJson, specFromMetadata } from './modelConfig.js';
import { onnxMetadata } from './onnxMetadata.js';
import { type InferenceSession, MAX_MODEL_BYTES, openOnnxSession } from './onnxRuntime.js';

const MAX_JSON_BYTES = 1024 * 1024;

export interface ModelFile {
  /**
   * The model's identity in a dataset (its suggestions, predictions and label mappings): the .onnx
   * bytes and the description it runs under, together (`modelId`). A retrained file is a new model,
   * and so is the same file under another NAME.onnx.json (other labels or input): it predicts
   * something else.
   */
  id: string;
  /** sha256 of the .onnx bytes alone: what the user checks against the file (Settings → Models). */
  sha256: string;
  /** The file name, for lists and messages. */
  name: string;
  path: string;
  spec: ModelSpec;
  bytes: Uint8Array;
}

function readBounded(file: string, max: number, what: string): Buffer {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new LightboxError('NOT_FOUND', `The model file ${file} does not exist.`);
  }
  if (!st.isFile()) throw new LightboxError('BAD_FILE', `${what} is not a file.`);
  if (st.size > max) throw new LightboxError('BAD_FILE', `${what} is larger than ${max >= 1024 ** 3 ? `${max / 1024 ** 3} GB` : `${max / 1024 ** 2} MB`}; Lightbox does not open it.`);
  return fs.readFileSync(file);
}

/** The description of the model at `file` (no session): JSON beside it first, then its metadata. */
export function readModelFile(file: string): ModelFile {
  const abs = path.resolve(file);
  const name = path.basename(abs);
  const bytes = new Uint8Array(readBounded(abs, MAX_MODEL_BYTES, name));
  const jsonFile = `${abs}.json`;
  let spec: ModelSpec | null = null;
  if (fs.existsSync(jsonFile)) {
    const jsonName = path.basename(jsonFile);
    let raw: unknown;
    try {
      raw = JSON.parse(readBounded(jsonFile, MAX_JSON_BYTES, jsonName).toString('utf8'));
    } catch (e) {
      if (e instanceof LightboxError) throw e;
      throw new LightboxError('BAD_FILE', `${jsonName} is not valid JSON: ${(e as Error).message.slice(0, 200)}`);
    }
    spec = specFromJson(raw, jsonName);
  } else {
    let meta: Map<string, string>;
    try {
      meta = onnxMetadata(bytes);
    } catch (e) {
      throw new LightboxError('BAD_FILE', `${name} is not an ONNX model (${(e as Error).message}).`);
    }
    spec = specFromMetadata(meta, name);
    if (!spec) {
      throw new LightboxError(
        'BAD_FILE',
        `${name} does not say what it predicts: put ${path.basename(jsonFile)} beside it (task, labels, input size), or export it with Ultralytics, which writes that into the file.`,
      );
    }
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { id: modelId(sha256, spec), sha256, name, path: abs, spec, bytes };
}

/**
 * A model's id: sha256 over the file's hash and the canonical form of its effective description
 * (defaults filled in, keys in a fixed order), so a JSON that spells out a default, reorders its keys
 * or says what the ONNX metadata says gives the same id, and any change to what the model outputs
 * (task, labels, their order, input size, resize, normalisation, channels) gives another.
 * Where the description came from (`source`) is left out: it does not change a prediction.
 */
export function modelId(fileSha256: string, spec: ModelSpec): string {
  const i = spec.input;
  const canonical = JSON.stringify({ task: spec.task, labels: spec.labels, input: { width: i.width, height: i.height, resize: i.resize, mean: i.mean, std: i.std, scale: i.scale, channels: i.channels } });
  return createHash('sha256').update(`lightbox-model-1\n${fileSha256}\n${canonical}`).digest('hex');
}

/** Open a session on the model and check its shapes against its description. */
export async function openModel(model: ModelFile): Promise<InferenceSession> {
  const session = await openOnnxSession(model.bytes, model.name);
  try {
    const input = session.inputMetadata[0];
    const output = session.outputMetadata[0];
    checkShapes(model.spec, input?.isTensor ? input.shape : undefined, output?.isTensor ? output.shape : undefined, model.name);
  } catch (e) {
    await session.release();
    throw e;
  }
  return session;
}

/** Read, open and check a model; the session is released (the registry and the job's first look). */
export async function validateModel(file: string): Promise<ModelFile> {
  const model = readModelFile(file);
  const session = await openModel(model);
  await session.release();
  return model;
}
