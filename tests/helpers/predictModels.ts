/**
 * The models the pre-labeling tests run, built from operators (nothing downloaded): a classifier
 * whose answer is the image's dominant colour, and a detector with Ultralytics' output layout whose
 * boxes are known in advance.
 */
import fs from 'node:fs';
import { floatTensor, int, ints, node, onnxModel, tensorInfo } from './onnxModel.js';
import { rng } from './rng.js';

export const COLOUR_LABELS = ['red', 'green', 'blue'];

/**
 * [1, 3, S, S] → mean of each channel → × 10 → logits [1, 3] (no softmax: Lightbox applies it).
 * A mostly red image is "red" with a score that grows with how red it is.
 */
export function colourClassifier(size = 64, opts: { batch?: number | string; channels?: number; gain?: number } = {}): Uint8Array {
  return onnxModel({
    inputs: [tensorInfo('images', [opts.batch ?? 1, opts.channels ?? 3, size, size])],
    outputs: [tensorInfo('logits', [1, 3])],
    nodes: [node('ReduceMean', ['images'], ['mean'], { axes: ints([2, 3]), keepdims: int(0) }), node('MatMul', ['mean', 'W'], ['logits'])],
    initializers: [floatTensor('W', [opts.channels ?? 3, 3], (opts.channels === 1 ? [1, 1, 1] : [1, 0, 0, 0, 1, 0, 0, 0, 1]).map((v) => v * (opts.gain ?? 10)))],
    opset: 13,
  });
}

/** One detection of the constant detector: centre, size in model-input pixels, one score per class. */
export interface KnownBox {
  cx: number;
  cy: number;
  w: number;
  h: number;
  scores: number[];
}

/**
 * A detector that answers `boxes` whatever the image ([1, 4+nc, N], Ultralytics' layout): the output
 * is the boxes plus 0 × the input's mean, so the graph still reads its input. `metadata` as
 * Ultralytics writes it, unless given.
 */
export function constantDetector(boxes: KnownBox[], labels: string[], opts: { size?: number; metadata?: Record<string, string> | null } = {}): Uint8Array {
  const size = opts.size ?? 640;
  const nc = labels.length;
  const n = boxes.length;
  const values = new Float32Array((4 + nc) * n);
  boxes.forEach((b, i) => {
    const row = [b.cx, b.cy, b.w, b.h, ...b.scores];
    row.forEach((v, r) => (values[r * n + i] = v));
  });
    // As Python's repr writes a str: single quotes, double quotes when the name holds a single one.
  const names = `{${labels.map((l, i) => `${i}: ${l.includes("'") ? `"${l}"` : `'${l}'`}`).join(', ')}}`;
  const metadata = opts.metadata === null ? undefined : (opts.metadata ?? { names, imgsz: `[${size}, ${size}]`, task: 'detect', stride: '32' });
  return onnxModel({
    inputs: [tensorInfo('images', [1, 3, size, size])],
    outputs: [tensorInfo('output0', [1, 4 + nc, n])],
    nodes: [
      node('ReduceMean', ['images'], ['m'], { axes: ints([1, 2, 3]), keepdims: int(0) }),
      node('Mul', ['m', 'zero'], ['z']),
      node('Add', ['B', 'z'], ['output0']),
    ],
    initializers: [floatTensor('B', [1, 4 + nc, n], values), floatTensor('zero', [1], [0])],
    opset: 13,
    ...(metadata ? { metadata } : {}),
  });
}

/** Write a model and, when given, its JSON description beside it. Returns the .onnx path. */
export function writeModel(file: string, bytes: Uint8Array, json?: unknown): string {
  fs.writeFileSync(file, bytes);
  if (json !== undefined) fs.writeFileSync(`${file}.json`, JSON.stringify(json));
  return file;
}

export const colourJson = (size = 64) => ({ task: 'classify', labels: COLOUR_LABELS, input: { size: [size, size], resize: 'fill' } });

/**
 * A 640×640 detector (Ultralytics layout and metadata, classes cat and dog) whose graph reads the
 * whole input, a 3×3 stride-2 convolution to 16 channels, before answering its constant boxes: 8,400
 * random candidates with low scores and twenty confident cats. Work like a small real model's first layer.
 */
export function convDetector(): Uint8Array {
  const nc = 2;
  const n = 8400;
  const boxes = new Float32Array((4 + nc) * n);
  const r = rng(5);
  for (let i = 0; i < n; i++) {
    boxes[i] = r() * 640;
    boxes[n + i] = r() * 640;
    boxes[2 * n + i] = 10 + r() * 100;
    boxes[3 * n + i] = 10 + r() * 100;
    boxes[4 * n + i] = r() * 0.3;
    boxes[5 * n + i] = r() * 0.3;
  }
  for (let i = 0; i < 20; i++) boxes[4 * n + i * 400] = 0.9; // twenty confident cats
  const w = new Float32Array(16 * 3 * 3 * 3).map(() => r() - 0.5);
  return onnxModel({
    inputs: [tensorInfo('images', [1, 3, 640, 640])],
    outputs: [tensorInfo('output0', [1, 4 + nc, n])],
    nodes: [
      node('Conv', ['images', 'W'], ['c'], { kernel_shape: ints([3, 3]), strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) }),
      node('ReduceMean', ['c'], ['m'], { axes: ints([1, 2, 3]), keepdims: int(0) }),
      node('Mul', ['m', 'zero'], ['z']),
      node('Add', ['B', 'z'], ['output0']),
    ],
    initializers: [floatTensor('W', [16, 3, 3, 3], w), floatTensor('B', [1, 4 + nc, n], boxes), floatTensor('zero', [1], [0])],
    opset: 13,
    metadata: { names: "{0: 'cat', 1: 'dog'}", imgsz: '[640, 640]', task: 'detect' },
  });
}

export const BRIGHTNESS_LABELS = ['dark', 'bright'];

/**
 * [1, C, S, S] (C = 1: grey, 3: RGB) → mean of the input m (0–1 with the default scale) → logits
 * [5 − 10m, 10m − 5]: "bright" when the model saw pixels averaging above 127.5, with
 * P(bright) = 1 / (1 + e^(10 − 20m)), so a test knows the score from the pixels the model was fed.
 */
export function brightnessClassifier(channels: 1 | 3, size = 32): Uint8Array {
  return onnxModel({
    inputs: [tensorInfo('images', [1, channels, size, size])],
    outputs: [tensorInfo('logits', [1, 2])],
    nodes: [node('ReduceMean', ['images'], ['mean'], { axes: ints([2, 3]), keepdims: int(0) }), node('MatMul', ['mean', 'W'], ['scaled']), node('Add', ['scaled', 'B'], ['logits'])],
    initializers: [
      floatTensor('W', [channels, 2], Array.from({ length: channels }, () => [-10 / channels, 10 / channels]).flat()),
      floatTensor('B', [1, 2], [5, -5]),
    ],
    opset: 13,
  });
}

export const brightnessJson = (size = 32) => ({ task: 'classify', labels: BRIGHTNESS_LABELS, input: { size: [size, size], resize: 'fill' } });
