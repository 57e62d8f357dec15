import path from 'node:path';
import type { Params } from '../../api/contract.js';
import { openHost } from '../cliHost.js';
import { type Command, UsageError, parse, progressPrinter, requireArg, shown, usageLine } from '../cliSupport.js';
import { asciiLower, datasetRelative } from './label.js';

const usage =
  'lightbox segment DATASET IMAGE --class NAME --method wand|grabcut|threshold|sam [--point X,Y]... [--negative X,Y]... [--box X,Y,W,H] [--tolerance N] [--level N] [--model ENCODER.onnx,DECODER.onnx|NAME]';

const METHODS = ['wand', 'grabcut', 'threshold', 'sam'] as const;
type Method = (typeof METHODS)[number];

/** "X,Y" (or "X,Y,W,H") as numbers; anything else is the person's mistake, said with the option's name. */
function numbers(text: string, count: number, option: string, shape: string): number[] {
  const parts = text.split(',').map((t) => t.trim());
  const values = parts.map(Number);
  if (parts.length !== count || parts.some((t) => t === '') || values.some((v) => !Number.isFinite(v))) {
    throw new UsageError(usageLine(`${option} takes ${shape} in image pixels, not "${shown(text)}"`, usage));
  }
  return values;
}

function integer(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!/^\s*-?\d+(\.\d+)?\s*$/.test(text) || !Number.isFinite(v)) throw new UsageError(usageLine(`${option} takes a number, not "${shown(text)}"`, usage));
  return v;
}

/**
 * "--model ENCODER.onnx,DECODER.onnx" as absolute paths (relative ones are from the working
 * folder), or the name or id of a SAM pair added in Settings → Models.
 */
function samModel(text: string | undefined): { encoder: string; decoder: string } | { id: string } {
  if (text === undefined) throw new UsageError(usageLine("--method sam needs --model ENCODER.onnx,DECODER.onnx (your SAM model's two files) or the name of a SAM model in Settings → Models", usage));
  const parts = text.split(',').map((t) => t.trim());
  if (parts.length === 1 && parts[0] !== '') return { id: parts[0]! };
  if (parts.length !== 2 || parts.some((t) => t === '')) throw new UsageError(usageLine(`--model takes ENCODER.onnx,DECODER.onnx or a SAM model's name from Settings → Models, not "${shown(text)}"`, usage));
  return { encoder: path.resolve(parts[0]!), decoder: path.resolve(parts[1]!) };
}

