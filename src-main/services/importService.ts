import path from 'node:path';
import type { ImportSummary, LabeledFormat } from '../api/acquire.js';
import { LabeledFormat as LabeledFormats } from '../api/acquire.js';
import { importers } from '../formats/importers.js';
import { runImport } from '../formats/importRun.js';
import type { Handlers } from './handlers.js';
import type { Session } from './Session.js';

/**
 * Importing an existing labeled dataset (ImageFolder, CSV, COCO, YOLO, VOC, labelme): one door
 * for the app (`acquire.importLabeled`) and the CLI (`lightbox import`, through dispatch). The
 * formats are one table (formats/importers.ts). The job starts at once and its id is returned
 * before anything is read: the source is read and planned in a worker thread, so a bad source
 * fails the job, with its message, not the call.
 */

/** The formats, in the order the help lists them. */
export const importFormatNames: readonly LabeledFormat[] = LabeledFormats.options;

/** What `--from` names for each format, for the CLI's help. */
export const importFormatSources: Record<LabeledFormat, string> = Object.fromEntries(importFormatNames.map((f) => [f, importers[f].from])) as Record<LabeledFormat, string>;

/** Start an import as a job of the session. */
export function startImport(session: Session, format: LabeledFormat, from: string): { id: string; promise: Promise<ImportSummary> } {
  const ds = session.require();
  const source = path.resolve(from);
  return session.jobs.start<ImportSummary>(`import.${format}`, async (job) => {
    try {
      return await runImport(ds.root, ds.db, format, source, job, session.author());
    } finally {
      session.emit('images.changed', {});
      session.emit('classes.changed', {});
    }
  });
}

const MAX_LISTED = 50;

/** The lines an import ends with: imported, matched, skipped, each refusal with its reason, or that it was done before. */
export function describeImportSummary(s: ImportSummary): string[] {
  if (s.alreadyImportedAt !== undefined) {
    return [`already imported on ${new Date(s.alreadyImportedAt).toLocaleString('en-GB')}: nothing added (the same label files were imported into this dataset then)`];
  }
  const lines = [
    `${s.imported} imported, ${s.matched} matched to images already in the dataset, ${s.labeled} labels written, ${s.skipped.length} skipped` +
      (s.classesCreated.length > 0 ? `; new classes: ${s.classesCreated.join(', ')}` : ''),
  ];
  if (s.resumed) lines.push('  an earlier run of this import was interrupted: only what it had not written was added');
  for (const k of s.skipped.slice(0, MAX_LISTED)) lines.push(`  skipped ${k.ref}: ${k.reason}`);
  if (s.skipped.length > MAX_LISTED) lines.push(`  ... and ${s.skipped.length - MAX_LISTED} more`);
  return lines;
}

export const importHandlers: Handlers<'acquire.importLabeled'> = {
  'acquire.importLabeled': ({ format, from }, s) => ({ jobId: startImport(s, format, from).id }),
};
