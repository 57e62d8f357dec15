import fs from 'node:fs';
import type { ImportSummary } from '../api/acquire.js';
import { addTags, ensureClass } from '../dataset/addImage.js';
import type { JobContext } from '../jobs/JobManager.js';
import { type Db, writeTx } from '../store/openStore.js';
import { type PlannedRef, placedImageRows, placeImages } from './importedImages.js';

/**
 * What ImageFolder and CSV imports share: a plan of image files with their labels and split, then
 * one pass that copies outside images in under `imported/` (or matches them to an image already
 * in the dataset by content), and one write transaction for every row, class, label and split,
 * so an interrupted import leaves no half-labeled dataset behind.
 */

export type SplitName = 'train' | 'val' | 'test';

/** Folder and column values recognised as a split. */
export function splitOf(name: string): SplitName | null {
  const n = name.trim().toLowerCase();
  if (n === 'train' || n === 'training') return 'train';
  if (n === 'val' || n === 'valid' || n === 'validation' || n === 'dev') return 'val';
  if (n === 'test' || n === 'testing') return 'test';
  return null;
}

export interface PlannedImage extends PlannedRef {
  labels: string[];
  split: SplitName | null;
}

export interface Plan {
  format: string;
  images: PlannedImage[];
  skipped: { ref: string; reason: string }[];
}

/** Why a label from a file cannot be a class name, or null when it can. */
export function labelProblem(name: string): string | null {
  if (name.length > 200) return 'label is longer than 200 characters';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'label contains control characters';
  return null;
}

export async function applyPlan(root: string, db: Db, plan: Plan, job: JobContext, author: string | null): Promise<ImportSummary> {
  const realRoot = fs.realpathSync(root);
  const skipped = [...plan.skipped];
  const total = plan.images.length;
  const { placed, imported, matched } = await placeImages(realRoot, db, plan.images, job);

  job.checkCancelled();
  const classesCreated: string[] = [];
  let labeled = 0;
  writeTx(db, () => {
    const setSplit = db.prepare('UPDATE images SET split = ?, updated_at = ? WHERE id = ?');
    const now = Date.now();
    const rowFor = placedImageRows(db, realRoot, now);
    for (const p of placed) {
      const id = rowFor(p);
      const classIds = p.item.labels.map((name) => {
        const c = ensureClass(db, name);
        if (c.created) classesCreated.push(name);
        return c.id;
      });
      labeled += addTags(db, id, classIds, author, now);
      if (p.item.split) setSplit.run(p.item.split, now, id);
    }
  });
  job.progress(total, total);
  return { format: plan.format, imported, matched, labeled, classesCreated, skipped };
}
