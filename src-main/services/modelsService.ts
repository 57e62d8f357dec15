import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { methods } from '../api/contract.js';
import type { LabelDecision, LabelMatch, RegisteredModel } from '../api/models.js';
import { type ModelFile, readModelFile, validateModel } from '../models/loadModel.js';
import { onnxMetadata } from '../models/onnxMetadata.js';
import { MAX_MODEL_BYTES } from '../models/onnxRuntime.js';
import { listClasses } from '../store/classesRepo.js';
import { legacyFootprint, moveModelRows } from '../store/legacyModelRows.js';
import { labelDecisions, setLabelDecision } from '../store/modelLabelMapRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import { type ModelEntry, loadConfig, saveConfig } from './appConfig.js';
import { classesHandlers } from './classesService.js';
import type { Handlers } from './handlers.js';
import type { Session } from './Session.js';

/**
 * The user's models: a registry in the per-user config (models.list/add/remove), and the match of
 * a model's labels to the open dataset's classes. A model stays where the user keeps it.
 */

const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * Model labels to class ids: the user's decision for this model in this dataset first (a class,
 * or ignored), then by name, exact first, then with A–Z case folded (as the store compares names).
 * `modelId` null: by name only.
 */
export function matchLabels(db: Db, labels: readonly string[], modelId: string | null): LabelMatch {
  const classes = listClasses(db, true);
  const exact = new Map(classes.map((c) => [c.name, c.id]));
  const folded = new Map(classes.map((c) => [asciiLower(c.name), c.id]));
  const decided = new Map(modelId === null ? [] : labelDecisions(db, modelId).map((d) => [d.label, d.classId]));
  const matched: LabelMatch['matched'] = [];
  const unmatched: string[] = [];
  const ignored: string[] = [];
  for (const label of labels) {
    const decision = decided.get(label);
    if (decision === null) ignored.push(label);
    else if (decision !== undefined) matched.push({ label, classId: decision, mapped: true });
    else {
      const id = exact.get(label) ?? folded.get(asciiLower(label));
      if (id === undefined) unmatched.push(label);
      else matched.push({ label, classId: id, mapped: false });
    }
  }
  return { matched, unmatched, ignored };
}

/**
 * Rows a dataset stored before a model's id covered its description (under the .onnx hash alone)
 * become this model's when they fit it: every label the user mapped is one of its labels, and every
 * class they were stored under is one its labels reach (by the old mappings or by name). So the usual
 * case (one NAME.onnx.json per file) carries on as before: a re-run skips what was seen and the
 * mappings still apply. A description with other labels leaves them where they are; their suggestions
 * stay listed under the model name stored with them, and that model starts fresh. The first fitting
 * description takes them: a store from before cannot tell two descriptions with the same labels apart.
 */
export function adoptLegacyRows(db: Db, model: { id: string; sha256: string; spec: { labels: readonly string[] } }): void {
  if (model.id === model.sha256) return;
  const old = legacyFootprint(db, model.sha256);
  if (!old) return;
  const labels = new Set(model.spec.labels);
  if (!old.labels.every((l) => labels.has(l))) return;
  const reached = new Set(matchLabels(db, model.spec.labels, model.sha256).matched.map((m) => m.classId));
  if (!old.classIds.every((c) => reached.has(c))) return;
  moveModelRows(db, model.sha256, model.id);
}

/** A model file read for the open dataset: its description, and any rows stored under its old id handed to it. */
export function readDatasetModel(db: Db, file: string): ModelFile {
  const m = readModelFile(file);
  adoptLegacyRows(db, m);
  return m;
}

/**
 * Keep the user's decisions for a model's labels in the open dataset (`create` adds the class
 * through the contract's own checks: a model's label is as untrusted as anything typed).
 * Returns the names of the classes created.
 */
