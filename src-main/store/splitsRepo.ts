import type { Db } from './openStore.js';

export type SplitName = 'train' | 'val' | 'test';

/** Images a split may be given: present and readable (an unreadable file is never exported, so it never gets a split). */
const SPLITTABLE = 'i.missing = 0 AND i.error IS NULL';
const LABELED = 'EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.deleted = 0)';

/**
 * Every image a split may be given (only labeled ones when `labeledOnly`), with its split and its
 * stratum: its lowest live tag's class id, else its lowest region class id, '' when it has neither.
 */
export function splitStrata(db: Db, labeledOnly = false): { id: number; split: SplitName | null; stratum: number | string }[] {
  return db
    .prepare(
      `SELECT i.id, i.split, COALESCE(
         (SELECT MIN(a.class_id) FROM annotations a WHERE a.image_id = i.id AND a.deleted = 0 AND a.kind = 'tag'),
         (SELECT MIN(a.class_id) FROM annotations a WHERE a.image_id = i.id AND a.deleted = 0), '') AS stratum
       FROM images i WHERE ${SPLITTABLE}${labeledOnly ? ` AND ${LABELED}` : ''}`,
    )
    .all() as { id: number; split: SplitName | null; stratum: number | string }[];
}

/** The distinct classes (tags and regions) on each splittable image: what a split preview counts per class. */
export function imageClassPairs(db: Db): { imageId: number; classId: number }[] {
  return db
    .prepare(
      `SELECT DISTINCT a.image_id AS imageId, a.class_id AS classId FROM annotations a JOIN images i ON i.id = a.image_id
       WHERE a.deleted = 0 AND ${SPLITTABLE}`,
    )
    .all() as { imageId: number; classId: number }[];
}

export function countUnsplitImages(db: Db, labeledOnly = false): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM images i WHERE ${SPLITTABLE} AND i.split IS NULL${labeledOnly ? ` AND ${LABELED}` : ''}`).get() as { n: number }).n;
}

/** Give images a split where they have none yet (inside a write transaction); returns how many changed. */
export function fillSplits(db: Db, splits: Iterable<[number, SplitName]>): number {
  const update = db.prepare('UPDATE images SET split = ? WHERE id = ? AND split IS NULL AND error IS NULL');
  let n = 0;
  for (const [id, split] of splits) n += update.run(split, id).changes;
  return n;
}

/** Take the split away from unreadable files (one a file had before it was found unreadable); inside a write transaction. */
export function clearUnreadableSplits(db: Db): number {
  return db.prepare('UPDATE images SET split = NULL WHERE error IS NOT NULL AND split IS NOT NULL').run().changes;
}

/** Ids of splittable unlabeled images that have a split (what "labeled images only" with reassign takes it from). */
export function splitUnlabeledIds(db: Db): number[] {
  return (db.prepare(`SELECT i.id FROM images i WHERE ${SPLITTABLE} AND i.split IS NOT NULL AND NOT ${LABELED}`).all() as { id: number }[]).map((r) => r.id);
}

/** Ids of present images that have a split, readable or not. */
export function splitImageIds(db: Db): number[] {
  return (db.prepare('SELECT id FROM images WHERE missing = 0 AND split IS NOT NULL').all() as { id: number }[]).map((r) => r.id);
}
