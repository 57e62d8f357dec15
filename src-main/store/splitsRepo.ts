import type { Db } from './openStore.js';

export type SplitName = 'train' | 'val' | 'test';

/** Every present image with its split and its stratum (its lowest live tag's class id, '' when untagged). */
export function splitStrata(db: Db): { id: number; split: SplitName | null; stratum: number | string }[] {
  return db
    .prepare(
      `SELECT i.id, i.split, COALESCE((SELECT MIN(a.class_id) FROM annotations a WHERE a.image_id = i.id AND a.deleted = 0 AND a.kind = 'tag'), '') AS stratum
       FROM images i WHERE i.missing = 0`,
    )
    .all() as { id: number; split: SplitName | null; stratum: number | string }[];
}

export function countUnsplitImages(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM images WHERE missing = 0 AND split IS NULL').get() as { n: number }).n;
}

/** Give images a split where they have none yet (inside a write transaction); returns how many changed. */
export function fillSplits(db: Db, splits: Iterable<[number, SplitName]>): number {
  const update = db.prepare('UPDATE images SET split = ? WHERE id = ? AND split IS NULL');
  let n = 0;
  for (const [id, split] of splits) n += update.run(split, id).changes;
  return n;
}