export async function decideLabels(s: Session, model: { id: string; name: string; labels: readonly string[] }, decisions: readonly LabelDecision[]): Promise<string[]> {
  const { db } = s.require();
  const known = new Set(model.labels);
  const classIds = new Set(listClasses(db, true).map((c) => c.id));
  for (const d of decisions) {
    if (!known.has(d.label)) throw new LightboxError('BAD_PARAMS', `${model.name} has no label "${d.label.slice(0, 100)}"; its labels are: ${model.labels.slice(0, 20).join(', ')}.`);
    if (typeof d.to === 'number' && !classIds.has(d.to)) throw new LightboxError('NOT_FOUND', `There is no class ${d.to} in this dataset to map "${d.label.slice(0, 100)}" onto.`);
  }
  const created: string[] = [];
  const now = Date.now();
  for (const d of decisions) {
    if (d.to !== 'create') continue;
    const params = methods['classes.add'].params.safeParse({ name: d.label });
    if (!params.success) throw new LightboxError('BAD_PARAMS', `"${d.label.slice(0, 100)}" cannot be a class name (${params.error.issues[0]?.message ?? 'invalid'}): map it onto a class instead.`);
    const row = await classesHandlers['classes.add'](params.data, s);
    created.push(row.name);
    // Kept as a mapping too, so renaming the new class later does not unmatch the label.
    writeTx(db, () => setLabelDecision(db, model.id, d.label, row.id, now));
  }
  writeTx(db, () => {
    for (const d of decisions) {
      if (d.to === 'create') continue;
      setLabelDecision(db, model.id, d.label, d.to === 'ignore' ? null : d.to === 'byName' ? undefined : d.to, now);
    }
  });
  return created;
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
  // An entry registered before ids covered the description: its id was the file's hash.
  return { ...e, sha256: e.sha256 ?? e.id, missing: !fs.existsSync(e.path) || (e.decoderPath !== undefined && !fs.existsSync(e.decoderPath)) };
}

function saveModels(s: Session, edit: (models: ModelEntry[]) => ModelEntry[]): void {
  // Read afresh: the app and a CLI may both change the registry.
  const config = loadConfig(s.home);
  config.models = edit(config.models ?? []);
  saveConfig(config, s.home);
  s.config = { ...s.config, models: config.models };
}

export const modelsHandlers: Handlers<'models.list' | 'models.add' | 'models.remove' | 'models.match' | 'models.mapLabels'> = {
  'models.list': (_p, s) => (loadConfig(s.home).models ?? []).map(shown),
  'models.add': async ({ path: file, kind, decoderPath }, s) => {
    const abs = path.resolve(file);
    let entry: ModelEntry;
    if (kind === 'sam') {
      if (!decoderPath) throw new LightboxError('BAD_PARAMS', 'A SAM model is a pair: give the decoder file too (decoderPath).');
      const dec = path.resolve(decoderPath);
      const sha256 = hashOnnxFile(abs);
      entry = { id: sha256, sha256, kind, name: path.basename(abs), path: abs, decoderPath: dec, decoderId: hashOnnxFile(dec), addedAt: Date.now() };
    } else {
      if (decoderPath) throw new LightboxError('BAD_PARAMS', 'Only a SAM model has a decoder file.');
      const m = await validateModel(abs);
      if (kind && kind !== m.spec.task) throw new LightboxError('BAD_FILE', `${m.name} is a ${m.spec.task} model, not ${kind}.`);
      entry = { id: m.id, sha256: m.sha256, kind: m.spec.task, name: m.name, path: abs, labels: m.spec.labels, addedAt: Date.now() };
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
    const m = readDatasetModel(db, file);
    return { task: m.spec.task, modelId: m.id, labels: m.spec.labels, ...matchLabels(db, m.spec.labels, m.id) };
  },
  'models.mapLabels': async ({ path: file, decisions }, s) => {
    const { db } = s.require();
    const m = readDatasetModel(db, file);
    await decideLabels(s, { id: m.id, name: m.name, labels: m.spec.labels }, decisions);
    return { task: m.spec.task, modelId: m.id, labels: m.spec.labels, ...matchLabels(db, m.spec.labels, m.id) };
  },
};
