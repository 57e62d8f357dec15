import type { Stats } from '../api/datasets.js';
import type { Db } from './openStore.js';

/** Counts behind `datasets.stats` and the dataset header. Missing images (rows whose file is gone) are left out unless said. */

export function countImages(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM images WHERE missing = 0').get() as { n: number }).n;
}

export function countMissingImages(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM images WHERE missing = 1').get() as { n: number }).n;
}

export function unreadableImages(db: Db): { path: string; reason: string }[] {
  return db.prepare('SELECT path, error AS reason FROM images WHERE missing = 0 AND error IS NOT NULL ORDER BY path').all() as { path: string; reason: string }[];
}

/** Images with at least one live annotation of any kind. */
export function countLabeledImages(db: Db): number {
  return (
    db
      .prepare('SELECT COUNT(*) AS n FROM images i WHERE i.missing = 0 AND EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.deleted = 0)')
      .get() as { n: number }
  ).n;
}

export function countByStatus(db: Db): { status: 'todo' | 'done' | 'skipped'; n: number }[] {
  return db.prepare('SELECT status, COUNT(*) AS n FROM images WHERE missing = 0 GROUP BY status').all() as { status: 'todo' | 'done' | 'skipped'; n: number }[];
}

export function countBySplit(db: Db): { split: 'train' | 'val' | 'test' | null; n: number }[] {
  return db.prepare('SELECT split, COUNT(*) AS n FROM images WHERE missing = 0 GROUP BY split').all() as { split: 'train' | 'val' | 'test' | null; n: number }[];
}

/** Live classes in order, each with the number of present images it labels. */
export function countPerClass(db: Db): Stats['perClass'] {
  return db
    .prepare(
      `SELECT c.id AS classId, c.name, c.color, COUNT(DISTINCT a.image_id) AS count FROM classes c
       LEFT JOIN annotations a ON a.class_id = c.id AND a.deleted = 0 AND a.image_id IN (SELECT id FROM images WHERE missing = 0)
       WHERE c.archived = 0 GROUP BY c.id ORDER BY c.ord, c.id`,
    )
    .all() as Stats['perClass'];
}

/** Images `author` gave a tag at or after `since` (ms since the epoch). */
export function countTaggedSince(db: Db, author: string, since: number): number {
  return (
    db.prepare(`SELECT COUNT(DISTINCT image_id) AS n FROM annotations WHERE author = ? AND kind = 'tag' AND created_at >= ?`).get(author, since) as { n: number }
  ).n;
}
