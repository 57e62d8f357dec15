import type { Db } from './openStore.js';

/** Live image-level tags (class ids) of one image, in class order. */
export function tagsOf(db: Db, imageId: number): number[] {
  return (
    db
      .prepare(
        `SELECT a.class_id AS c FROM annotations a JOIN classes k ON k.id = a.class_id
         WHERE a.image_id = ? AND a.kind = 'tag' AND a.deleted = 0 ORDER BY k.ord, k.id`,
      )
      .all(imageId) as { c: number }[]
  ).map((r) => r.c);
}

/**
 * Make the image's tags exactly `classIds` (soft-deleting the others). Must run inside a write
 * transaction. Class ids that no longer exist (a deleted class) are ignored.
 */
export function writeTags(db: Db, imageId: number, classIds: readonly number[], author: string | null, now = Date.now()): void {
  const current = new Set(tagsOf(db, imageId));
  const wanted = new Set(classIds);
  const drop = db.prepare(`UPDATE annotations SET deleted = 1, updated_at = ? WHERE image_id = ? AND class_id = ? AND kind = 'tag' AND deleted = 0`);
  const add = db.prepare(
    `INSERT INTO annotations (image_id, class_id, kind, author, created_at, updated_at)
     SELECT ?, id, 'tag', ?, ?, ? FROM classes WHERE id = ?`,
  );
  for (const c of current) if (!wanted.has(c)) drop.run(now, imageId, c);
  for (const c of wanted) if (!current.has(c)) add.run(imageId, author, now, now, c);
  db.prepare('UPDATE images SET updated_at = ? WHERE id = ?').run(now, imageId);
}