export const segmentCommand: Command = {
  name: 'segment',
  usage,
  summary: 'make a mask region with an assist (magic wand, GrabCut, threshold in a box)',
  help: [
    'Coordinates are pixels of the upright image (as the app shows it), origin at the top-left.',
    'wand: flood from each --point with --tolerance (0-255, default 32); each --negative takes its fill away; --connectivity 4|8.',
    'grabcut: the object inside --box; --point / --negative mark foreground / background; --iterations N (default 5).',
    "threshold: inside --box, Otsu's level or --level N (0-255); --polarity auto|brighter|darker.",
    'sam: your own SAM-family model (segment-anything ONNX export: encoder and decoder) from --model ENCODER.onnx,DECODER.onnx,',
    '  or --model NAME: a SAM pair added in Settings → Models, by its name or id (or the start of the id);',
    '  each --point is on the object, each --negative on the background, --box around it. The first run on an image',
    '  computes its embedding (cached in DATASET/.lightbox/cache/sam/); the models are read where they are, not copied.',
    'Prints the new region id and its area in pixels.',
  ],
  async run(argv) {
    const { positionals, values } = parse(
      argv,
      {
        class: { type: 'string' },
        method: { type: 'string' },
        point: { type: 'string', multiple: true },
        negative: { type: 'string', multiple: true },
        box: { type: 'string' },
        tolerance: { type: 'string' },
        level: { type: 'string' },
        polarity: { type: 'string' },
        iterations: { type: 'string' },
        connectivity: { type: 'string' },
        model: { type: 'string' },
      },
      usage,
    );
    const dataset = requireArg(positionals[0], 'DATASET', usage);
    const ref = requireArg(positionals[1], 'IMAGE', usage);
    const cls = requireArg(values.class, '--class NAME', usage);
    const method = requireArg(values.method, '--method', usage);
    if (!(METHODS as readonly string[]).includes(method)) throw new UsageError(usageLine(`Unknown method "${shown(method)}"; use wand, grabcut, threshold or sam`, usage));
    if (method !== 'sam' && values.model !== undefined) throw new UsageError(usageLine('--model is for --method sam', usage));
    const model = method === 'sam' ? samModel(values.model) : undefined;
    const points = [
      ...(values.point ?? []).map((t) => numbers(t, 2, '--point', 'X,Y')).map(([x, y]) => ({ x: x!, y: y!, positive: true })),
      ...(values.negative ?? []).map((t) => numbers(t, 2, '--negative', 'X,Y')).map(([x, y]) => ({ x: x!, y: y!, positive: false })),
    ];
    const box = values.box === undefined ? undefined : numbers(values.box, 4, '--box', 'X,Y,W,H');
    const connectivity = integer(values.connectivity, '--connectivity');
    if (connectivity !== undefined && connectivity !== 4 && connectivity !== 8) throw new UsageError(usageLine('--connectivity is 4 or 8', usage));
    const polarity = values.polarity;
    if (polarity !== undefined && !['auto', 'brighter', 'darker'].includes(polarity)) throw new UsageError(usageLine('--polarity is auto, brighter or darker', usage));

    const { host, dataset: info } = await openHost(dataset);
    try {
      const rel = datasetRelative(ref, path.resolve(dataset), info.root);
      const image = await host.call('images.byPath', { path: rel }, { path: 'IMAGE' });
      if (!image) throw new UsageError(`No image "${shown(rel)}" in the dataset. Run \`lightbox scan ${shown(dataset)}\` first if it is new.`);
      const classes = await host.call('classes.list', { includeArchived: true });
      const c = classes.find((k) => k.name === cls) ?? classes.find((k) => asciiLower(k.name) === asciiLower(cls));
      if (!c) throw new UsageError(`No class "${shown(cls)}". Add it with \`lightbox classes ${shown(dataset)} add "${shown(cls)}"\`.`);
      const params: Params<'annotations.segment'> = {
        imageId: image.id,
        classId: c.id,
        method: method as Method,
        ...(points.length > 0 ? { points } : {}),
        ...(box ? { box: { x: box[0]!, y: box[1]!, w: box[2]!, h: box[3]! } } : {}),
        ...(values.tolerance !== undefined ? { tolerance: integer(values.tolerance, '--tolerance') } : {}),
        ...(values.level !== undefined ? { level: integer(values.level, '--level') } : {}),
        ...(values.iterations !== undefined ? { iterations: integer(values.iterations, '--iterations') } : {}),
        ...(connectivity !== undefined ? { connectivity: connectivity as 4 | 8 } : {}),
        ...(polarity !== undefined ? { polarity: polarity as 'auto' | 'brighter' | 'darker' } : {}),
        ...(model ? { model } : {}),
      };
      // A first SAM run on an image computes its embedding: show that job's progress on stderr.
      const printer = progressPrinter('computing the image embedding');
      const off = host.on('job.progress', (info) => info.kind === 'sam.embed' && printer.onJob(info));
      const { region, area } = await host.call('annotations.segment', params, {
        points: '--point',
        box: '--box',
        tolerance: '--tolerance',
        level: '--level',
        iterations: '--iterations',
        connectivity: '--connectivity',
        polarity: '--polarity',
        model: '--model',
      }).finally(() => {
        off();
        printer.end();
      });
      console.log(`region ${region.id}: ${area} px (${shown(c.name)}, ${method}) on ${shown(image.path)}`);
    } finally {
      host.close();
    }
  },
};
