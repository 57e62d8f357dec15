import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePythonNames } from '../../src-main/models/modelConfig.js';
import { onnxMetadata } from '../../src-main/models/onnxMetadata.js';
import { validateModel } from '../../src-main/models/loadModel.js';
import { PredictThreads } from '../../src-main/models/predictThreads.js';
import { codeOf } from '../helpers/tempSession.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';
import { floatTensor, int, ints, node, onnxModel, tensorInfo } from '../helpers/onnxModel.js';
import { COLOUR_LABELS, colourClassifier, colourJson, constantDetector, writeModel } from '../helpers/predictModels.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function dir(): string {
  const t = tempDir('lightbox-models-');
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('reading a model', () => {
  it('takes task, labels and input from NAME.onnx.json beside the model', async () => {
    const file = writeModel(path.join(dir(), 'colours.onnx'), colourClassifier(), colourJson());
    const m = await validateModel(file);
    expect(m.spec).toMatchObject({ task: 'classify', labels: COLOUR_LABELS, source: 'json', input: { width: 64, height: 64, resize: 'fill', channels: 'RGB' } });
    expect(m.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads an Ultralytics export's names, imgsz and task from the ONNX metadata", async () => {
    const bytes = constantDetector([{ cx: 10, cy: 10, w: 4, h: 4, scores: [0.9, 0.1] }], ["cat", "dog's toy"], { size: 320 });
    expect(onnxMetadata(bytes).get('imgsz')).toBe('[320, 320]');
    const m = await validateModel(writeModel(path.join(dir(), 'yolo.onnx'), bytes));
    expect(m.spec).toMatchObject({ task: 'detect', labels: ['cat', "dog's toy"], source: 'metadata', input: { width: 320, height: 320, resize: 'letterbox', scale: 1 / 255 } });
  });

  it('parses the Python dict of names with either quote and escapes', () => {
    expect(parsePythonNames(`{0: 'person', 1: "it's", 2: 'back\\\\slash', 3: 'a, b'}`)).toEqual(['person', "it's", 'back\\slash', 'a, b']);
    expect(() => parsePythonNames('{0: "a", 2: "c"}')).toThrow(/class 1 is missing/);
  });

  it('refuses, naming the problem: not ONNX, nothing saying what it predicts, a contradicting shape, 10,000 classes, an unknown operator', async () => {
    const d = dir();
    const notOnnx = path.join(d, 'photo.onnx');
    fs.writeFileSync(notOnnx, 'JFIF this is a picture, not a model');
    expect(await codeOf(validateModel(notOnnx))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/photo\.onnx is not an ONNX model/) });

    const bare = writeModel(path.join(d, 'bare.onnx'), colourClassifier());
    expect(await codeOf(validateModel(bare))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/bare\.onnx does not say what it predicts: put bare\.onnx\.json beside it/) });

    const wrong = writeModel(path.join(d, 'wrong.onnx'), colourClassifier(64), { ...colourJson(), input: { size: [224, 224] } });
    expect(await codeOf(validateModel(wrong))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/input is \[1, 3, 64, 64\] but the JSON says 224×224/) });

    // One channel (grey) or three (RGB): a model taking two is not fed.
    expect(await validateModel(writeModel(path.join(d, 'grey.onnx'), colourClassifier(64, { channels: 1 }), colourJson()))).toMatchObject({ spec: { task: 'classify' } });
    const twoChannels = onnxModel({
      inputs: [tensorInfo('images', [1, 2, 64, 64])],
      outputs: [tensorInfo('logits', [1, 3])],
      nodes: [node('ReduceMean', ['images'], ['mean'], { axes: ints([2, 3]), keepdims: int(0) }), node('MatMul', ['mean', 'W'], ['logits'])],
      initializers: [floatTensor('W', [2, 3], [1, 0, 0, 0, 1, 0])],
      opset: 13,
    });
    const two = writeModel(path.join(d, 'two.onnx'), twoChannels, colourJson());
    expect(await codeOf(validateModel(two))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/\[1, 2, 64, 64\]; Lightbox feeds one image as \[1, 3, height, width\] \(RGB\) or \[1, 1, height, width\] \(grey\)/) });

    const labels = Array.from({ length: 10_000 }, (_, i) => `c${i}`);
    const many = writeModel(path.join(d, 'many.onnx'), colourClassifier(), { ...colourJson(), labels });
    expect(await codeOf(validateModel(many))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/declares 10000 classes; Lightbox handles at most 1000/) });
    const manyMeta = constantDetector([{ cx: 1, cy: 1, w: 1, h: 1, scores: labels.map(() => 0) }], labels, { size: 32 });
    expect(await codeOf(validateModel(writeModel(path.join(d, 'many-yolo.onnx'), manyMeta)))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/10000 classes/) });

    const fewer = writeModel(path.join(d, 'fewer.onnx'), colourClassifier(), { ...colourJson(), labels: ['red', 'green'] });
    expect(await codeOf(validateModel(fewer))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/3 scores per image but 2 labels/) });

    const unknownOp = onnxModel({ inputs: [tensorInfo('images', [1, 3, 64, 64])], outputs: [tensorInfo('logits', [1, 3])], nodes: [node('FrobnicateColours', ['images'], ['logits'])], opset: 13 });
    const odd = writeModel(path.join(d, 'odd.onnx'), unknownOp, colourJson());
    expect(await codeOf(validateModel(odd))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/odd\.onnx is not an ONNX model Lightbox can run: .*FrobnicateColours/) });
  });
});

describe('prediction threads', () => {
  it('classify the dominant colour of images on disk, in worker threads', async () => {
    const d = dir();
    const m = await validateModel(writeModel(path.join(d, 'colours.onnx'), colourClassifier(), colourJson()));
    await writeImage(path.join(d, 'r.png'), { width: 90, height: 40, color: '#e01010' });
    await writeImage(path.join(d, 'b.jpg'), { width: 30, height: 70, color: '#1020d0' });
    const pool = await PredictThreads.start({ bytes: m.bytes, name: m.name, spec: m.spec, minScore: 0.1 }, 2);
    try {
      const image = (file: string, width: number, height: number) => ({ file: path.join(d, file), width, height, frame: null, format: null, bitsStored: null });
      const [r, b] = await Promise.all([pool.predict(image('r.png', 90, 40)), pool.predict(image('b.jpg', 30, 70))]);
      expect(r.kind === 'class' && r.probs.indexOf(Math.max(...r.probs))).toBe(0);
      expect(b.kind === 'class' && b.probs.indexOf(Math.max(...b.probs))).toBe(2);
      await expect(pool.predict(image('missing.png', 10, 10))).rejects.toThrow(/could not be read/);
    } finally {
      await pool.close();
    }
  });
});
