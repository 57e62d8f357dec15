import type { ImportSummary } from '../../api/acquire.js';
import { importFormats as startImport } from '../../services/importFormats.js';
import type { Session } from '../../services/Session.js';
import { type Command, UsageError, openForCli, parse, requireArg, runJob } from '../cliSupport.js';

/**
 * `lightbox import DATASET --format F --from PATH`. Each format registers one entry here: how to
 * start its import as a job of the session, and (optionally) how to print its summary.
 */
export interface ImportFormatEntry {
  /** What --from names for this format, for the help line. */
  from: string;
  start: (session: Session, from: string) => { id: string; promise: Promise<unknown> };
  /** Lines to print for the job's result; the default prints an ImportSummary. */
  describe?(result: unknown): string[];
}

const MAX_LISTED = 50;

/** The lines every importer ends with: imported, matched, skipped, and each refusal with its reason. */
export function describeImportSummary(result: unknown): string[] {
  const s = result as ImportSummary;
  const lines = [
    `${s.imported} imported, ${s.matched} matched to images already in the dataset, ${s.labeled} labels written, ${s.skipped.length} skipped` +
      (s.classesCreated.length > 0 ? `; new classes: ${s.classesCreated.join(', ')}` : ''),
  ];
  for (const k of s.skipped.slice(0, MAX_LISTED)) lines.push(`  skipped ${k.ref}: ${k.reason}`);
  if (s.skipped.length > MAX_LISTED) lines.push(`  ... and ${s.skipped.length - MAX_LISTED} more`);
  return lines;
}

export const importFormats: Record<string, ImportFormatEntry> = {
  imagefolder: { from: 'a folder with one subfolder per class', start: startImport.imagefolder },
  csv: { from: 'a CSV file of path,label[,split]', start: startImport.csv },
  coco: { from: 'a COCO instances JSON, or a folder with annotations/*.json', start: startImport.coco },
  yolo: { from: 'a YOLO dataset folder with data.yaml', start: startImport.yolo },
  voc: { from: 'a Pascal VOC folder with Annotations/', start: startImport.voc },
  labelme: { from: 'a labelme JSON file or a folder of them', start: startImport.labelme },
};

const usage = () => `lightbox import DATASET --format ${Object.keys(importFormats).join('|')} --from PATH`;

export const importCommand: Command = {
  name: 'import',
  usage: 'lightbox import DATASET --format F --from PATH',
  summary: `import labels and images from another dataset (F: ${Object.keys(importFormats).join(', ')})`,
  async run(argv) {
    const { positionals, values } = parse(argv, { format: { type: 'string' }, from: { type: 'string' } }, usage());
    const dataset = requireArg(positionals[0], 'DATASET', usage());
    const format = requireArg(values.format, '--format F', usage());
    const from = requireArg(values.from, '--from PATH', usage());
    const entry = importFormats[format];
    if (!entry) throw new UsageError(`Unknown format "${format}". Use one of: ${Object.keys(importFormats).join(', ')}.`);
    const session = openForCli(dataset);
    try {
      const result = await runJob(session, `Importing ${format}`, () => entry.start(session, from));
      for (const line of (entry.describe ?? describeImportSummary)(result)) console.log(line);
    } finally {
      session.close();
    }
  },
};
