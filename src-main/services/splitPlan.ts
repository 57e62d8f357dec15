import { assignSplits, type SplitName } from '../dataset/splits.js';
import { type Db, writeTx } from '../store/openStore.js';
import { getSetting, setSetting } from '../store/settingsRepo.js';
import { countUnsplitImages, fillSplits, splitStrata } from '../store/splitsRepo.js';

/** The ratios and seed of the last split assignment: new images are split the same way. */
export interface SplitPlan {
  ratios: [number, number, number];
  seed: number;
}

const KEY = 'splitPlan';

/** Splits for every image (stratified by its first tag); existing splits kept unless `reassign`. */
export function planSplits(db: Db, plan: SplitPlan, reassign: boolean): Map<number, SplitName> {
  const rows = splitStrata(db);
  return assignSplits(
    rows.map((r) => ({ id: r.id, stratum: String(r.stratum), split: reassign ? null : r.split })),
    plan.ratios,
    plan.seed,
  );
}

export function saveSplitPlan(db: Db, plan: SplitPlan): void {
  setSetting(db, KEY, plan);
}

/**
 * Give images that arrived after a split assignment (a scan, an import, a capture) a split by the
 * saved plan; images that have one keep it. Not an undoable command: nobody chose it by hand.
 * Returns the number of images given a split.
 */
export function splitNewImages(db: Db): number {
  const plan = getSetting<SplitPlan | null>(db, KEY, null);
  if (!plan) return 0;
  if (countUnsplitImages(db) === 0) return 0;
  return writeTx(db, () => fillSplits(db, planSplits(db, plan, false)));
}
