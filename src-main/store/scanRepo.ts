import type { Statement } from 'better-sqlite3';
import type { Db } from './openStore.js';

/**
 * The reads and writes a folder scan makes on the `images` table. The scan decides (it knows the
 * disk); these only run the statements, and the ones that change rows must run inside its write
 * transaction, so a decision and the state it was made on cannot be split by another writer.
 */

/** A row as the scan compares it with the file on disk. mtime in ms since the epoch. */
export interface ScanRow {
  id: number;
  path: string;
  /** The frame of a multi-frame file this row is (path `FILE#N`), or null. */
  frame: number | null;
  sha256: string | null;
  bytes: number;
  mtime: number;
  missing: number;
  error: string | null;
}

/** What the scan learnt about one file (null fields: not an image it could read). */
export interface ScannedFile {
  rel: string;
  frame: number | null;
  sha256: string | null;
  bytes: number;
  width: number | null;
  height: number | null;
  orientation: number | null;
  format: string | null;
  mtime: number;
  error: string | null;
}

const COLUMNS = 'id, path, frame, sha256, bytes, mtime, missing, error';

/** Prepared once per connection: a scan of 100,000 new files runs these per file. */
const cache = new WeakMap<Db, Map<string, Statement>>();
function stmt(db: Db, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

/**
 * Most rows of the same content looked at per file: the scan checks each one's file on disk, and a
 * folder of many identical files (blank frames, empty files) must not make that quadratic.
 */
const CANDIDATES = 16;

/** Every row, missing ones included. */
export function scanRows(db: Db): ScanRow[] {
  return stmt(db, `SELECT ${COLUMNS} FROM images`).all() as ScanRow[];
}

export function scanRowById(db: Db, id: number): ScanRow | undefined {
  return stmt(db, `SELECT ${COLUMNS} FROM images WHERE id = ?`).get(id) as ScanRow | undefined;
}

export function scanRowByPath(db: Db, rel: string): ScanRow | undefined {
  return stmt(db, `SELECT ${COLUMNS} FROM images WHERE path = ?`).get(rel) as ScanRow | undefined;
}

/**
 * Rows with this content at another path than `rel`: the candidates a file found at `rel` may
 * have moved from. Labeled rows first (a move must keep labels), then missing ones, then oldest.
 */
export function rowsWithHashElsewhere(db: Db, sha256: string, rel: string): ScanRow[] {
  return stmt(
    db,
    `SELECT ${COLUMNS} FROM images i WHERE sha256 = ? AND path <> ?
     ORDER BY EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.deleted = 0) DESC, missing DESC, id
     LIMIT ${CANDIDATES}`,
  ).all(sha256, rel) as ScanRow[];
}

/**
 * Live rows with this content that a scan added and nobody has touched since: no annotation
 * (live or deleted), status todo, no split. Such a row can be folded into an older row of the
 * same content without losing anything a person did. Newest first.
 */
export function untouchedFolderRowsWithHash(db: Db, sha256: string, exceptId: number): ScanRow[] {
  return stmt(
    db,
    `SELECT ${COLUMNS} FROM images i WHERE sha256 = ? AND id <> ? AND missing = 0 AND source = 'folder' AND status = 'todo'
       AND split IS NULL AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id)
     ORDER BY id DESC
     LIMIT ${CANDIDATES}`,
  ).all(sha256, exceptId) as ScanRow[];
}

export interface TwinPair {
  missingId: number;
  missingPath: string;
  frame: number | null;
  twinId: number;
  twinPath: string;
}

/**
 * Pairs of rows with the same content: a missing row someone worked on (labels, a status, a
 * split), and a live row a scan added that nobody has touched. Where the first's file is gone and
 * the second's is there, the file moved and the second should give way to the first.
 */
export function missingRowsWithUntouchedTwin(db: Db): TwinPair[] {
  const untouched = `t.sha256 = m.sha256 AND t.frame IS m.frame AND t.id <> m.id AND t.missing = 0 AND t.source = 'folder' AND t.status = 'todo' AND t.split IS NULL
    AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = t.id)`;
  return stmt(
    db,
    `SELECT missingId, missingPath, frame, twinId, (SELECT path FROM images WHERE id = twinId) AS twinPath FROM (
       SELECT m.id AS missingId, m.path AS missingPath, m.frame AS frame, (SELECT t.id FROM images t WHERE ${untouched} ORDER BY t.id DESC LIMIT 1) AS twinId
       FROM images m
       WHERE m.missing = 1 AND m.sha256 IS NOT NULL
         AND (m.status <> 'todo' OR m.split IS NOT NULL OR EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = m.id AND a.deleted = 0))
     ) WHERE twinId IS NOT NULL
     ORDER BY missingId`,
  ).all() as TwinPair[];
}

/** Write what the scan found into row `id`, at path `f.rel` (a move when the path differs). */
export function updateScannedRow(db: Db, id: number, f: ScannedFile, now: number): void {
  stmt(
    db,
    `UPDATE images SET path = ?, sha256 = ?, bytes = ?, width = ?, height = ?, orientation = ?, format = ?, mtime = ?,
       missing = 0, error = ?, updated_at = ?, frame = ? WHERE id = ?`,
  ).run(f.rel, f.sha256, f.bytes, f.width, f.height, f.orientation, f.format, f.mtime, f.error, now, f.frame, id);
}

/** Add a row for a new file; another writer may have added the same path since the walk, then it is updated. Returns its id. */
export function insertScannedRow(db: Db, f: ScannedFile, now: number): number {
  return (stmt(
    db,
    `INSERT INTO images (path, sha256, bytes, width, height, orientation, format, mtime, error, added_at, updated_at, frame)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, bytes = excluded.bytes, width = excluded.width, height = excluded.height,
       orientation = excluded.orientation, format = excluded.format, mtime = excluded.mtime, missing = 0, error = excluded.error,
       updated_at = excluded.updated_at, frame = excluded.frame
     RETURNING id`,
  ).get(f.rel, f.sha256, f.bytes, f.width, f.height, f.orientation, f.format, f.mtime, f.error, now, now, f.frame) as { id: number }).id;
}

/**
 * Row `fromId`'s file now lives where row `intoId` points: give `fromId` that path and file data,
 * and remove `intoId` (which must be untouched, see `untouchedFolderRowsWithHash`).
 */
export function foldRowInto(db: Db, fromId: number, intoId: number, now: number): void {
  const into = stmt(db, 'SELECT path, frame, sha256, bytes, width, height, orientation, format, mtime, error FROM images WHERE id = ?').get(intoId) as
    | (Omit<ScannedFile, 'rel'> & { path: string })
    | undefined;
  if (!into) return;
  stmt(db, 'DELETE FROM images WHERE id = ?').run(intoId);
  updateScannedRow(db, fromId, { ...into, rel: into.path }, now);
}

/** Flag a row whose file is gone; its labels stay. False when it was flagged already. */
export function flagMissing(db: Db, id: number, now: number): boolean {
  return stmt(db, 'UPDATE images SET missing = 1, updated_at = ? WHERE id = ? AND missing = 0').run(now, id).changes > 0;
}

/** Record why an image cannot be shown (its thumbnail failed). */
export function markUnreadable(db: Db, id: number, reason: string): void {
  stmt(db, 'UPDATE images SET error = ? WHERE id = ?').run(reason, id);
}
