import type { Region, RegionKind, RegionShape } from '../api/annotations.js';
import { LightboxError } from '../api/errors.js';
import type { Db } from './openStore.js';

/**
 * Region annotations (every kind but image-level tags) in the `annotations` table. `geometry` is
 * JSON in upright-image pixels: box {x,y,w,h}, polygon {points, holes?}, point {x,y}, mask {x,y,w,h} (its
 * bounding box); a mask's runs (COCO-alphabet text, see api/maskCodec.ts) go in the `mask` BLOB.
 */

interface Raw {
  id: number;
  image_id: number;
  class_id: number;
  kind: RegionKind;
  geometry: string | null;
  mask: Uint8Array | null;
  author: string | null;
  created_at: number;
  updated_at: number;
  deleted: number;
  note: string | null;
}

/** What a region is made of, as stored: enough to put it back exactly (undo/redo). */
export interface StoredRegion {
  classId: number;
  kind: RegionKind;
  geometry: string;
  /** Mask runs as text; null for the other kinds. */
  mask: string | null;
}

export function shapeToStored(classId: number, shape: RegionShape): StoredRegion {
  switch (shape.kind) {
    case 'box':
      return { classId, kind: 'box', geometry: JSON.stringify({ x: shape.x, y: shape.y, w: shape.w, h: shape.h }), mask: null };
    case 'polygon':
      return { classId, kind: 'polygon', geometry: JSON.stringify(shape.holes?.length ? { points: shape.points, holes: shape.holes } : { points: shape.points }), mask: null };
    case 'point':
      return { classId, kind: 'point', geometry: JSON.stringify({ x: shape.x, y: shape.y }), mask: null };
    case 'mask':
      return { classId, kind: 'mask', geometry: JSON.stringify({ x: shape.x, y: shape.y, w: shape.w, h: shape.h }), mask: shape.counts };
  }
}

export function storedToShape(kind: RegionKind, geometry: string | null, mask: string | null): RegionShape {
  const g = JSON.parse(geometry ?? 'null') as ({ x: number; y: number; w: number; h: number; points: [number, number][]; holes?: [number, number][][] }) | null;
  if (!g) throw new LightboxError('BAD_FILE', 'A region in the label store has no geometry.');
  switch (kind) {
    case 'box':
      return { kind, x: g.x, y: g.y, w: g.w, h: g.h };
    case 'polygon':
      return g.holes?.length ? { kind, points: g.points, holes: g.holes } : { kind, points: g.points };
    case 'point':
      return { kind, x: g.x, y: g.y };
    case 'mask':
      return { kind, x: g.x, y: g.y, w: g.w, h: g.h, counts: mask ?? '' };
    default:
      throw new LightboxError('BAD_FILE', `A region in the label store has an unknown kind "${String(kind)}".`);
  }
}

