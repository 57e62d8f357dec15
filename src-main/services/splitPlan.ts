import type { SplitPreview } from '../api/images.js';
import { assignSplits, type SplitName } from '../dataset/splits.js';
import { listClasses } from '../store/classesRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import { getSetting, setSetting } from '../store/settingsRepo.js';
import { clearUnreadableSplits, countUnsplitImages, fillSplits, imageClassPairs, splitStrata } from '../store/splitsRepo.js';

/** The ratios and seed of the last split assignment: new images are split the same way. */
export interface SplitPlan {
  ratios: [number, number, number];
  seed: number;
  /** Only labeled images get a split (absent in plans saved before it existed: all images). */
  labeledOnly?: boolean;
}

const KEY = 'splitPlan';

/**
 * Splits for every readable image (only labeled ones when `plan.labeledOnly`), stratified by its
 * first class; existing splits kept unless `reassign`. Unreadable files never get one.
 */
export function planSplits(db: Db, plan: SplitPlan, reassign: boolean): Map<number, SplitName> {
  const rows = splitStrata(db, plan.labeledOnly ?? false);
  return assignSplits(
    rows.map((r) => ({ id: r.id, stratum: String(r.stratum), split: reassign ? null : r.split })),
    plan.ratios,
    plan.seed,
  );
}

/**
 * What `planned` would give each class (images containing it, by tag or region, per split), the
 * classes a split with a share would get none of, and how many readable images stay without a split.
 */
export function previewSplits(db: Db, plan: SplitPlan, planned: Map<number, SplitName>, reassign: boolean): SplitPreview {
  const total = { train: 0, val: 0, test: 0 };
  for (const s of planned.values()) total[s]++;
  const per = new Map<number, { train: number; val: number; test: number }>();
  for (const { imageId, classId } of imageClassPairs(db)) {
    const s = planned.get(imageId);
    if (!s) continue;
    const c = per.get(classId) ?? { train: 0, val: 0, test: 0 };
    c[s]++;
    per.set(classId, c);
  }
  const perClass = listClasses(db)
    .filter((c) => per.has(c.id))
    .map((c) => ({ classId: c.id, name: c.name, color: c.color, ...per.get(c.id)! }));
  const wanted = (['val', 'test'] as const).filter((s) => plan.ratios[s === 'val' ? 1 : 2] > 0);
  const missing = perClass
    .map((c) => ({ classId: c.classId, name: c.name, splits: wanted.filter((s) => c[s] === 0) }))
    .filter((c) => c.splits.length > 0);
  // Out of the plan, an image keeps the split it has, except that a reassignment of labeled images only takes it away.
  const left = splitStrata(db).filter((r) => !planned.has(r.id) && (!r.split || (reassign && (plan.labeledOnly ?? false)))).length;
  return { total, perClass, missing, left };
}

export function saveSplitPlan(db: Db, plan: SplitPlan): void {
  setSetting(db, KEY, plan);
}

/**
 * Give images that arrived after a split assignment (a scan, an import, a capture, or an image
 * labeled since, under "labeled images only") a split by the saved plan; images that have one keep
 * it. Not an undoable command: nobody chose it by hand. Returns the number of images given a split.
 */
export function splitNewImages(db: Db): number {
  const plan = getSetting<SplitPlan | null>(db, KEY, null);
  if (!plan) return 0;
  if (countUnsplitImages(db, plan.labeledOnly ?? false) === 0) return 0;
  return writeTx(db, () => {
    clearUnreadableSplits(db);
    return fillSplits(db, planSplits(db, plan, false));
  });
}
