import fs from 'node:fs';
import path from 'node:path';
import { ExportFormat, type ExportOptions, type ExportSummary } from '../../api/exports.js';
import { privacySummaryLine } from '../../privacy/privacyReport.js';
import { type ParamNames, openHost } from '../cliHost.js';
import { type Command, UsageError, parse, shown } from '../cliSupport.js';

const usage =
  'lightbox export DATASET --format F --out DIR [--size 224[xH]] [--fit cover|contain|fill] [--image-format keep|jpeg|png] [--window file|auto|C,W|none] [--split 0.8,0.1,0.1] [--seed N] [--keep-metadata] [--anonymous-names] [--flag-names FILE] [--redact fill|blur] [--dates shift|remove (dicom)] [--overwrite] [--instances (masks)] [--shard-size N] [--shard-bytes 512M (webdataset, parquet)] [--annotations resolved|annotator:NAME|all]';

const FITS = ['cover', 'contain', 'fill'] as const;
const IMAGE_FORMATS = ['keep', 'jpeg', 'png'] as const;
const REDACT = ['fill', 'blur'] as const;
const DATES = ['shift', 'remove'] as const;

/** `224` is 224×224; `224x160` is 224 wide, 160 high. */
function parseSize(s: string): { width: number; height: number } {
  const m = /^(\d{1,5})(?:[x×X](\d{1,5}))?$/.exec(s.trim());
  const width = m ? Number(m[1]) : NaN;
  const height = m ? Number(m[2] ?? m[1]) : NaN;
  if (!(width >= 1 && width <= 16384 && height >= 1 && height <= 16384)) {
    throw new UsageError(`--size ${s} is not a size: give pixels as 224 (square) or 224x160 (width x height), at most 16384.`);
  }
  return { width, height };
}

/**
 * `file`, `auto`, `none`, or a window as centre,width (`40,400` is a CT soft-tissue window).
 * The contract checks the numbers' ranges.
 */
function parseWindow(s: string): NonNullable<ExportOptions['window']> {
  const t = s.trim();
  if (t === 'file' || t === 'auto' || t === 'none') return t;
  const m = /^(-?\d+(?:\.\d+)?)\s*[,/]\s*(\d+(?:\.\d+)?)$/.exec(t);
  if (!m || !(Number(m[2]) >= 1)) {
    throw new UsageError(`--window ${s} is not a window: give file (the file's own), auto (from the histogram), none (16-bit values) or CENTER,WIDTH such as 40,400 (width at least 1).`);
  }
  return { center: Number(m[1]), width: Number(m[2]) };
}

/** Three non-negative shares for train, val and test, scaled to add up to one ("80,10,10" works too). */
function parseRatios(s: string): [number, number, number] {
  const parts = s.split(',').map((p) => Number(p.trim()));
  const sum = parts.reduce((a, b) => a + b, 0);
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || p < 0) || sum <= 0) {
    throw new UsageError(`--split ${s} is not three shares: give train,val,test such as 0.8,0.1,0.1.`);
  }
  return parts.map((p) => p / sum) as [number, number, number];
}

/** A whole number of images per shard. */
function parseCount(s: string, flag: string): number {
  const n = /^\d{1,8}$/.test(s.trim()) ? Number(s) : NaN;
  if (!(n >= 1)) throw new UsageError(`${flag} ${s} is not a number of images: give a whole number such as 10000.`);
  return n;
}

/** Bytes, with an optional K, M or G (powers of 1024): `512M`, `2G`, `1048576`. */
function parseBytes(s: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG])?i?B?$/i.exec(s.trim());
  const n = m ? Math.round(Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] ?? ' ').toUpperCase())) : NaN;
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} ${s} is not a size: give bytes such as 512M or 2G (at least 1M).`);
  return n;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} ${value} is not one of ${allowed.join(', ')}.`);
  return value as T;
}

/** The options each field of the export's params comes from, for a refusal to name. */
const optionNames: ParamNames<'exports.run'> = {
  format: '--format',
  out: '--out',
  size: '--size',
  fit: '--fit',
  imageFormat: '--image-format',
  window: '--window',
  stripMetadata: '--keep-metadata',
  overwrite: '--overwrite',
  instanceMasks: '--instances',
  anonymousNames: '--anonymous-names',
  flagNames: '--flag-names',
  annotations: '--annotations',
  shardSize: '--shard-size',
  shardBytes: '--shard-bytes',
  redact: '--redact',
  dates: '--dates',
};

/** A names file is a list of people, one per line; a megabyte holds tens of thousands. */
const MAX_NAMES_FILE_BYTES = 1024 * 1024;

/** The names in a `--flag-names` file: one per line, blank lines and `#` comments skipped. */
function readNamesFile(file: string): string[] {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new UsageError(`--flag-names ${shown(file)}: no such file. Give a text file with one name per line.`);
  }
  if (!st.isFile()) throw new UsageError(`--flag-names ${shown(file)} is not a file. Give a text file with one name per line.`);
  if (st.size > MAX_NAMES_FILE_BYTES) throw new UsageError(`--flag-names ${shown(file)} is larger than 1 MB; give a list of names, one per line.`);
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function printSummary(s: ExportSummary): void {
  const splits = s.perSplit.none === s.exported ? 'no split' : `train ${s.perSplit.train}, val ${s.perSplit.val}, test ${s.perSplit.test}`;
  const files = s.files === s.exported ? '' : ` (${s.files} files)`;
  console.log(`Exported ${s.exported} image${s.exported === 1 ? '' : 's'}${files} as ${s.format} to ${shown(s.out)} (${splits}).`);
  const left = [
    [s.skippedUnlabeled, 'unlabeled'],
    [s.skippedStatus, 'marked skipped'],
    [s.skippedUnreadable, 'unreadable'],
    [s.skippedMissing, 'missing'],
    [s.skippedNoSplit, 'without a split'],
  ].filter(([n]) => (n as number) > 0);
  if (left.length > 0) console.log(`Left out: ${left.map(([n, why]) => `${n} ${why}`).join(', ')}.`);
  if (s.renamed > 0) console.log(`Renamed ${s.renamed} images to names that are safe and unique on every system.`);
  for (const p of s.problems) console.log(`  ${shown(p.path)}: ${shown(p.reason)}`);
  for (const n of s.notes ?? []) console.log(`Note: ${n}`);
  console.log(privacySummaryLine(s.privacy));
}

