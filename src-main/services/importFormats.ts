import type { ImportSummary, LabeledFormat } from '../api/acquire.js';
import { startLabeledImport } from './acquireService.js';
import { startRegionImport } from './annotationsService.js';
import type { Session } from './Session.js';

/**
 * Every format an existing dataset can be imported from, and how its import starts as a job.
 * The contract (`acquire.importLabeled`) and the CLI (`lightbox import`) both read this table.
 */
export const importFormats: Record<LabeledFormat, (session: Session, from: string) => { id: string; promise: Promise<ImportSummary> }> = {
  imagefolder: (s, from) => startLabeledImport(s, 'imagefolder', from),
  csv: (s, from) => startLabeledImport(s, 'csv', from),
  coco: (s, from) => startRegionImport(s, 'coco', from),
  yolo: (s, from) => startRegionImport(s, 'yolo', from),
  voc: (s, from) => startRegionImport(s, 'voc', from),
  labelme: (s, from) => startRegionImport(s, 'labelme', from),
};
