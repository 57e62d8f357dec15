import { assignSplits, type SplitName } from '../dataset/splits.js';
import { type Db, writeTx } from '../store/openStore.js';
import { getSetting, setSetting } from '../store/settingsRepo.js';

/** The ratios and seed of the last split assignment: new images are split the same way. */
export interface SplitPlan {
  ratios: [number, number, number];
  seed: number;
}

const KEY = 'splitPlan';

/** Splits for every image (stratified by its first tag); existing splits kept unless `reassign`. */
export function planSplits(db: Db, plan: SplitPlan, reassign: boolean): Map<number, SplitName> {
  const rows = db
    .prepare(
      `SELECT i.id, i.split, COALESCE((SELECT MIN(a.class_id) FROM annotations a WHERE a.image_id = i.id AND a.deleted = 0 AND a.kind = 'tag'), '') AS stratum
       FROM images i WHERE i.missing = 0`,
    )
    .all() as { id: number; split: SplitName | null; stratum: number | string }[];
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
  const unsplit = db.prepare('SELECT COUNT(*) AS n FROM images WHERE missing = 0 AND split IS NULL').get() as { n: number };
  if (unsplit.n === 0) return 0;
  return writeTx(db, () => {
    const update = db.prepare('UPDATE images SET split = ? WHERE id = ? AND split IS NULL');
    let n = 0;
    for (const [id, split] of planSplits(db, plan, false)) n += update.run(split, id).changes;
    return n;
  });
}