// The runs are ASCII (COCO's alphabet is characters 48–111), stored as the BLOB's bytes.
const text = (b: Uint8Array | null): string | null => (b === null ? null : Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1'));
const blob = (s: string | null): Buffer | null => (s === null ? null : Buffer.from(s, 'latin1'));

function toRegion(r: Raw): Region {
  return {
    id: r.id,
    imageId: r.image_id,
    classId: r.class_id,
    shape: storedToShape(r.kind, r.geometry, text(r.mask)),
    author: r.author,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    note: r.note,
  };
}

const COLUMNS = 'id, image_id, class_id, kind, geometry, mask, author, created_at, updated_at, deleted, note';

/** Live regions of an image, oldest first. */
export function listRegions(db: Db, imageId: number): Region[] {
  const rows = db.prepare(`SELECT ${COLUMNS} FROM annotations WHERE image_id = ? AND kind <> 'tag' AND deleted = 0 ORDER BY id`).all(imageId) as Raw[];
  return rows.map(toRegion);
}

/** Live regions of many images at once (exports), grouped by image id, oldest first. */
export function regionsByImage(db: Db, imageIds?: readonly number[]): Map<number, Region[]> {
  const out = new Map<number, Region[]>();
  const add = (r: Raw) => {
    const list = out.get(r.image_id) ?? [];
    list.push(toRegion(r));
    out.set(r.image_id, list);
  };
  if (imageIds === undefined) {
    for (const r of db.prepare(`SELECT ${COLUMNS} FROM annotations WHERE kind <> 'tag' AND deleted = 0 ORDER BY image_id, id`).iterate() as Iterable<Raw>) add(r);
    return out;
  }
  if (imageIds.length > 200) {
    // Many images (an export): one pass over every live region beats a query per image.
    const wanted = new Set(imageIds);
    for (const r of db.prepare(`SELECT ${COLUMNS} FROM annotations WHERE kind <> 'tag' AND deleted = 0 ORDER BY image_id, id`).iterate() as Iterable<Raw>) {
      if (wanted.has(r.image_id)) add(r);
    }
    return out;
  }
  const stmt = db.prepare(`SELECT ${COLUMNS} FROM annotations WHERE image_id = ? AND kind <> 'tag' AND deleted = 0 ORDER BY id`);
  for (const id of imageIds) for (const r of stmt.all(id) as Raw[]) add(r);
  return out;
}

/**
 * Live regions of a window of images (a streaming export reads them a thousand at a time), grouped
 * by image id, oldest first: one query through the image index, however large the dataset.
 */
export function regionsOfImageWindow(db: Db, imageIds: readonly number[]): Map<number, Region[]> {
  const out = new Map<number, Region[]>();
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM annotations WHERE image_id IN (SELECT value FROM json_each(?)) AND kind <> 'tag' AND deleted = 0 ORDER BY image_id, id`)
    .iterate(JSON.stringify(imageIds)) as Iterable<Raw>;
  for (const r of rows) {
    const list = out.get(r.image_id);
    if (list) list.push(toRegion(r));
    else out.set(r.image_id, [toRegion(r)]);
  }
  return out;
}

/**
 * Images of the same size and source as `imageId`: readable, present, `width` × `height`, from the
 * same source, other than the image itself, without a live region equal to `stored` already. The
 * source of a DICOM image whose series is known (image_series) is its series, wherever its files
 * lie; of any other image, its folder (the frames of a multi-frame file, a folder of ultrasound
 * frames exported as PNG).
 */
export function similarImagesWithout(db: Db, imageId: number, stored: StoredRegion): number[] {
  const me = db
    .prepare('SELECT i.path, i.frame, i.width, i.height, s.series_key AS series FROM images i LEFT JOIN image_series s ON s.image_id = i.id WHERE i.id = ?')
    .get(imageId) as { path: string; frame: number | null; width: number | null; height: number | null; series: string | null } | undefined;
  if (!me || !me.width || !me.height) return [];
  const folderOf = (p: string, frame: number | null) => {
    const file = frame !== null && /#\d+$/.test(p) ? p.replace(/#\d+$/, '') : p;
    const slash = file.lastIndexOf('/');
    return slash < 0 ? '' : file.slice(0, slash);
  };
  const folder = folderOf(me.path, me.frame);
  const have = new Set(
    (
      db
        .prepare('SELECT DISTINCT image_id AS id FROM annotations WHERE class_id = ? AND kind = ? AND geometry IS ? AND mask IS ? AND deleted = 0')
        .all(stored.classId, stored.kind, stored.geometry, stored.mask) as { id: number }[]
    ).map((r) => r.id),
  );
  const rows = db
    .prepare(
      `SELECT i.id, i.path, i.frame, s.series_key AS series FROM images i LEFT JOIN image_series s ON s.image_id = i.id
       WHERE i.width = ? AND i.height = ? AND i.missing = 0 AND i.error IS NULL AND i.id <> ? ORDER BY i.path`,
    )
    .all(me.width, me.height, imageId) as { id: number; path: string; frame: number | null; series: string | null }[];
  const same = me.series !== null ? (r: (typeof rows)[number]) => r.series === me.series : (r: (typeof rows)[number]) => folderOf(r.path, r.frame) === folder;
  return rows.filter((r) => !have.has(r.id) && same(r)).map((r) => r.id);
}

/** Live regions of redaction classes, grouped by image id, oldest first: what exports hide. */
export function redactionsByImage(db: Db): Map<number, Region[]> {
  const out = new Map<number, Region[]>();
  const rows = db
    .prepare(
      `SELECT ${COLUMNS.split(', ').map((c) => `a.${c}`).join(', ')} FROM annotations a JOIN classes k ON k.id = a.class_id
       WHERE k.redact = 1 AND a.kind <> 'tag' AND a.deleted = 0 ORDER BY a.image_id, a.id`,
    )
    .iterate() as Iterable<Raw>;
  for (const r of rows) {
    const list = out.get(r.image_id) ?? [];
    list.push(toRegion(r));
    out.set(r.image_id, list);
  }
  return out;
}

/** `redactionsByImage` for a page of images only. */
export function redactionsOfImages(db: Db, imageIds: readonly number[]): Map<number, Region[]> {
  const out = new Map<number, Region[]>();
  const rows = db
    .prepare(
      `SELECT ${COLUMNS.split(', ').map((c) => `a.${c}`).join(', ')} FROM annotations a JOIN classes k ON k.id = a.class_id
       WHERE a.image_id IN (SELECT value FROM json_each(?)) AND k.redact = 1 AND a.kind <> 'tag' AND a.deleted = 0 ORDER BY a.image_id, a.id`,
    )
    .iterate(JSON.stringify(imageIds)) as Iterable<Raw>;
  for (const r of rows) {
    const list = out.get(r.image_id) ?? [];
    list.push(toRegion(r));
    out.set(r.image_id, list);
  }
  return out;
}

/** A region by id; deleted ones only when asked (undo needs them). */
export function getRegion(db: Db, id: number, includeDeleted = false): Region & { deleted: boolean } {
  const r = db.prepare(`SELECT ${COLUMNS} FROM annotations WHERE id = ? AND kind <> 'tag'`).get(id) as Raw | undefined;
  if (!r || (r.deleted === 1 && !includeDeleted)) throw new LightboxError('NOT_FOUND', `There is no region with id ${id}.`);
  return { ...toRegion(r), deleted: r.deleted === 1 };
}

/** True when `id` is a region (not a tag) that is not deleted. */
export function isLiveRegion(db: Db, id: number): boolean {
  return db.prepare(`SELECT 1 FROM annotations WHERE id = ? AND kind <> 'tag' AND deleted = 0`).get(id) !== undefined;
}

export function readStored(db: Db, id: number): (StoredRegion & { imageId: number }) | undefined {
  const r = db.prepare(`SELECT image_id, class_id, kind, geometry, mask FROM annotations WHERE id = ? AND kind <> 'tag'`).get(id) as
    | Pick<Raw, 'image_id' | 'class_id' | 'kind' | 'geometry' | 'mask'>
    | undefined;
  return r && { imageId: r.image_id, classId: r.class_id, kind: r.kind, geometry: r.geometry ?? 'null', mask: text(r.mask) };
}

/** Insert a region (inside a write transaction); returns its id. */
export function insertRegion(db: Db, imageId: number, s: StoredRegion, author: string | null, now: number): number {
  const info = db
    .prepare(`INSERT INTO annotations (image_id, class_id, kind, geometry, mask, author, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(imageId, s.classId, s.kind, s.geometry, blob(s.mask), author, now, now);
  return Number(info.lastInsertRowid);
}

/** Overwrite a region's class and geometry (inside a write transaction); `author` stays who drew it. False when the row is gone. */
export function writeStored(db: Db, id: number, s: StoredRegion, now: number): boolean {
  return (
    db
      .prepare(`UPDATE annotations SET class_id = ?, kind = ?, geometry = ?, mask = ?, updated_at = ? WHERE id = ? AND kind <> 'tag'`)
      .run(s.classId, s.kind, s.geometry, blob(s.mask), now, id).changes > 0
  );
}

/** Flag regions deleted or live again; returns the image ids touched. */
export function setRegionsDeleted(db: Db, ids: readonly number[], deleted: boolean, now: number): number[] {
  const find = db.prepare(`SELECT image_id FROM annotations WHERE id = ? AND kind <> 'tag'`);
  const flag = db.prepare(`UPDATE annotations SET deleted = ?, updated_at = ? WHERE id = ? AND kind <> 'tag'`);
  // A class deleted since then took its rows with it (ON DELETE CASCADE): those are skipped.
  const hasClass = db.prepare('SELECT 1 FROM annotations a JOIN classes c ON c.id = a.class_id WHERE a.id = ?');
  const images = new Set<number>();
  for (const id of ids) {
    const r = find.get(id) as { image_id: number } | undefined;
    if (!r || (!deleted && !hasClass.get(id))) continue;
    flag.run(deleted ? 1 : 0, now, id);
    images.add(r.image_id);
  }
  return [...images];
}

/** A live region's note and image, or undefined. */
export function readNote(db: Db, id: number): { imageId: number; note: string | null } | undefined {
  const r = db.prepare(`SELECT image_id, note FROM annotations WHERE id = ? AND kind <> 'tag' AND deleted = 0`).get(id) as { image_id: number; note: string | null } | undefined;
  return r && { imageId: r.image_id, note: r.note };
}

/** Set a region's note (inside a write transaction); null clears it. False when the row is gone. */
export function writeNote(db: Db, id: number, note: string | null, now: number): boolean {
  return db.prepare(`UPDATE annotations SET note = ?, updated_at = ? WHERE id = ? AND kind <> 'tag'`).run(note, now, id).changes > 0;
}

export function touchImages(db: Db, imageIds: Iterable<number>, now: number): void {
  const touch = db.prepare('UPDATE images SET updated_at = ? WHERE id = ?');
  for (const id of imageIds) touch.run(now, id);
}
