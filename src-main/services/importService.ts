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
 * before anything is read: the source is read, planned and written in a worker thread, so a bad
 * source fails the job, with its message, not the call, and no commit holds up other calls.
 */

/** The formats, in the order the help lists them (`lightbox import --format`). */
export const importFormatNames: readonly LabeledFormat[] = LabeledFormats.options;

/** What `--from` names for each format, for the CLI's help. */
export const importFormatSources: Record<LabeledFormat, string> = Object.fromEntries(importFormatNames.map((f) => [f, importers[f].from])) as Record<LabeledFormat, string>;

/** Start an import as a job of the session. */
export function startImport(session: Session, format: LabeledFormat, from: string): { id: string; promise: Promise<ImportSummary> } {
  const ds = session.require();
  const source = path.resolve(from);
  return session.jobs.start<ImportSummary>(`import.${format}`, async (job) => {
    try {
      // While it writes, the library refreshes now and then; once more at the end.
      return await runImport(ds.root, ds.db, format, source, job, session.author(), () => session.emit('images.changed', {}));
    } finally {
      session.emit('images.changed', {});
      session.emit('classes.changed', {});
    }
  });
}

/**
 * What an import's summary says besides its counts (for `lightbox import`, after them): that the
 * same source was imported before and nothing was added, or that an interrupted run was completed.
 */
export function importSummaryNotes(s: ImportSummary): string[] {
  if (s.alreadyImportedAt !== undefined) {
    return [`already imported on ${new Date(s.alreadyImportedAt).toLocaleString('en-GB')}: nothing added (the same label files were imported into this dataset then)`];
  }
  return s.resumed ? ['an earlier run of this import was interrupted: only what it had not written was added'] : [];
}

export const importHandlers: Handlers<'acquire.importLabeled'> = {
  'acquire.importLabeled': ({ format, from }, s) => ({ jobId: startImport(s, format, from).id }),
};
