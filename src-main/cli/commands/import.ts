import path from 'node:path';
import { type ImportSummary, LabeledFormat } from '../../api/acquire.js';
import { importFormatSources, importSummaryNotes } from '../../services/importService.js';
import { openHost } from '../cliHost.js';
import { type Command, UsageError, parse, requireArg, shown } from '../cliSupport.js';

const MAX_LISTED = 50;

/** The lines every importer ends with: imported, matched, skipped, and each refusal with its reason. */
export function describeImportSummary(s: ImportSummary): string[] {
  const lines = [
    `${s.imported} imported, ${s.matched} matched to images already in the dataset, ${s.labeled} labels written, ${s.skipped.length} skipped` +
      (s.classesCreated.length > 0 ? `; new classes: ${s.classesCreated.map(shown).join(', ')}` : ''),
  ];
  for (const k of s.skipped.slice(0, MAX_LISTED)) lines.push(`  skipped ${shown(k.ref)}: ${shown(k.reason)}`);
  if (s.skipped.length > MAX_LISTED) lines.push(`  ... and ${s.skipped.length - MAX_LISTED} more`);
  for (const note of importSummaryNotes(s)) lines.push(shown(note));
  return lines;
}

const formats = LabeledFormat.options;
const usage = `lightbox import DATASET --format ${formats.join('|')} --from PATH`;

export const importCommand: Command = {
  name: 'import',
  usage: 'lightbox import DATASET --format F --from PATH',
  summary: `import labels and images from another dataset (F: ${formats.join(', ')})`,
  help: ['--from PATH for each F:', ...formats.map((f) => `  ${f.padEnd(12)} ${importFormatSources[f]}`)],
  async run(argv) {
    const { positionals, values } = parse(argv, { format: { type: 'string' }, from: { type: 'string' } }, usage);
    const dataset = requireArg(positionals[0], 'DATASET', usage);
    const format = requireArg(values.format, '--format F', usage);
    const from = requireArg(values.from, '--from PATH', usage);
    const known = formats.find((f) => f === format);
    if (!known) throw new UsageError(`Unknown format "${format}". Use one of: ${formats.join(', ')}.`);
    const { host } = await openHost(dataset);
    try {
      const summary = await host.runJob<ImportSummary>(`Importing ${known}`, () =>
        host.call('acquire.importLabeled', { format: known, from: path.resolve(from) }, { format: '--format', from: '--from' }),
      );
      for (const line of describeImportSummary(summary)) console.log(line);
    } finally {
      host.close();
    }
  },
};
