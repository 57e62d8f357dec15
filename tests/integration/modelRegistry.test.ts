import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisteredModel } from '../../src-main/api/models.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { colourClassifier, colourJson, constantDetector, writeModel } from '../helpers/predictModels.js';
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
