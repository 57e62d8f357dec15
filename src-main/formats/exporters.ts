import type { ExportFormat } from '../api/exports.js';
import { cocoExporter } from './cocoExport.js';
import { csvExporter } from './csvExport.js';
import { dicomExporter } from './dicomExport.js';
import type { Exporter } from './exportRun.js';
import { hfExporter } from './hfExport.js';
import { imagefolderExporter } from './imagefolderExport.js';
import { labelmeExporter } from './labelmeExport.js';
import { masksExporter } from './masksExport.js';
import { parquetExporter } from './parquetExport.js';
import { vocExporter } from './vocExport.js';
import { webdatasetExporter } from './webdatasetExport.js';
import { yoloExporter } from './yoloExport.js';

/**
 * Every export format Lightbox can write, one line each. A format missing here is refused by
 * `exports.run` as not available yet. A new exporter is an `Exporter` (exportRun.ts) and a line.
 */
export const exporters: Partial<Record<ExportFormat, Exporter>> = {
  imagefolder: imagefolderExporter,
  csv: csvExporter,
  hf: hfExporter,
  coco: cocoExporter,
  yolo: yoloExporter,
  voc: vocExporter,
  masks: masksExporter,
  labelme: labelmeExporter,
  webdataset: webdatasetExporter,
  parquet: parquetExporter,
  dicom: dicomExporter,
};
