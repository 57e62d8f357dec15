import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisteredModel } from '../../src-main/api/models.js';
import type { PredictSummary, Suggestion } from '../../src-main/api/suggestions.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { colourClassifier, colourJson, constantDetector, writeModel } from '../helpers/predictModels.js';
import { writeImage } from '../helpers/tempDataset.js';
import { codeOf, openTempDataset } from '../helpers/tempSession.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('the model registry', () => {
  it('adds, lists, removes models by path and hash in the user config, never copying them; a SAM pair is stored as a pair', async () => {
    const { s, dir } = openTempDataset(cleanups, 'lightbox-registry-');
    const models = path.join(dir, '..', `${path.basename(dir)}-models`);
    fs.mkdirSync(models);
    cleanups.push(() => fs.rmSync(models, { recursive: true, force: true }));
    const classifier = writeModel(path.join(models, 'colours.onnx'), colourClassifier(), colourJson());
    const detector = writeModel(path.join(models, 'yolo.onnx'), constantDetector([{ cx: 1, cy: 1, w: 1, h: 1, scores: [0.5] }], ['cat'], { size: 64 }));
    const encoder = writeModel(path.join(models, 'sam-encoder.onnx'), colourClassifier(32));
    const decoder = writeModel(path.join(models, 'sam-decoder.onnx'), colourClassifier(16));

    const a = (await dispatch(s, 'models.add', { path: classifier })) as RegisteredModel;
    expect(a).toMatchObject({ kind: 'classify', name: 'colours.onnx', path: classifier, labels: ['red', 'green', 'blue'], missing: false, id: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await dispatch(s, 'models.add', { path: detector })).toMatchObject({ kind: 'detect', labels: ['cat'] });
    expect(await dispatch(s, 'models.add', { path: encoder, kind: 'sam', decoderPath: decoder })).toMatchObject({ kind: 'sam', decoderPath: decoder, decoderId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await codeOf(dispatch(s, 'models.add', { path: detector, kind: 'classify' }))).toMatchObject({ code: 'BAD_FILE', message: 'yolo.onnx is a detect model, not classify.' });
    expect(await codeOf(dispatch(s, 'models.add', { path: encoder, kind: 'sam' }))).toMatchObject({ code: 'BAD_PARAMS', message: expect.stringMatching(/decoder/) });

    // Another process (a CLI) sees the same registry; the dataset folder holds no model.
    const other = new Session({}, s.home);
    const listed = (await dispatch(other, 'models.list', {})) as RegisteredModel[];
    expect(listed.map((m) => m.kind)).toEqual(['classify', 'detect', 'sam']);
    expect(fs.readdirSync(dir).some((f) => f.endsWith('.onnx'))).toBe(false);

    // A moved file shows as missing; removing takes it off the list.
    fs.renameSync(detector, `${detector}.moved`);
    expect(((await dispatch(s, 'models.list', {})) as RegisteredModel[]).find((m) => m.kind === 'detect')?.missing).toBe(true);
    await dispatch(s, 'models.remove', { id: a.id });
    expect(((await dispatch(s, 'models.list', {})) as RegisteredModel[]).map((m) => m.kind)).toEqual(['detect', 'sam']);
    expect(await codeOf(dispatch(s, 'models.remove', { id: a.id }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it("matches a model's labels to the dataset's classes by name and lists the unmatched", async () => {
    const { s, dir } = openTempDataset(cleanups, 'lightbox-match-');
    const red = (await dispatch(s, 'classes.add', { name: 'Red' })) as { id: number };
    const file = writeModel(path.join(dir, '..', `${path.basename(dir)}-c.onnx`), colourClassifier(), colourJson());
    cleanups.push(() => {
      fs.rmSync(file, { force: true });
      fs.rmSync(`${file}.json`, { force: true });
    });
    expect(await dispatch(s, 'models.match', { path: file })).toMatchObject({ task: 'classify', matched: [{ label: 'red', classId: red.id }], unmatched: ['green', 'blue'] });
  });
});

describe('mapping model labels onto differently named classes', () => {
  const modelBeside = (dir: string, name: string, bytes: Uint8Array, json?: unknown) => {
    const file = writeModel(path.join(dir, '..', `${path.basename(dir)}-${name}`), bytes, json);
    cleanups.push(() => {
      fs.rmSync(file, { force: true });
      fs.rmSync(`${file}.json`, { force: true });
    });
    return file;
  };

  it('maps a label onto a class, creates one, ignores one; predict stores under the mapped classes, and the decision is kept per model and per dataset', async () => {
    const { s, dir } = openTempDataset(cleanups, 'lightbox-map-');
    for (const [name, color] of [
      ['r.png', '#f01010'],
      ['g.png', '#10e010'],
      ['b.png', '#1010f0'],
    ] as const) {
      await writeImage(path.join(dir, name), { width: 40, height: 30, color });
    }
    const { jobId } = (await dispatch(s, 'datasets.scan', { thumbnails: false })) as { jobId: string };
    await s.jobs.wait(jobId);
    const crimson = (await dispatch(s, 'classes.add', { name: 'crimson' })) as { id: number };
    const model = modelBeside(dir, 'colours.onnx', colourClassifier(), colourJson());

    expect(await dispatch(s, 'models.match', { path: model })).toMatchObject({ labels: ['red', 'green', 'blue'], matched: [], unmatched: ['red', 'green', 'blue'], ignored: [] });
    const after = (await dispatch(s, 'models.mapLabels', {
      path: model,
      decisions: [
        { label: 'red', to: crimson.id },
        { label: 'green', to: 'create' },
        { label: 'blue', to: 'ignore' },
      ],
    })) as { matched: { label: string; classId: number; mapped: boolean }[]; unmatched: string[]; ignored: string[] };
    const classes = (await dispatch(s, 'classes.list', {})) as { id: number; name: string }[];
    const green = classes.find((c) => c.name === 'green')!;
    expect(after).toMatchObject({ unmatched: [], ignored: ['blue'] });
    expect(after.matched).toEqual([
      { label: 'red', classId: crimson.id, mapped: true },
      { label: 'green', classId: green.id, mapped: true },
    ]);

    // Renaming the class keeps the mapping: it is onto the class, not its name.
    await dispatch(s, 'classes.rename', { id: crimson.id, name: 'scarlet' });
    const { jobId: run } = (await dispatch(s, 'suggestions.predict', { model, minScore: 0.5 })) as { jobId: string };
    const summary = (await s.jobs.wait(run)) as PredictSummary;
    expect(summary).toMatchObject({ predicted: 3, unmatched: [], ignored: ['blue'], mapped: [{ label: 'red', className: 'scarlet' }] });
    const stored = ((await dispatch(s, 'suggestions.list', {})) as { items: Suggestion[] }).items;
    const byImage = new Map<number, number>();
    for (const p of ['r.png', 'g.png', 'b.png']) byImage.set(((await dispatch(s, 'images.byPath', { path: p })) as { id: number }).id, 0);
    const pathOf = async (id: number) => ((await dispatch(s, 'images.get', { id })) as { path: string }).path;
    const best = new Map<string, number>();
    for (const i of stored.sort((a, b) => b.score - a.score)) if (!best.has(await pathOf(i.imageId))) best.set(await pathOf(i.imageId), i.classId);
    // The red image is "scarlet", the green one "green"; the blue image's answer (ignored) is not stored.
    expect(Object.fromEntries(best)).toEqual({ 'r.png': crimson.id, 'g.png': green.id });
    expect(stored.every((i) => i.classId === crimson.id || i.classId === green.id)).toBe(true);

    // Per model: another model with a "red" label is not mapped by this one's decision.
    const detector = modelBeside(dir, 'cars.onnx', constantDetector([{ cx: 32, cy: 32, w: 10, h: 10, scores: [0.9] }], ['red'], { size: 64 }));
    expect(await dispatch(s, 'models.match', { path: detector })).toMatchObject({ matched: [], unmatched: ['red'] });
    // Per dataset: another dataset opened with the same model knows nothing of it.
    const other = openTempDataset(cleanups, 'lightbox-map-other-');
    expect(await dispatch(other.s, 'models.match', { path: model })).toMatchObject({ matched: [], unmatched: ['red', 'green', 'blue'], ignored: [] });
    // byName forgets a decision.
    expect(await dispatch(s, 'models.mapLabels', { path: model, decisions: [{ label: 'blue', to: 'byName' }] })).toMatchObject({ unmatched: ['blue'], ignored: [] });
  });

  it('refuses a label the model does not have, a class that does not exist, and a label that cannot be a class name', async () => {
    const { s, dir } = openTempDataset(cleanups, 'lightbox-map-bad-');
    const model = modelBeside(dir, 'colours.onnx', colourClassifier(), colourJson());
    expect(await codeOf(dispatch(s, 'models.mapLabels', { path: model, decisions: [{ label: 'purple', to: 'ignore' }] }))).toMatchObject({ code: 'BAD_PARAMS', message: expect.stringMatching(/has no label "purple"/) });
    expect(await codeOf(dispatch(s, 'models.mapLabels', { path: model, decisions: [{ label: 'red', to: 999 }] }))).toMatchObject({ code: 'NOT_FOUND' });
    const odd = modelBeside(dir, 'odd.onnx', colourClassifier(), { ...colourJson(), labels: ['red', 'gr\u0000een', 'blue'] });
    expect(await codeOf(dispatch(s, 'models.mapLabels', { path: odd, decisions: [{ label: 'gr\u0000een', to: 'create' }] }))).toMatchObject({ code: 'BAD_PARAMS', message: expect.stringMatching(/cannot be a class name/) });
    // Nothing was decided by the refused calls.
    expect(await dispatch(s, 'models.match', { path: model })).toMatchObject({ unmatched: ['red', 'green', 'blue'], ignored: [] });
  });
});
