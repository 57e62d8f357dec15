/**
 * What Lightbox needs to know to run a model, from `NAME.onnx.json` beside it or, for Ultralytics
 * exports, from the ONNX metadata (`names`, `imgsz`, `task`). Both become one `ModelSpec`; a file
 * that says too little, too much (10,000 classes) or contradicts itself is refused with the
 * problem named.
 */
import { z } from 'zod';
import { LightboxError } from '../api/errors.js';

export const MAX_MODEL_CLASSES = 1000;
/** A model input beyond this side is not a model we can feed image by image on a desktop. */
export const MAX_INPUT_SIDE = 4096;

export const ResizeMode = z.enum(['fill', 'letterbox', 'shorter-then-center-crop']);
export type ResizeMode = z.infer<typeof ResizeMode>;

const Triple = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);

/** The JSON beside a model (`model.onnx.json`). Unknown keys are refused, so a typo is not silently ignored. */
export const ModelConfigFile = z
  .object({
    task: z.enum(['classify', 'detect']),
    labels: z.array(z.string().trim().min(1).max(200)).min(1),
    input: z
      .object({
        size: z.tuple([z.number().int().min(1).max(MAX_INPUT_SIDE), z.number().int().min(1).max(MAX_INPUT_SIDE)]),
        resize: ResizeMode.default('fill'),
        mean: Triple.default([0, 0, 0]),
        std: Triple.refine((s) => s.every((v) => v !== 0), 'a standard deviation of 0').default([1, 1, 1]),
        scale: z.number().finite().positive().default(1 / 255),
        channels: z.enum(['RGB', 'BGR']).default('RGB'),
        layout: z.literal('NCHW').default('NCHW'),
      })
      .strict(),
  })
  .strict();

export interface ModelInputSpec {
  /** Model input size in pixels. */
  width: number;
  height: number;
  resize: ResizeMode;
  /** Per channel, in the model's channel order: value = (pixel × scale − mean) / std. */
  mean: [number, number, number];
  std: [number, number, number];
  scale: number;
  channels: 'RGB' | 'BGR';
}

export interface ModelSpec {
  task: 'classify' | 'detect';
  /** Class names in output order. */
  labels: string[];
  input: ModelInputSpec;
  /** Where the description came from, for messages and the model list. */
  source: 'json' | 'metadata';
}

function bad(what: string, problem: string): LightboxError {
  return new LightboxError('BAD_FILE', `${what}: ${problem}`);
}

function checkLabels(labels: string[], what: string): void {
  if (labels.length === 0) throw bad(what, 'the model names no classes (labels).');
  if (labels.length > MAX_MODEL_CLASSES) throw bad(what, `the model declares ${labels.length} classes; Lightbox handles at most ${MAX_MODEL_CLASSES}.`);
  const seen = new Set<string>();
  for (const l of labels) {
    if (seen.has(l)) throw bad(what, `the class "${l.slice(0, 100)}" is listed twice.`);
    seen.add(l);
  }
}

/** The spec from a parsed `NAME.onnx.json`; `what` names the file in messages. */
export function specFromJson(raw: unknown, what: string): ModelSpec {
  if (Array.isArray((raw as { labels?: unknown })?.labels) && (raw as { labels: unknown[] }).labels.length > MAX_MODEL_CLASSES) {
    throw bad(what, `the model declares ${(raw as { labels: unknown[] }).labels.length} classes; Lightbox handles at most ${MAX_MODEL_CLASSES}.`);
  }
  const parsed = ModelConfigFile.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw bad(what, `${i.path.length > 0 ? i.path.join('.') : 'the file'} has the wrong form (${i.message})`.slice(0, 400));
  }
  const c = parsed.data;
  checkLabels(c.labels, what);
  const { size, resize, mean, std, scale, channels } = c.input;
  return { task: c.task, labels: c.labels, input: { width: size[0], height: size[1], resize, mean, std, scale, channels }, source: 'json' };
}

/**
 * A Python dict literal of class names as Ultralytics writes it, `{0: 'cat', 1: "dog's"}`: integer
 * keys from 0 without gaps, quoted strings with backslash escapes. Returns the names in key order.
 */
