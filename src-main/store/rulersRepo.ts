import type { Db } from './openStore.js';

/** A ruler as stored: its ends in upright-image pixels. */
export interface RulerRow {
  id: number;
  imageId: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  author: string | null;
  createdAt: number;
}

const COLUMNS = 'id, image_id AS imageId, x1, y1, x2, y2, author, created_at AS createdAt';

export function insertRuler(db: Db, imageId: number, ends: { x1: number; y1: number; x2: number; y2: number }, author: string | null, now: number): number {
  const r = db.prepare('INSERT INTO rulers (image_id, x1, y1, x2, y2, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(imageId, ends.x1, ends.y1, ends.x2, ends.y2, author, now);
  return Number(r.lastInsertRowid);
}

export function getRuler(db: Db, id: number): RulerRow | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM rulers WHERE id = ? AND deleted = 0`).get(id) as RulerRow | undefined;
}

/** Live rulers of one image, oldest first. */
export function rulersOf(db: Db, imageId: number): RulerRow[] {
  return db.prepare(`SELECT ${COLUMNS} FROM rulers WHERE image_id = ? AND deleted = 0 ORDER BY id`).all(imageId) as RulerRow[];
}

/** Every live ruler, by image id, oldest first. */
export function allRulers(db: Db): Map<number, RulerRow[]> {
  const out = new Map<number, RulerRow[]>();
  for (const r of db.prepare(`SELECT ${COLUMNS} FROM rulers WHERE deleted = 0 ORDER BY image_id, id`).iterate() as Iterable<RulerRow>) {
    const list = out.get(r.imageId) ?? [];
    list.push(r);
    out.set(r.imageId, list);
  }
  return out;
}

export function countRulers(db: Db, imageId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM rulers WHERE image_id = ? AND deleted = 0').get(imageId) as { n: number }).n;
}

/** Flag rulers deleted (or back); the images they are on. */
export function setRulersDeleted(db: Db, ids: readonly number[], deleted: boolean): number[] {
  const set = db.prepare('UPDATE rulers SET deleted = ? WHERE id = ?');
  const img = db.prepare('SELECT image_id AS imageId FROM rulers WHERE id = ?');
  const images = new Set<number>();
  for (const id of ids) {
    if (set.run(deleted ? 1 : 0, id).changes === 0) continue;
    images.add((img.get(id) as { imageId: number }).imageId);
  }
  return [...images];
}
