import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PredictSummary, Suggestion } from '../../src-main/api/suggestions.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import type { Session } from '../../src-main/services/Session.js';
import { writeImage } from '../helpers/tempDataset.js';
import { codeOf, openTempDataset } from '../helpers/tempSession.js';
import { colourClassifier, colourJson, constantDetector, convDetector, writeModel } from '../helpers/predictModels.js';

/** Pre-labeling through the contract: a colour classifier and a detector with known boxes on a real dataset. */

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** Models are written beside the dataset folder (never inside it): removed with their JSON. */
const removeModel = (file: string) => () => {
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.json`, { force: true });
};

const call = <T>(s: Session, method: string, params: unknown = {}) => dispatch(s, method, params) as Promise<T>;

async function runJob<T>(s: Session, start: Promise<{ jobId: string }>): Promise<T> {
  const { jobId } = await start;
  return (await s.jobs.wait(jobId)) as T;
}

async function colourDataset() {
  const { s, dir } = openTempDataset(cleanups, 'lightbox-predict-');
  const images: Record<string, string> = { 'a/red1.png': '#f01010', 'a/red2.jpg': '#c02020', 'a/blue1.png': '#1010e0', 'a/green1.png': '#10d010', 'a/mixed.png': '#707060' };
  for (const [p, color] of Object.entries(images)) await writeImage(path.join(dir, p), { width: 80, height: 50, color });
  await runJob(s, call(s, 'datasets.scan', { thumbnails: false }));
  const classes: Record<string, number> = {};
  for (const name of ['red', 'green', 'blue']) classes[name] = (await call<{ id: number }>(s, 'classes.add', { name })).id;
  const ids: Record<string, number> = {};
  for (const p of Object.keys(images)) ids[p] = (await call<{ id: number }>(s, 'images.byPath', { path: p })).id;
  const model = writeModel(path.join(dir, '..', `${path.basename(dir)}-colours.onnx`), colourClassifier(), colourJson());
  cleanups.push(removeModel(model));
  return { s, dir, classes, ids, model };
}

const pending = (s: Session, params: Record<string, unknown> = {}) => call<{ total: number; items: Suggestion[] }>(s, 'suggestions.list', params);

describe('pre-labeling with a classifier', () => {
  it('stores suggestions (not labels) for unlabeled images; a re-run skips what this model already saw', async () => {
    const { s, classes, ids, model } = await colourDataset();
    await call(s, 'labels.set', { imageId: ids['a/blue1.png'], classId: classes.blue });
    const summary = await runJob<PredictSummary>(s, call(s, 'suggestions.predict', { model, minScore: 0.5 }));
    expect(summary).toMatchObject({ model: { task: 'classify', name: expect.stringMatching(/colours\.onnx$/) }, predicted: 4, skipped: 0, failedCount: 0, unmatched: [] });
    const { items } = await pending(s);
    const best = new Map(items.map((i) => [i.imageId, i]));
    expect(best.get(ids['a/red1.png']!)).toMatchObject({ kind: 'class', classId: classes.red, box: null, state: 'pending' });
    expect(best.get(ids['a/red2.jpg']!)?.classId).toBe(classes.red);
    expect(best.get(ids['a/green1.png']!)?.classId).toBe(classes.green);
    // The labeled image was left out, and no image got a label from the model.
    expect(items.some((i) => i.imageId === ids['a/blue1.png'])).toBe(false);
    expect((await call<{ tags: number[] }>(s, 'images.get', { id: ids['a/red1.png'] })).tags).toEqual([]);
    // Purer red scores higher.
    expect(best.get(ids['a/red1.png']!)!.score).toBeGreaterThan(best.get(ids['a/red2.jpg']!)!.score);

    const again = await runJob<PredictSummary>(s, call(s, 'suggestions.predict', { model, minScore: 0.5 }));
    expect(again).toMatchObject({ predicted: 0, skipped: 4, suggestions: 0 });
    expect((await pending(s)).total).toBe(items.length);
  });

  it('accepts all of a class above a score as one command: labels whose history names the model and who accepted; undo and redo', async () => {
    const { s, classes, ids, model } = await colourDataset();
    await call(s, 'settings.set', { key: 'annotator', value: 'Ana' }).catch(() => undefined);
    await runJob(s, call(s, 'suggestions.predict', { model, minScore: 0.3 }));
    const r = await call<{ accepted: number; imageIds: number[] }>(s, 'suggestions.accept', { classId: classes.red, minScore: 0.6 });
    expect(r.accepted).toBe(2);
    expect(new Set(r.imageIds)).toEqual(new Set([ids['a/red1.png'], ids['a/red2.jpg']]));
    const red1 = await call<{ tags: number[]; status: string }>(s, 'images.get', { id: ids['a/red1.png'] });
    expect(red1).toMatchObject({ tags: [classes.red], status: 'done' });
    const decided = (await pending(s, { state: 'accepted' })).items;
    expect(decided.map((d) => d.imageId).sort()).toEqual([ids['a/red1.png'], ids['a/red2.jpg']].sort());
    expect(decided[0]!.decidedBy).toBeTruthy();
    const history = s.require().db.prepare(`SELECT kind, author, payload FROM history ORDER BY id DESC LIMIT 1`).get() as { kind: string; author: string; payload: string };
    expect(history.kind).toBe('suggestions.accept');
    expect(history.author).toBe(decided[0]!.decidedBy);
    expect(JSON.parse(history.payload).models).toEqual([{ id: decided[0]!.modelId, name: decided[0]!.modelName }]);

    // One undo takes back both labels and makes both suggestions pending again.
    expect(await call(s, 'labels.undo')).toMatchObject({ applied: true, kind: 'suggestions.accept' });
    expect(await call(s, 'images.get', { id: ids['a/red1.png'] })).toMatchObject({ tags: [], status: 'todo' });
    expect((await pending(s, { classId: classes.red, minScore: 0.6 })).total).toBe(2);
    await call(s, 'labels.redo');
    expect((await call<{ tags: number[] }>(s, 'images.get', { id: ids['a/red2.jpg'] })).tags).toEqual([classes.red]);
    expect((await pending(s, { classId: classes.red, minScore: 0.6 })).total).toBe(0);
  });

  it('rejects (undoably), and refuses a bare bulk decision that names nothing', async () => {
    const { s, classes, ids, model } = await colourDataset();
    await runJob(s, call(s, 'suggestions.predict', { model, minScore: 0.5 }));
    expect(await codeOf(call(s, 'suggestions.accept', {}))).toMatchObject({ code: 'BAD_PARAMS', message: expect.stringMatching(/Say which suggestions/) });
    const r = await call<{ rejected: number }>(s, 'suggestions.reject', { imageId: ids['a/green1.png'] });
    expect(r.rejected).toBe(1);
    expect((await pending(s, { imageId: ids['a/green1.png'] })).total).toBe(0);
    await call(s, 'labels.undo');
    expect((await pending(s, { imageId: ids['a/green1.png'] })).items[0]?.classId).toBe(classes.green);
  });

  it('ranks likely label errors (a human label against a confident prediction) and what to label next (least margin first)', async () => {
    const { s, classes, ids, model } = await colourDataset();
    // A person labeled a red image "blue" and a green one "green".
    await call(s, 'labels.set', { imageId: ids['a/red1.png'], classId: classes.blue });
    await call(s, 'labels.set', { imageId: ids['a/green1.png'], classId: classes.green });
    await runJob(s, call(s, 'suggestions.predict', { model, images: 'all' }));
    const errors = await call<{ total: number; items: { imageId: number; classId: number; score: number; labels: number[] }[] }>(s, 'suggestions.rank', { by: 'errors' });
    expect(errors.total).toBe(1);
    expect(errors.items[0]).toMatchObject({ imageId: ids['a/red1.png'], classId: classes.red, labels: [classes.blue] });
    const next = await call<{ items: { imageId: number; margin: number }[] }>(s, 'suggestions.rank', { by: 'margin' });
    // Unlabeled only; the muddy brown one is the least sure.
    expect(next.items.map((i) => i.imageId)).not.toContain(ids['a/green1.png']);
    expect(next.items[0]!.imageId).toBe(ids['a/mixed.png']);
    expect(next.items.map((i) => i.margin)).toEqual([...next.items.map((i) => i.margin)].sort((a, b) => a - b));

    // The library's filter and sorts say the same: likely errors by confidence, least confident first.
    const listed = async (params: unknown) => (await call<{ items: { path: string }[] }>(s, 'images.list', params)).items.map((i) => i.path);
    expect(await listed({ filter: { likelyErrors: true }, sort: 'score' })).toEqual(['a/red1.png']);
    expect((await listed({ sort: 'margin' }))[0]).toBe('a/mixed.png');
    expect((await listed({ sort: 'score' }))[4]).toBe('a/mixed.png');
    expect(await listed({ filter: { suggested: true, labeled: false } })).toEqual(['a/blue1.png', 'a/mixed.png', 'a/red2.jpg']);

    // Against the human labels of val and test only: red1 (labeled blue, called red) in val, green1 in test; blue1 is in train.
    await call(s, 'images.setSplit', { ids: [ids['a/red1.png'], ids['a/green1.png']], split: 'val' });
    await call(s, 'labels.set', { imageId: ids['a/blue1.png'], classId: classes.blue });
    await call(s, 'images.setSplit', { ids: [ids['a/blue1.png']], split: 'train' });
    const e = await call<{ classify: { images: number; accuracy: number; classIds: number[]; matrix: number[][]; perClass: { classId: number; recall: number | null }[] }; detect: null }>(s, 'suggestions.evaluate', {});
    expect(e.detect).toBeNull();
    expect(e.classify).toMatchObject({ images: 2, accuracy: 0.5, classIds: [classes.red, classes.green, classes.blue] });
    // Rows are the human label, columns the model: the green one is right, the "blue" one was called red.
    expect(e.classify.matrix).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
    ]);
    expect(e.classify.perClass.find((c) => c.classId === classes.blue)?.recall).toBe(0);
  });

  it('a newer model replaces the older one\'s pending suggestions; a decided one stays', async () => {
    const { s, dir, ids, model } = await colourDataset();
    await runJob(s, call(s, 'suggestions.predict', { model, minScore: 0.3 }));
    await call(s, 'suggestions.accept', { imageId: ids['a/red1.png'] });
    // "Retrained": same labels, other weights (another hash).
    const newer = writeModel(path.join(dir, '..', `${path.basename(dir)}-v2.onnx`), colourClassifier(64, { gain: 12 }), colourJson());
    cleanups.push(removeModel(newer));
    const second = await runJob<PredictSummary>(s, call(s, 'suggestions.predict', { model: newer, minScore: 0.3, images: 'all' }));
    expect(second.predicted).toBe(5);
    const { items } = await pending(s);
    expect(new Set(items.map((i) => i.modelName))).toEqual(new Set([path.basename(newer)]));
    expect((await pending(s, { state: 'accepted' })).items.map((i) => i.modelName)).toEqual([path.basename(model)]);
  });
});

describe('pre-labeling with a detector', () => {
  it('maps Ultralytics boxes through the letterbox back to upright pixels, after NMS, for landscape, portrait and square images', async () => {
    const { s, dir } = openTempDataset(cleanups, 'lightbox-detect-');
    await writeImage(path.join(dir, 'wide.png'), { width: 1280, height: 720 });
    await writeImage(path.join(dir, 'tall.png'), { width: 720, height: 1280 });
    await writeImage(path.join(dir, 'square.png'), { width: 640, height: 640 });
    // Stored 1280×720 with EXIF orientation 6: upright (as shown) it is 720×1280.
    await writeImage(path.join(dir, 'rotated.jpg'), { width: 1280, height: 720, orientation: 6 });
    await runJob(s, call(s, 'datasets.scan', { thumbnails: false }));
    const model = writeModel(
      path.join(dir, '..', `${path.basename(dir)}-yolo.onnx`),
      constantDetector(
        [
          { cx: 320, cy: 320, w: 100, h: 100, scores: [0.9, 0.05] },
          { cx: 322, cy: 321, w: 100, h: 100, scores: [0.8, 0.1] }, // the same cat again: NMS drops it
          { cx: 320, cy: 600, w: 40, h: 40, scores: [0.1, 0.6] }, // a dog low down: in the padding of a wide image
          { cx: 50, cy: 50, w: 10, h: 10, scores: [0.1, 0.2] }, // below the threshold
        ],
        ['cat', 'dog'],
      ),
    );
    cleanups.push(removeModel(model));
    const summary = await runJob<PredictSummary>(s, call(s, 'suggestions.predict', { model, createClasses: true, images: 'all' }));
    expect(summary).toMatchObject({ predicted: 4, createdClasses: ['cat', 'dog'], unmatched: [], failedCount: 0 });
    const classes = await call<{ id: number; name: string }[]>(s, 'classes.list', {});
    const cat = classes.find((c) => c.name === 'cat')!.id;
    const dog = classes.find((c) => c.name === 'dog')!.id;
    const boxesOf = async (p: string) => {
      const id = (await call<{ id: number }>(s, 'images.byPath', { path: p })).id;
      return (await pending(s, { imageId: id })).items.map((i) => [i.classId, Number(i.score.toFixed(2)), i.box]);
    };
    // 1280×720 → 640×360 at top 140 (scale 0.5): the cat's 270..370 is 540..740 × 260..460; the dog is in the padding.
    expect(await boxesOf('wide.png')).toEqual([[cat, 0.9, { x: 540, y: 260, w: 200, h: 200 }]]);
    // 720×1280 → 360×640 at left 140: the dog at 300..340 × 580..620 is 320..400 × 1160..1240 upright.
    expect(await boxesOf('tall.png')).toEqual([
      [cat, 0.9, { x: 260, y: 540, w: 200, h: 200 }],
      [dog, 0.6, { x: 320, y: 1160, w: 80, h: 80 }],
    ]);
    expect(await boxesOf('square.png')).toEqual([
      [cat, 0.9, { x: 270, y: 270, w: 100, h: 100 }],
      [dog, 0.6, { x: 300, y: 580, w: 40, h: 40 }],
    ]);
    // Upright (EXIF 6) the photo is 720×1280, like tall.png: boxes in upright pixels.
    expect(await boxesOf('rotated.jpg')).toEqual(await boxesOf('tall.png'));

    // Accepting the dogs makes box regions of class dog, undone as one.
    const r = await call<{ accepted: number }>(s, 'suggestions.accept', { classId: dog });
    expect(r.accepted).toBe(3);
    const tallId = (await call<{ id: number }>(s, 'images.byPath', { path: 'tall.png' })).id;
    const regions = await call<{ regions: { classId: number; shape: unknown }[] }>(s, 'annotations.list', { imageId: tallId });
    expect(regions.regions).toEqual([expect.objectContaining({ classId: dog, shape: { kind: 'box', x: 320, y: 1160, w: 80, h: 80 } })]);
    await call(s, 'labels.undo');
    expect((await call<{ regions: unknown[] }>(s, 'annotations.list', { imageId: tallId })).regions).toEqual([]);

    // Precision/recall at IoU 0.5 on val, against boxes a person drew: the cat on wide.png a little off (a hit), a dog the model missed.
    const wideId = (await call<{ id: number }>(s, 'images.byPath', { path: 'wide.png' })).id;
    await call(s, 'images.setSplit', { ids: [wideId, tallId], split: 'val' });
    await call(s, 'annotations.create', { imageId: wideId, classId: cat, shape: { kind: 'box', x: 550, y: 270, w: 190, h: 200 } });
    await call(s, 'annotations.create', { imageId: wideId, classId: dog, shape: { kind: 'box', x: 10, y: 10, w: 50, h: 50 } });
    const e = await call<{ detect: Record<string, unknown> }>(s, 'suggestions.evaluate', { splits: ['val'] });
    // Predicted on val: wide's cat, tall's cat and dog; the human boxes: wide's cat and dog.
    expect(e.detect).toMatchObject({ truePositives: 1, falsePositives: 2, falseNegatives: 1, precision: 1 / 3, recall: 0.5 });
  });

  it('is cancelled through jobs.cancel: the threads stop, what was stored stays, the next run does the rest', async () => {
    const { s, dir } = openTempDataset(cleanups, 'lightbox-cancel-');
    for (let i = 0; i < 12; i++) await writeImage(path.join(dir, `im${String(i).padStart(2, '0')}.png`), { width: 64, height: 64 });
    await runJob(s, call(s, 'datasets.scan', { thumbnails: false }));
    const model = writeModel(path.join(dir, '..', `${path.basename(dir)}-slow.onnx`), convDetector());
    cleanups.push(removeModel(model));
    const { jobId } = await call<{ jobId: string }>(s, 'suggestions.predict', { model, threads: 1, createClasses: true });
    const cancelled = new Promise<void>((resolve) => {
      const off = s.onEvent((name, info) => {
        const job = info as { id: string; done: number };
        if (name === 'job.progress' && job.id === jobId && job.done >= 2) {
          off();
          void call(s, 'jobs.cancel', { id: jobId }).then(() => resolve());
        }
      });
    });
    await cancelled;
    expect(await codeOf(s.jobs.wait(jobId))).toMatchObject({ code: 'CANCELLED' });
    expect(s.jobs.get(jobId).state).toBe('cancelled');
    const stored = (s.require().db.prepare('SELECT COUNT(*) AS n FROM predictions').get() as { n: number }).n;
    expect(stored).toBeGreaterThanOrEqual(2);
    expect(stored).toBeLessThan(12);
    const rest = await runJob<PredictSummary>(s, call(s, 'suggestions.predict', { model }));
    expect(rest.skipped).toBe(stored);
    expect(rest.predicted + rest.skipped).toBe(12);
  });

  it('refuses a bad model before anything runs, and stores nothing', async () => {
    const { s, dir } = openTempDataset(cleanups, 'lightbox-badmodel-');
    await writeImage(path.join(dir, 'one.png'), { width: 20, height: 20 });
    await runJob(s, call(s, 'datasets.scan', { thumbnails: false }));
    const bare = writeModel(path.join(dir, '..', `${path.basename(dir)}-bare.onnx`), colourClassifier());
    cleanups.push(removeModel(bare));
    expect(await codeOf(call(s, 'suggestions.predict', { model: bare }))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/does not say what it predicts/) });
    const wrong = writeModel(path.join(dir, '..', `${path.basename(dir)}-wrong.onnx`), colourClassifier(32), colourJson(64));
    cleanups.push(removeModel(wrong));
    const { jobId } = await call<{ jobId: string }>(s, 'suggestions.predict', { model: wrong });
    expect(await codeOf(s.jobs.wait(jobId))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/input is \[1, 3, 32, 32\] but the JSON says 64×64/) });
    expect((await pending(s)).total).toBe(0);
    expect(s.require().db.prepare('SELECT COUNT(*) AS n FROM predictions').get()).toEqual({ n: 0 });
  });
});
