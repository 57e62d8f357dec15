import type { ImageFilter, ImageRow } from '../api/images.js';
import { LightboxError } from '../api/errors.js';
import { MEDICAL_COLUMNS, type MedicalRaw, medicalOf } from './imageMetaRepo.js';
import type { Db } from './openStore.js';
import { LIKELY_ERROR, MARGIN_ORDER, SCORE_ORDER, SUGGESTED } from './suggestionsRepo.js';

interface Raw extends MedicalRaw {
  id: number;
  path: string;
  frame: number | null;
  width: number | null;
  height: number | null;
  format: string | null;
  status: ImageRow['status'];
  split: ImageRow['split'];
  source: ImageRow['source'];
  error: string | null;
  missing: number;
  sha256: string | null;
  tags: string | null;
  updated_at: number;
}

const TAGS = `(SELECT group_concat(class_id) FROM (SELECT a.class_id FROM annotations a JOIN classes k ON k.id = a.class_id
  WHERE a.image_id = i.id AND a.kind = 'tag' AND a.deleted = 0 ORDER BY k.ord, k.id))`;
const COLUMNS = `i.id, i.path, i.frame, i.width, i.height, i.format, i.status, i.split, i.source, i.error, i.missing, i.sha256, i.updated_at, ${TAGS} AS tags,
  ${MEDICAL_COLUMNS}`;
/** Images with their medical metadata, if any (`image_meta` has at most one row per image). */
const FROM = 'images i LEFT JOIN image_meta m ON m.image_id = i.id';

/** The short content hash an image's thumbnail and preview addresses carry (see ImageRow.version). */
export function contentVersion(sha256: string | null): string | null {
  return sha256 ? sha256.slice(0, 12) : null;
}

function toRow(r: Raw): ImageRow {
  const medical = medicalOf(r);
  return {
    id: r.id,
    path: r.path,
    width: r.width,
    height: r.height,
    format: r.format,
    status: r.status,
    split: r.split,
    source: r.source,
    error: r.error,
    missing: r.missing === 1,
    version: contentVersion(r.sha256),
    tags: r.tags ? r.tags.split(',').map(Number) : [],
    updatedAt: r.updated_at,
    ...(r.frame !== null ? { frame: r.frame } : {}),
    ...(medical ? { medical } : {}),
  };
}

/** By name, the frames of a file in frame order (`IM#2` before `IM#10`) right where the file would be. */
const BY_FILE = `CASE WHEN i.frame IS NULL THEN i.path ELSE substr(i.path, 1, length(i.path) - length(i.frame) - 1) END COLLATE NOCASE, i.frame`;
const ORDER = { name: `${BY_FILE}, i.id`, added: 'i.added_at, i.id', edited: 'i.updated_at DESC, i.id', score: `${SCORE_ORDER}, ${BY_FILE}, i.id`, margin: `${MARGIN_ORDER}, ${BY_FILE}, i.id` } as const;

function where(filter: ImageFilter = {}): { sql: string; args: unknown[] } {
  const parts = ['i.missing = 0'];
  const args: unknown[] = [];
  if (filter.status) {
    parts.push('i.status = ?');
    args.push(filter.status);
  }
  if (filter.split === 'none') parts.push('i.split IS NULL');
  else if (filter.split) {
    parts.push('i.split = ?');
    args.push(filter.split);
  }
  const live = `SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.deleted = 0`;
  if (filter.classId !== undefined) {
    parts.push(`EXISTS (${live} AND a.class_id = ?)`);
    args.push(filter.classId);
  }
  if (filter.labeled === true) parts.push(`EXISTS (${live})`);
  if (filter.labeled === false) parts.push(`NOT EXISTS (${live})`);
  if (filter.suggested === true) parts.push(SUGGESTED);
  if (filter.suggested === false) parts.push(`NOT ${SUGGESTED}`);
  if (filter.likelyErrors === true) parts.push(LIKELY_ERROR);
  if (filter.unreadable === true) parts.push('i.error IS NOT NULL');
  if (filter.unreadable === false) parts.push('i.error IS NULL');
  if (filter.q) {
    parts.push(`i.path LIKE ? ESCAPE '\\'`);
    args.push(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (filter.folder === '') parts.push(`instr(i.path, '/') = 0`);
  else if (filter.folder !== undefined) {
    const folder = filter.folder.replace(/\/+$/, '');
    parts.push(`substr(i.path, 1, ?) = ?`);
    args.push(folder.length + 1, `${folder}/`);
  }
  return { sql: parts.join(' AND '), args };
}

/** The folders that hold images, each with its count at any depth ('' for the top folder's own images), by path. */
export function listFolders(db: Db): { folder: string; count: number }[] {
  const counts = new Map<string, number>();
  // rtrim drops the file name: everything after the last '/'.
  const rows = db.prepare(`SELECT rtrim(path, replace(path, '/', '')) AS dir, COUNT(*) AS n FROM images WHERE missing = 0 GROUP BY dir`).all() as { dir: string; n: number }[];
  for (const { dir, n } of rows) {
    const d = dir.replace(/\/$/, '');
    if (d === '') counts.set('', (counts.get('') ?? 0) + n);
    // The folder and each folder above it hold these images.
    for (let at = d.length; at > 0; at = d.lastIndexOf('/', at - 1)) {
      const f = d.slice(0, at);
      counts.set(f, (counts.get(f) ?? 0) + n);
    }
  }
  return [...counts].map(([folder, count]) => ({ folder, count })).sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
}

export function listImages(
  db: Db,
  opts: { filter?: ImageFilter; sort?: keyof typeof ORDER; offset?: number; limit?: number },
): { total: number; items: ImageRow[] } {
  const w = where(opts.filter);
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM images i WHERE ${w.sql}`).get(...w.args) as { n: number }).n;
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${w.sql} ORDER BY ${ORDER[opts.sort ?? 'name']} LIMIT ? OFFSET ?`)
    .all(...w.args, opts.limit ?? 200, opts.offset ?? 0) as Raw[];
  return { total, items: rows.map(toRow) };
}

export function listImageIds(db: Db, opts: { filter?: ImageFilter; sort?: keyof typeof ORDER }): number[] {
  const w = where(opts.filter);
  return (db.prepare(`SELECT i.id FROM images i WHERE ${w.sql} ORDER BY ${ORDER[opts.sort ?? 'name']}`).all(...w.args) as { id: number }[]).map(
    (r) => r.id,
  );
}

export function getImage(db: Db, id: number): ImageRow {
  const r = db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE i.id = ?`).get(id) as Raw | undefined;
  if (!r) throw new LightboxError('NOT_FOUND', `There is no image with id ${id}.`);
  return toRow(r);
}

export function getImageByPath(db: Db, relPath: string): ImageRow | undefined {
  const r = db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE i.path = ?`).get(relPath) as Raw | undefined;
  return r && toRow(r);
}

export function assertImagesExist(db: Db, ids: readonly number[]): void {
  const has = db.prepare('SELECT 1 FROM images WHERE id = ?');
  for (const id of ids) if (!has.get(id)) throw new LightboxError('NOT_FOUND', `There is no image with id ${id}.`);
}