export function parsePythonNames(text: string): string[] {
  let i = 0;
  const s = text.trim();
  const ws = () => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  const expect = (c: string) => {
    ws();
    if (s[i] !== c) throw new Error(`expected "${c}" at character ${i + 1}`);
    i++;
  };
  const str = (): string => {
    ws();
    const q = s[i];
    if (q !== "'" && q !== '"') throw new Error(`expected a quoted name at character ${i + 1}`);
    i++;
    let out = '';
    while (i < s.length && s[i] !== q) {
      if (s[i] === '\\' && i + 1 < s.length) {
        const n = s[i + 1]!;
        out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
        i += 2;
      } else out += s[i++];
    }
    if (i >= s.length) throw new Error('a name is not closed');
    i++;
    return out;
  };
  const names = new Map<number, string>();
  expect('{');
  ws();
  while (s[i] !== '}') {
    ws();
    const m = /^\d+/.exec(s.slice(i, i + 12));
    if (!m) throw new Error(`expected a class number at character ${i + 1}`);
    i += m[0].length;
    const key = Number(m[0]);
    expect(':');
    if (names.size >= 100_000) throw new Error('too many names');
    names.set(key, str());
    ws();
    if (s[i] === ',') i++;
    ws();
    if (i >= s.length) throw new Error('the dict is not closed');
  }
  i++;
  ws();
  if (i !== s.length) throw new Error('text after the dict');
  const out: string[] = [];
  for (let k = 0; k < names.size; k++) {
    const n = names.get(k);
    if (n === undefined) throw new Error(`class ${k} is missing`);
    out.push(n);
  }
  return out;
}

/** `imgsz` as Ultralytics writes it: "[640, 640]" (height, width) or "640". */
function parseImgsz(text: string): { width: number; height: number } {
  const nums = (text.match(/\d+/g) ?? []).map(Number);
  const [h, w] = nums.length === 1 ? [nums[0]!, nums[0]!] : nums;
  if (nums.length < 1 || nums.length > 2 || !h || !w || h > MAX_INPUT_SIDE || w > MAX_INPUT_SIDE) throw new Error(`imgsz "${text.slice(0, 40)}" is not a size`);
  return { width: w, height: h };
}

/**
 * The spec from Ultralytics' metadata, or null when the file carries none of it. Their defaults:
 * detection letterboxed (grey 114 padding), classification resized by the shorter side and
 * centre-cropped; pixels scaled to 0–1, RGB.
 */
export function specFromMetadata(meta: ReadonlyMap<string, string>, what: string): ModelSpec | null {
  const names = meta.get('names');
  if (names === undefined) return null;
  let labels: string[];
  try {
    labels = parsePythonNames(names);
  } catch (e) {
    throw bad(what, `the class names in its metadata cannot be read (${(e as Error).message}).`);
  }
  checkLabels(labels, what);
  const task = meta.get('task') ?? 'detect';
  if (task !== 'detect' && task !== 'classify') throw bad(what, `its metadata says task "${task.slice(0, 40)}"; Lightbox runs classify and detect models.`);
  let size: { width: number; height: number };
  try {
    size = parseImgsz(meta.get('imgsz') ?? '');
  } catch (e) {
    throw bad(what, `its metadata has no usable input size (${(e as Error).message}).`);
  }
  return {
    task,
    labels,
    input: { ...size, resize: task === 'detect' ? 'letterbox' : 'shorter-then-center-crop', mean: [0, 0, 0], std: [1, 1, 1], scale: 1 / 255, channels: 'RGB' },
    source: 'metadata',
  };
}

type Shape = ReadonlyArray<number | string>;

/**
 * The model's own input and output shapes must agree with the spec: NCHW with 3 channels (or 1: grey) and the
 * configured size; a classifier's output has one score per label; a detector's is [1, 4+nc, N].
 * Symbolic dimensions (names) agree with anything.
 */
export function checkShapes(spec: ModelSpec, input: Shape | undefined, output: Shape | undefined, what: string): void {
  const dims = (s: Shape) => `[${s.join(', ')}]`;
  if (!input || input.length !== 4) throw bad(what, `its input has shape ${input ? dims(input) : 'unknown'}; Lightbox feeds one image as [1, 3, height, width] (NCHW).`);
  const [n, c, h, w] = input;
  const fixed = (d: number | string | undefined, want: number) => typeof d !== 'number' || d === want || d < 0;
  if (!fixed(n, 1) || !(fixed(c, 3) || c === 1)) throw bad(what, `its input has shape ${dims(input)}; Lightbox feeds one image as [1, 3, height, width] (RGB) or [1, 1, height, width] (grey), NCHW.`);
  if (!fixed(h, spec.input.height) || !fixed(w, spec.input.width)) {
    throw bad(what, `its input is ${dims(input)} but the ${spec.source === 'json' ? 'JSON' : 'metadata'} says ${spec.input.width}×${spec.input.height} (width×height); fix input.size.`);
  }
  if (!output) return;
  const nc = spec.labels.length;
  if (spec.task === 'classify') {
    const last = output[output.length - 1];
    if (typeof last === 'number' && last > 0 && last !== nc) throw bad(what, `its output has ${last} scores per image but ${nc} labels are named.`);
    return;
  }
  if (output.length !== 3) throw bad(what, `its output has shape ${dims(output)}; a detector's is [1, 4 + classes, boxes] (Ultralytics).`);
  const [, a, b] = output;
  if (typeof a === 'number' && typeof b === 'number' && a !== 4 + nc && b !== 4 + nc) {
    throw bad(what, `its output has shape ${dims(output)}; with ${nc} labels a detector's is [1, ${4 + nc}, boxes].`);
  }
}
