import path from 'node:path';
import type { CreatedPackage, MergeSummary, OpenedTask, ReturnedResult } from '../../api/packages.js';
import type { z } from 'zod';
import { Session } from '../../services/Session.js';
import { hostOf, openHost } from '../cliHost.js';
import { type Command, UsageError, parse, requireArg, shown, usageLine } from '../cliSupport.js';

const usage = 'lightbox package create|open|return|merge …';
const createUsage =
  'lightbox package create DATASET --out TASK.lbx --annotator NAME[,NAME…] [--filter all|unlabeled|labeled|class:C|folder:F] [--overlap N%] [--raters N] [--gold N] [--guidelines FILE.md] [--seed N]';
const openUsage = 'lightbox package open TASK.lbx --into FOLDER';
const returnUsage = 'lightbox package return TASK_FOLDER --out RESULT.lbx';
const mergeUsage = 'lightbox package merge DATASET RESULT.lbx…';

/** `30%`, `30` → 30; anything else is a mistake the person can fix. */
function percent(value: string): number {
  const m = /^(\d+(?:\.\d+)?)%?$/.exec(value.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 0 && n <= 100)) throw new UsageError(usageLine(`--overlap takes a share from 0% to 100%, not "${value}"`, createUsage));
  return n;
}

function integer(value: string | undefined, name: string, u: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(usageLine(`${name} takes a whole number, not "${value}"`, u));
  return Number(value);
}

async function create(argv: string[]): Promise<void> {
  const { positionals, values } = parse(
    argv,
    {
      out: { type: 'string' },
      annotator: { type: 'string' },
      filter: { type: 'string' },
      overlap: { type: 'string' },
      raters: { type: 'string' },
      gold: { type: 'string' },
      guidelines: { type: 'string' },
      seed: { type: 'string' },
    },
    createUsage,
  );
  const dataset = requireArg(positionals[0], 'DATASET', createUsage);
  const out = requireArg(values.out, '--out TASK.lbx', createUsage);
  const annotators = requireArg(values.annotator, '--annotator NAME', createUsage).split(',');
  const { host } = await openHost(dataset);
  try {
    const made = await host.runJob<z.infer<typeof CreatedPackage>[]>('Packing', () =>
      host.call(
        'packages.create',
        {
          out: path.resolve(out),
          annotators,
          filter: values.filter,
          overlap: values.overlap === undefined ? undefined : percent(values.overlap),
          raters: integer(values.raters, '--raters', createUsage),
          gold: integer(values.gold, '--gold', createUsage),
          guidelines: values.guidelines === undefined ? undefined : path.resolve(values.guidelines),
          seed: integer(values.seed, '--seed', createUsage),
        },
        { out: '--out', annotators: '--annotator', filter: '--filter', overlap: '--overlap', raters: '--raters', gold: '--gold', guidelines: '--guidelines', seed: '--seed' },
      ),
    );
    for (const p of made) console.log(`${shown(p.file)}: ${p.images} images for ${shown(p.annotator)}${p.gold > 0 ? ` (${p.gold} gold)` : ''}`);
  } finally {
    host.close();
  }
}

async function open(argv: string[]): Promise<void> {
  const { positionals, values } = parse(argv, { into: { type: 'string' } }, openUsage);
  const file = requireArg(positionals[0], 'TASK.lbx', openUsage);
  const into = requireArg(values.into, '--into FOLDER', openUsage);
  const host = hostOf(new Session());
  try {
    const t = await host.runJob<z.infer<typeof OpenedTask>>('Unpacking', () => host.call('packages.open', { file: path.resolve(file), into: path.resolve(into) }, { into: '--into' }));
    console.log(`${shown(t.folder)}: ${t.images} images for ${shown(t.annotator)}, ${t.classes} classes${t.guidelines ? `; guidelines in ${t.guidelines}` : ''}`);
    const task = await host.call('packages.task', {});
    if (task && task.notes.length > 0) console.log(`${task.notes.length} image${task.notes.length === 1 ? '' : 's'} came back from review: ${task.notes.map((n) => `${shown(n.path)}: ${shown(n.comment ?? '')}`).join('; ')}`);
    console.log(`Label it with \`lightbox serve ${shown(t.folder)}\`, then hand it in with \`lightbox package return ${shown(t.folder)} --out RESULT.lbx\`.`);
  } finally {
    host.close();
  }
}

async function handIn(argv: string[]): Promise<void> {
  const { positionals, values } = parse(argv, { out: { type: 'string' } }, returnUsage);
  const folder = requireArg(positionals[0], 'TASK_FOLDER', returnUsage);
  const out = requireArg(values.out, '--out RESULT.lbx', returnUsage);
  const { host } = await openHost(folder);
  try {
    const r = await host.runJob<z.infer<typeof ReturnedResult>>('Handing in', () => host.call('packages.return', { out: path.resolve(out) }, { out: '--out' }));
    console.log(`${shown(r.out)}: ${r.answered} of ${r.images} images answered by ${shown(r.annotator)}`);
  } finally {
    host.close();
  }
}

async function merge(argv: string[]): Promise<void> {
  const { positionals } = parse(argv, {}, mergeUsage);
  const dataset = requireArg(positionals[0], 'DATASET', mergeUsage);
  const files = positionals.slice(1);
  if (files.length === 0) throw new UsageError(usageLine('Missing RESULT.lbx', mergeUsage));
  const { host } = await openHost(dataset);
  try {
    const s = await host.runJob<MergeSummary>('Merging', () => host.call('packages.merge', { files: files.map((f) => path.resolve(f)) }));
    for (const f of s.files) {
      console.log(`${shown(f.file)}: ${f.alreadyMerged ? 'already merged, nothing changed' : `${f.images} images answered by ${shown(f.annotator)}`}`);
    }
    if (!s.changed) console.log('Nothing changed: every result had been merged before.');
    else console.log(`resolved: ${s.single} with one answer, ${s.agreed} agreed, ${s.majority} by majority; ${s.review} to review`);
  } finally {
    host.close();
  }
}

export const packageCommand: Command = {
  name: 'package',
  usage,
  summary: 'task packages: create one per annotator, open one to label, return the answers, merge them back',
  help: [createUsage, openUsage, returnUsage, mergeUsage],
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'create') return create(rest);
    if (sub === 'open') return open(rest);
    if (sub === 'return') return handIn(rest);
    if (sub === 'merge') return merge(rest);
    throw new UsageError(usageLine(sub ? `Unknown package command "${shown(sub)}"` : 'Missing create, open, return or merge', usage));
  },
};
