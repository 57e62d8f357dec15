import path from 'node:path';
import type { PredictSummary } from '../../api/suggestions.js';
import { openHost } from '../cliHost.js';
import { type Command, UsageError, parse, requireArg, shown, usageLine } from '../cliSupport.js';

const usage = 'lightbox predict DATASET --model M.onnx [--images unlabeled|all|split:train|split:val|split:test] [--min-score S] [--create-classes] [--map MODEL_LABEL=CLASS ...] [--window file|auto|C,W]';

const MAX_LISTED = 20;

/** `--images` as the contract names it (`fallback` when it is not given), for the commands that run a model over images. */
export function imagesChoice(text: string | undefined, fallback: 'unlabeled' | 'all', commandUsage: string): 'unlabeled' | 'all' | 'train' | 'val' | 'test' {
  if (text === undefined || text === 'unlabeled' || text === 'all') return text ?? fallback;
  const split = /^split:(train|val|test)$/.exec(text);
  if (split) return split[1] as 'train' | 'val' | 'test';
  throw new UsageError(usageLine(`--images is unlabeled, all or split:train|val|test, not "${shown(text)}"`, commandUsage));
}

/** `--window`: `file`, `auto`, or a window as centre,width (the contract checks the numbers' ranges). */
function windowChoice(text: string): 'file' | 'auto' | { center: number; width: number } {
  const t = text.trim();
  if (t === 'file' || t === 'auto') return t;
  const m = /^(-?\d+(?:\.\d+)?)\s*[,/]\s*(\d+(?:\.\d+)?)$/.exec(t);
  if (!m || !(Number(m[2]) >= 1)) throw new UsageError(usageLine(`--window is file, auto or CENTER,WIDTH such as 40,400 (width at least 1), not "${shown(text)}"`, usage));
  return { center: Number(m[1]), width: Number(m[2]) };
}

export function describePredictSummary(s: PredictSummary): string[] {
  const lines = [
    `${shown(s.model.name)} (${s.model.task}): ${s.predicted} images predicted, ${s.suggestions} suggestions stored` +
      (s.skipped > 0 ? `, ${s.skipped} skipped (already predicted by this model)` : '') +
      (s.failedCount > 0 ? `, ${s.failedCount} could not be predicted` : ''),
  ];
  for (const f of s.failed.slice(0, MAX_LISTED)) lines.push(`  ${shown(f.path)}: ${shown(f.reason)}`);
  if (s.failedCount > MAX_LISTED) lines.push(`  ... and ${s.failedCount - MAX_LISTED} more`);
  if (s.createdClasses.length > 0) lines.push(`New classes: ${s.createdClasses.map(shown).join(', ')}`);
  if (s.mapped.length > 0) lines.push(`Mapped: ${s.mapped.map((m) => `${shown(m.label)} → ${shown(m.className)}`).join(', ')}`);
  if (s.ignored.length > 0) lines.push(`Ignored model labels (not stored): ${s.ignored.map(shown).join(', ')}`);
  if (s.unmatched.length > 0) {
    lines.push(
      `Model labels with no class in the dataset (not stored): ${s.unmatched.map(shown).join(', ')}. Map them (--map LABEL=CLASS), add the classes, or run again with --create-classes.`,
    );
  }
  lines.push('Review them in the app, or with `lightbox suggestions DATASET list|accept|reject`.');
  return lines;
}

export const predictCommand: Command = {
  name: 'predict',
  usage,
  summary: 'pre-label with your own ONNX classifier or detector: stores suggestions, not labels',
  help: [
    'M.onnx: a classifier or detector with M.onnx.json beside it (task, labels, input), or an Ultralytics export (names, imgsz, task in its metadata).',
    '--map MODEL_LABEL=CLASS (repeatable): store a model label under a class of another name; kept for this model and dataset, so later runs (and the app) use it too.',
    "--window: how DICOM frames and 16-bit greyscale images become the 8-bit pixels the model sees: file (the file's own window, the default), auto (from the histogram) or CENTER,WIDTH such as 40,400.",
    '--images: unlabeled (default) images with no label yet; all; or one split. --min-score S: 0-1 (default 0.25).',
    'Images this model already ran on are skipped, so an interrupted run carries on where it stopped. Ctrl+C stops it; what was stored stays.',
  ],
  async run(argv) {
    const { positionals, values } = parse(
      argv,
      { model: { type: 'string' }, images: { type: 'string' }, 'min-score': { type: 'string' }, 'create-classes': { type: 'boolean' }, map: { type: 'string', multiple: true }, window: { type: 'string' }, threads: { type: 'string' } },
      usage,
    );
    const dataset = requireArg(positionals[0], 'DATASET', usage);
    const model = requireArg(values.model, '--model M.onnx', usage);
    const images = imagesChoice(values.images, 'unlabeled', usage);
    const minScore = values['min-score'] === undefined ? undefined : Number(values['min-score']);
    if (minScore !== undefined && !(minScore >= 0 && minScore <= 1)) throw new UsageError(usageLine(`--min-score is a number from 0 to 1, not "${shown(values['min-score']!)}"`, usage));
    const map = (values.map ?? []).map((m) => {
      // The last '=' splits, so a model label may itself contain '=' (class names may not be empty).
      const at = m.lastIndexOf('=');
      if (at <= 0 || at === m.length - 1) throw new UsageError(usageLine(`--map is MODEL_LABEL=CLASS, not "${shown(m)}"`, usage));
      return { label: m.slice(0, at), className: m.slice(at + 1) };
    });
    const window = values.window === undefined ? undefined : windowChoice(values.window);
    const threads = values.threads === undefined ? undefined : Number(values.threads);
    const { host } = await openHost(dataset);
    try {
      const summary = await host.runJob<PredictSummary>('Predicting', () =>
        host.call(
          'suggestions.predict',
          { model: path.resolve(model), images, createClasses: values['create-classes'] ?? false, ...(map.length > 0 ? { map } : {}), ...(window !== undefined ? { window } : {}), ...(minScore !== undefined ? { minScore } : {}), ...(threads !== undefined ? { threads } : {}) },
          { model: '--model', images: '--images', minScore: '--min-score', threads: '--threads', map: '--map', window: '--window' },
        ),
      );
      for (const line of describePredictSummary(summary)) console.log(line);
    } finally {
      host.close();
    }
  },
};
