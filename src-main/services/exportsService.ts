import { LightboxError } from '../api/errors.js';
import type { ExportOptions, ExportSummary } from '../api/exports.js';
import { exporters } from '../formats/exporters.js';
import { checkOutputFolder } from '../formats/exportFolder.js';
import { type Exporter, prepareExport, runExport } from '../formats/exportRun.js';
import type { Handlers } from './handlers.js';
import type { Session } from './Session.js';
import { splitNewImages } from './splitPlan.js';

/**
 * The refusals that do not depend on the labels: a format without an exporter yet, an output folder
 * that may not be used. The CLI calls this before it assigns splits, so a refused export changes nothing.
 */
export function checkExport(session: Session, options: ExportOptions): Exporter {
  const ds = session.require();
  const exporter = exporters[options.format];
  if (!exporter) {
    throw new LightboxError(
      'BAD_PARAMS',
      `The ${options.format} export is not available yet: it comes with region annotations. Export as imagefolder, csv or hf for now.`,
    );
  }
  checkOutputFolder(ds.root, options.out, options.overwrite ?? false);
  return exporter;
}

/**
 * Validate an export (format, output folder, something to export) and start it as a job. Refusals
 * come back at once, before any job exists; the job's result is the ExportSummary.
 */
export function startExport(session: Session, options: ExportOptions): { id: string; promise: Promise<ExportSummary> } {
  const exporter = checkExport(session, options);
  const ds = session.require();
  // Images labeled since the split assignment (under "labeled images only") get their split now, by the same plan.
  splitNewImages(ds.db);
  const plan = prepareExport(ds.root, ds.db, options, exporter);
  return session.jobs.start('export', (job) => runExport(plan, exporter, job));
}

export const exportsHandlers: Handlers<'exports.run' | 'exports.check'> = {
  'exports.run': (p, s) => ({ jobId: startExport(s, p).id }),
  'exports.check': (p, s) => {
    checkExport(s, p);
    return { ok: true };
  },
};
