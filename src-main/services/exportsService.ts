import { LightboxError } from '../api/errors.js';
import type { ExportOptions, ExportSummary } from '../api/exports.js';
import { exporters } from '../formats/exporters.js';
import { prepareExport, runExport } from '../formats/exportSupport.js';
import type { Handlers } from './handlers.js';
import type { Session } from './Session.js';

/**
 * Validate an export (format, output folder, something to export) and start it as a job. Refusals
 * come back at once, before any job exists; the job's result is the ExportSummary.
 */
export function startExport(session: Session, options: ExportOptions): { id: string; promise: Promise<ExportSummary> } {
  const ds = session.require();
  const exporter = exporters[options.format];
  if (!exporter) {
    throw new LightboxError(
      'BAD_PARAMS',
      `The ${options.format} export is not available yet: it comes with region annotations. Export as imagefolder, csv or hf for now.`,
    );
  }
  const plan = prepareExport(ds.root, ds.db, options, exporter);
  return session.jobs.start('export', (job) => runExport(plan, exporter, job));
}

export const exportsHandlers: Handlers<'exports.run'> = {
  'exports.run': (p, s) => ({ jobId: startExport(s, p).id }),
};
