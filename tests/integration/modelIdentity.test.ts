import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisteredModel } from '../../src-main/api/models.js';
import type { PredictSummary, Suggestion } from '../../src-main/api/suggestions.js';
import { readModelFile } from '../../src-main/models/loadModel.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import type { Session } from '../../src-main/services/Session.js';
import { colourClassifier, colourJson, writeModel } from '../helpers/predictModels.js';
import { writeImage } from '../helpers/tempDataset.js';
import { openTempDataset } from '../helpers/tempSession.js';

/**
 * A model is its .onnx AND the description it runs under: one file under two NAME.onnx.json
 * (other labels, other input) is two models with their own suggestions and label mappings.
 */

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const call = <T>(s: Session, method: string, params: unknown = {}) => dispatch(s, method, params) as Promise<T>;
const predict = async (s: Session, model: string) => {
  const { jobId } = await call<{ jobId: string }>(s, 'suggestions.predict', { model, minScore: 0.3 });
  return (await s.jobs.wait(jobId)) as PredictSummary;
};
const pending = async (s: Session) => (await call<{ items: Suggestion[] }>(s, 'suggestions.list', {})).items;

async function colourDataset() {
  const { s, dir } = openTempDataset(cleanups, 'lightbox-modelid-');
  const images: Record<string, string> = { 'red.png': '#f01010', 'green.png': '#10d010', 'blue.png': '#1010e0' };
  for (const [p, color] of Object.entries(images)) await writeImage(path.join(dir, p), { width: 60, height: 40, color });
  const { jobId } = await call<{ jobId: string }>(s, 'datasets.scan', { thumbnails: false });
  await s.jobs.wait(jobId);
  const classes: Record<string, number> = {};
  for (const name of ['red', 'green', 'blue']) classes[name] = (await call<{ id: number }>(s, 'classes.add', { name })).id;
  const ids: Record<string, number> = {};
  for (const p of Object.keys(images)) ids[p] = (await call<{ id: number }>(s, 'images.byPath', { path: p })).id;
  const folder = path.join(dir, '..', `${path.basename(dir)}-models`);
  fs.mkdirSync(folder);
  cleanups.push(() => fs.rmSync(folder, { recursive: true, force: true }));
  const bytes = colourClassifier();
  /** The same .onnx bytes under a name of its own, with its own JSON. */
  const model = (name: string, json: unknown) => writeModel(path.join(folder, name), bytes, json);
  return { s, classes, ids, model, fileSha: createHash('sha256').update(bytes).digest('hex') };
}

