import type { Db } from './openStore.js';
import type { StoredRegion } from './regionsRepo.js';

/**
 * What the label importers read and write: the dataset's image paths (to resolve references by
 * file name), image rows by path, and the `imports` table that makes an import safe to run again
 * (see migrations/0080-imports.sql). Writes run inside the caller's write transaction.
 */

export type ImportState = 'running' | 'done' | 'undone';

export interface ImportRecord {
  id: number;
  state: ImportState;
  createdAt: number;
  finishedAt: number | null;
}

/** Paths of every image present in the dataset (dataset-relative, `/`). */
export function liveImagePaths(db: Db): string[] {
  return db.prepare('SELECT path FROM images WHERE missing = 0').pluck().all() as string[];
}

/** A looker-up of image ids by dataset-relative path, prepared once for a batch. */
export function imageIdsByPath(db: Db): (rel: string) => number | undefined {
  const stmt = db.prepare('SELECT id FROM images WHERE path = ?').pluck();
  return (rel) => stmt.get(rel) as number | undefined;
}

/** A setter of image splits, prepared once for a batch. */
export function imageSplitSetter(db: Db): (imageId: number, split: 'train' | 'val' | 'test', now: number) => void {
  const stmt = db.prepare('UPDATE images SET split = ?, updated_at = ? WHERE id = ?');
  return (imageId, split, now) => void stmt.run(split, now, imageId);
}

/** The import of this content in this format that is not undone: finished, or interrupted. */
export function findImport(db: Db, format: string, sourceSha256: string): ImportRecord | undefined {
  const r = db
    .prepare(
      `SELECT id, state, created_at, finished_at FROM imports WHERE format = ? AND source_sha256 = ? AND state <> 'undone'
       ORDER BY state = 'done' DESC, id DESC LIMIT 1`,
    )
    .get(format, sourceSha256) as { id: number; state: ImportState; created_at: number; finished_at: number | null } | undefined;
  return r && { id: r.id, state: r.state, createdAt: r.created_at, finishedAt: r.finished_at };
}

export function beginImport(db: Db, format: string, sourceSha256: string, source: string, now: number): number {
  const info = db.prepare(`INSERT INTO imports (format, source_sha256, source, state, created_at) VALUES (?, ?, ?, 'running', ?)`).run(format, sourceSha256, source, now);
  return Number(info.lastInsertRowid);
}

export function finishImport(db: Db, importId: number, now: number): void {
  db.prepare(`UPDATE imports SET state = 'done', finished_at = ? WHERE id = ?`).run(now, importId);
}

/** Whether an import wrote any region still live (one row looked at, however large the import). */
export function importHasRegions(db: Db, importId: number): boolean {
  return db.prepare(`SELECT 1 FROM annotations WHERE import_id = ? AND kind <> 'tag' AND deleted = 0 LIMIT 1`).get(importId) !== undefined;
}

/**
 * An inserter of imported regions, prepared once for a batch: returns the new region's id, or
 * null when this import already wrote the entry `ref` (an earlier, interrupted run of it).
 */
export function importedRegionInserter(db: Db): (imageId: number, s: StoredRegion, author: string | null, now: number, importId: number, ref: string) => number | null {
  const stmt = db.prepare(
    `INSERT INTO annotations (image_id, class_id, kind, geometry, mask, author, created_at, updated_at, import_id, import_ref)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (import_id, import_ref) WHERE import_id IS NOT NULL DO NOTHING`,
  );
  return (imageId, s, author, now, importId, ref) => {
    const info = stmt.run(imageId, s.classId, s.kind, s.geometry, s.mask === null ? null : Buffer.from(s.mask, 'latin1'), author, now, now, importId, ref);
    return info.changes > 0 ? Number(info.lastInsertRowid) : null;
  };
}

/**
 * Undo (`deleted` true) or redo an import: its regions hidden or shown again, the import marked
 * undone (so its source can be imported afresh) or done. Returns the images touched.
 */
export function setImportUndone(db: Db, importId: number, undone: boolean, now: number): number[] {
  const images = db.prepare(`SELECT DISTINCT image_id FROM annotations WHERE import_id = ? AND kind <> 'tag'`).pluck().all(importId) as number[];
  db.prepare(`UPDATE annotations SET deleted = ?, updated_at = ? WHERE import_id = ? AND kind <> 'tag'`).run(undone ? 1 : 0, now, importId);
  db.prepare(`UPDATE imports SET state = ? WHERE id = ?`).run(undone ? 'undone' : 'done', importId);
  return images;
}
