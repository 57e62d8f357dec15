import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import type { LabelMatch, RegisteredModel } from '../api/models.js';
import { readModelFile, validateModel } from '../models/loadModel.js';
import { onnxMetadata } from '../models/onnxMetadata.js';
import { MAX_MODEL_BYTES } from '../models/onnxRuntime.js';
import { listClasses } from '../store/classesRepo.js';
import type { Db } from '../store/openStore.js';
import { type ModelEntry, loadConfig, saveConfig } from './appConfig.js';
import type { Handlers } from './handlers.js';
import type { Session } from './Session.js';

/**
 * The user's models: a registry in the per-user config (models.list/add/remove), and the match of
 * a model's labels to the open dataset's classes. A model stays where the user keeps it.
 */

const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Model labels to class ids by name: exact first, then with A–Z case folded (as the store compares names). */
export function matchLabels(db: Db, labels: readonly string[]): LabelMatch {
  const classes = listClasses(db, true);
  const exact = new Map(classes.map((c) => [c.name, c.id]));
  const folded = new Map(classes.map((c) => [asciiLower(c.name), c.id]));
  const matched: LabelMatch['matched'] = [];
  const unmatched: string[] = [];
  for (const label of labels) {
    const id = exact.get(label) ?? folded.get(asciiLower(label));
    if (id === undefined) unmatched.push(label);
    else matched.push({ label, classId: id });
  }
  return { matched, unmatched };
}

/** sha256 of a file that must look like ONNX (the SAM pair is checked by the SAM assist when it runs). */
function hashOnnxFile(file: string): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new LightboxError('NOT_FOUND', `The model file ${file} does not exist.`);
  }
  if (!st.isFile() || st.size > MAX_MODEL_BYTES) throw new LightboxError('BAD_FILE', `${path.basename(file)} is not a model file Lightbox opens (not a file, or over 2 GB).`);
  const bytes = fs.readFileSync(file);
  try {
    onnxMetadata(bytes);
  } catch (e) {
    throw new LightboxError('BAD_FILE', `${path.basename(file)} is not an ONNX model (${(e as Error).message}).`);
  }
  return createHash('sha256').update(bytes).digest('hex');
}

function shown(e: ModelEntry): RegisteredModel {
  return { ...e, missing: !fs.existsSync(e.path) || (e.decoderPath !== undefined && !fs.existsSync(e.decoderPath)) };
}

function saveModels(s: Session, edit: (models: ModelEntry[]) => ModelEntry[]): void {
  // Read afresh: the app and a CLI may both change the registry.
  const config = loadConfig(s.home);
  config.models = edit(config.models ?? []);
  saveConfig(config, s.home);
  s.config = { ...s.config, models: config.models };
}

export const modelsHandlers: Handlers<'models.list' | 'models.add' | 'models.remove' | 'models.match'> = {
  'models.list': (_p, s) => (loadConfig(s.home).models ?? []).map(shown),
  'models.add': async ({ path: file, kind, decoderPath }, s) => {
    const abs = path.resolve(file);
    let entry: ModelEntry;
    if (kind === 'sam') {
      if (!decoderPath) throw new LightboxError('BAD_PARAMS', 'A SAM model is a pair: give the decoder file too (decoderPath).');
      const dec = path.resolve(decoderPath);
      entry = { id: hashOnnxFile(abs), kind, name: path.basename(abs), path: abs, decoderPath: dec, decoderId: hashOnnxFile(dec), addedAt: Date.now() };
    } else {
      if (decoderPath) throw new LightboxError('BAD_PARAMS', 'Only a SAM model has a decoder file.');
      const m = await validateModel(abs);
      if (kind && kind !== m.spec.task) throw new LightboxError('BAD_FILE', `${m.name} is a ${m.spec.task} model, not ${kind}.`);
      entry = { id: m.id, kind: m.spec.task, name: m.name, path: abs, labels: m.spec.labels, addedAt: Date.now() };
    }
    saveModels(s, (models) => [...models.filter((m) => m.path !== abs && m.id !== entry.id), entry]);
    return shown(entry);
  },
  'models.remove': ({ id }, s) => {
    const before = loadConfig(s.home).models ?? [];
    if (!before.some((m) => m.id === id)) throw new LightboxError('NOT_FOUND', `There is no registered model ${id.slice(0, 80)}.`);
    saveModels(s, (models) => models.filter((m) => m.id !== id));
    return { ok: true as const };
  },
  'models.match': ({ path: file }, s) => {
    const { db } = s.require();
    const m = readModelFile(file);
    return { task: m.spec.task, modelId: m.id, ...matchLabels(db, m.spec.labels) };
  },
};