describe("a model's id", () => {
  it('covers the description: two configs on one .onnx are two ids; the same config (defaults spelled out, keys reordered) is one id', async () => {
    const { model, fileSha } = await colourDataset();
    const plain = readModelFile(model('plain.onnx', colourJson()));
    const letterbox = readModelFile(model('letterbox.onnx', { ...colourJson(), input: { size: [64, 64], resize: 'letterbox' } }));
    const relabeled = readModelFile(model('relabeled.onnx', { ...colourJson(), labels: ['red', 'verde', 'blue'] }));
    const spelledOut = readModelFile(
      model('spelled.onnx', { input: { channels: 'RGB', scale: 1 / 255, std: [1, 1, 1], mean: [0, 0, 0], resize: 'fill', size: [64, 64], layout: 'NCHW' }, labels: ['red', 'green', 'blue'], task: 'classify' }),
    );
    expect(new Set([plain.id, letterbox.id, relabeled.id]).size).toBe(3);
    expect(spelledOut.id).toBe(plain.id);
    // The file's own hash stays what the user can check with sha256sum.
    for (const m of [plain, letterbox, relabeled, spelledOut]) expect(m.sha256).toBe(fileSha);
    expect(plain.id).not.toBe(fileSha);
  });

  it('keeps suggestions and label mappings apart for two configs on one .onnx; the same config again skips what it saw', async () => {
    const { s, classes, ids, model, fileSha } = await colourDataset();
    const fill = model('fill.onnx', colourJson());
    const letterbox = model('letterbox.onnx', { ...colourJson(), input: { size: [64, 64], resize: 'letterbox' } });

    // The user ignores "green" for the fill model only.
    const mappedFill = await call<{ modelId: string; ignored: string[] }>(s, 'models.mapLabels', { path: fill, decisions: [{ label: 'green', to: 'ignore' }] });
    expect(mappedFill.ignored).toEqual(['green']);
    const matchLetterbox = await call<{ modelId: string; ignored: string[]; matched: { label: string; classId: number }[] }>(s, 'models.match', { path: letterbox });
    expect(matchLetterbox.modelId).not.toBe(mappedFill.modelId);
    expect(matchLetterbox.ignored).toEqual([]);
    expect(matchLetterbox.matched.find((m) => m.label === 'green')?.classId).toBe(classes.green);

    const first = await predict(s, fill);
    expect(first).toMatchObject({ model: { id: mappedFill.modelId }, predicted: 3, skipped: 0 });
    expect((await pending(s)).some((p) => p.imageId === ids['green.png'])).toBe(false);
    // The same config again (another copy of the file and its JSON): the same model, all seen, nothing re-run.
    expect(await predict(s, model('fill-again.onnx', colourJson()))).toMatchObject({ model: { id: mappedFill.modelId }, predicted: 0, skipped: 3 });

    // The letterbox config has not seen these images: it runs, and its suggestions are its own (green included);
    // as a newer model of the same kind, it replaces the fill model's pending ones there.
    const second = await predict(s, letterbox);
    expect(second).toMatchObject({ model: { id: matchLetterbox.modelId }, predicted: 3, skipped: 0 });
    const after = await pending(s);
    expect(after.find((p) => p.imageId === ids['green.png'])).toMatchObject({ classId: classes.green, modelId: matchLetterbox.modelId });
    expect(after.every((p) => p.modelId === matchLetterbox.modelId)).toBe(true);

    // Its re-run skips what it saw.
    expect(await predict(s, letterbox)).toMatchObject({ predicted: 0, skipped: 3 });

    // Settings → Models: two entries, each showing the file's own hash.
    const a = await call<RegisteredModel>(s, 'models.add', { path: fill });
    const b = await call<RegisteredModel>(s, 'models.add', { path: letterbox });
    expect([a.id, b.id]).toEqual([mappedFill.modelId, matchLetterbox.modelId]);
    expect([a.sha256, b.sha256]).toEqual([fileSha, fileSha]);
    expect((await call<RegisteredModel[]>(s, 'models.list')).map((m) => m.sha256)).toEqual([fileSha, fileSha]);
  });

  it('hands rows stored under the old file-hash id to the config that fits them, not to one with other labels', async () => {
    const { s, ids, model, fileSha } = await colourDataset();
    const fill = model('fill.onnx', colourJson());
    await call(s, 'models.mapLabels', { path: fill, decisions: [{ label: 'green', to: 'ignore' }] });
    const run = await predict(s, fill);
    expect(run.predicted).toBe(3);
    // As a store written before ids covered the description holds them: under the .onnx hash alone.
    const db = s.require().db;
    for (const table of ['suggestions', 'predictions', 'model_label_map']) db.prepare(`UPDATE ${table} SET model_id = ? WHERE model_id = ?`).run(fileSha, run.model.id);

    // A config with other labels does not take them: it runs fresh and has no mapping.
    const relabeled = model('relabeled.onnx', { ...colourJson(), labels: ['crimson', 'green', 'blue'] });
    expect(await call(s, 'models.match', { path: relabeled })).toMatchObject({ ignored: [], unmatched: ['crimson'] });
    expect(db.prepare('SELECT count(*) AS n FROM predictions WHERE model_id = ?').get(fileSha)).toEqual({ n: 3 });

    // The config that made them does: its re-run skips what was seen, and "green" is still ignored.
    expect(await predict(s, fill)).toMatchObject({ model: { id: run.model.id }, predicted: 0, skipped: 3, ignored: ['green'] });
    expect((await pending(s)).filter((p) => p.imageId === ids['red.png']).map((p) => p.modelId)).toEqual([run.model.id]);
    expect(db.prepare('SELECT count(*) AS n FROM predictions WHERE model_id = ?').get(fileSha)).toEqual({ n: 0 });
  });
});
