import type { LabeledFormat } from '../api/acquire.js';
import { planCoco } from './cocoImport.js';
import { planCsv } from './csvImport.js';
import { planImageFolder } from './imagefolderImport.js';
import type { PlanContext } from './importSource.js';
import type { Plan } from './labeledImport.js';
import { planLabelme } from './labelmeImport.js';
import type { RegionPlan } from './regionImport.js';
import { planVoc } from './vocImport.js';
import { planYolo } from './yoloImport.js';

/** How one format is imported: planned, then written (importWrite.ts), both in the import thread (importWorker.ts). */
export type Importer =
  | {
      /** What the source of this format is, as `lightbox import --from` and the help name it. */
      from: string;
      /** Image-level labels, written with each image (importing again adds nothing twice). */
      writes: 'tags';
      plan(from: string, ctx: PlanContext): Promise<Plan>;
    }
  | {
      from: string;
      /** Regions, written as one undoable command; the source is recorded so importing it again adds nothing. */
      writes: 'regions';
      plan(from: string, ctx: PlanContext): Promise<RegionPlan>;
    };

/**
 * Every format an existing labeled dataset can be imported from, one line each: the contract
 * (`acquire.importLabeled`), the CLI's help and the import thread all read this table.
 */
export const importers: Record<LabeledFormat, Importer> = {
  imagefolder: { from: 'a folder with one subfolder per class', writes: 'tags', plan: planImageFolder },
  csv: { from: 'a CSV file of path,label[,split]', writes: 'tags', plan: planCsv },
  coco: { from: 'a COCO instances JSON, or a folder with annotations/*.json', writes: 'regions', plan: planCoco },
  yolo: { from: 'a YOLO dataset folder with data.yaml', writes: 'regions', plan: planYolo },
  voc: { from: 'a Pascal VOC folder with Annotations/', writes: 'regions', plan: planVoc },
  labelme: { from: 'a labelme JSON file or a folder of them', writes: 'regions', plan: planLabelme },
};