export const exportCommand: Command = {
  name: 'export',
  usage,
  summary: 'write a dataset training code loads as it is (imagefolder, csv, hf, coco, yolo, voc, masks, labelme, webdataset, parquet), or de-identified DICOM (dicom)',
  async run(argv) {
    const { positionals, values } = parse(
      argv,
      {
        format: { type: 'string' },
        out: { type: 'string' },
        size: { type: 'string' },
        fit: { type: 'string' },
        'image-format': { type: 'string' },
        window: { type: 'string' },
        split: { type: 'string' },
        seed: { type: 'string' },
        'keep-metadata': { type: 'boolean' },
        'strip-metadata': { type: 'boolean' },
        overwrite: { type: 'boolean' },
        instances: { type: 'boolean' },
        'anonymous-names': { type: 'boolean' },
        'flag-names': { type: 'string' },
        annotations: { type: 'string' },
        'shard-size': { type: 'string' },
        'shard-bytes': { type: 'string' },
        redact: { type: 'string' },
        dates: { type: 'string' },
      },
      usage,
    );
    const dataset = positionals[0];
    if (!dataset) throw new UsageError('Missing DATASET: give the dataset folder, as in `lightbox export DATASET --format imagefolder --out DIR`.');
    if (positionals.length > 1) throw new UsageError(`Unexpected argument "${shown(positionals[1]!)}": options start with --, as in --out DIR.`);
    if (!values.format) throw new UsageError(`Missing --format: one of ${ExportFormat.options.join(', ')}.`);
    const format = oneOf(values.format, ExportFormat.options, '--format')!;
    if (!values.out) throw new UsageError('Missing --out DIR: the folder to write the export into (new or empty).');
    if (values['keep-metadata'] && values['strip-metadata']) throw new UsageError('--keep-metadata and --strip-metadata contradict each other; give one.');
    if (values.seed !== undefined && values.split === undefined) throw new UsageError('--seed goes with --split: it chooses which images go to which split.');
    const seed = values.seed === undefined ? 0 : Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31) throw new UsageError(`--seed ${values.seed} is not a whole number from 0 to 2147483648.`);
    // The contract checks every option (lengths, ranges), as it does for the app's export dialog.
    const options: ExportOptions = {
      format,
      out: path.resolve(values.out),
      size: values.size === undefined ? undefined : parseSize(values.size),
      fit: oneOf(values.fit, FITS, '--fit'),
      imageFormat: oneOf(values['image-format'], IMAGE_FORMATS, '--image-format'),
      ...(values.window === undefined ? {} : { window: parseWindow(values.window) }),
      stripMetadata: !values['keep-metadata'],
      overwrite: values.overwrite ?? false,
      ...(values.instances ? { instanceMasks: true } : {}),
      ...(values['anonymous-names'] ? { anonymousNames: true } : {}),
      ...(values['flag-names'] !== undefined ? { flagNames: readNamesFile(path.resolve(values['flag-names'])) } : {}),
      ...(values.annotations !== undefined ? { annotations: values.annotations } : {}),
      ...(values.redact !== undefined ? { redact: oneOf(values.redact, REDACT, '--redact') } : {}),
      ...(values.dates !== undefined ? { dates: oneOf(values.dates, DATES, '--dates') } : {}),
    };
    if (options.dates && format !== 'dicom') throw new UsageError('--dates goes with --format dicom: other formats write no DICOM header.');
    if ((values['shard-size'] !== undefined || values['shard-bytes'] !== undefined) && format !== 'webdataset' && format !== 'parquet') {
      throw new UsageError('--shard-size and --shard-bytes go with --format webdataset or parquet, the formats written in shards.');
    }
    if (values['shard-size'] !== undefined) options.shardSize = parseCount(values['shard-size'], '--shard-size');
    if (values['shard-bytes'] !== undefined) options.shardBytes = parseBytes(values['shard-bytes'], '--shard-bytes');
    const ratios = values.split === undefined ? null : parseRatios(values.split);

    const { host } = await openHost(dataset);
    try {
      // Refuse a wrong folder or format before the splits are touched.
      await host.call('exports.check', options, optionNames);
      if (ratios) {
        // Images that already have a split keep it; the others are split by class with the seed.
        const c = await host.call('images.assignSplits', { ratios, seed }, { ratios: '--split', seed: '--seed' });
        console.log(`Splits: train ${c.train}, val ${c.val}, test ${c.test} (seed ${seed}; images that had a split kept it).`);
      }
      const summary = await host.runJob<ExportSummary>('Exporting', () => host.call('exports.run', options, optionNames));
      printSummary(summary);
    } finally {
      host.close();
    }
  },
};
