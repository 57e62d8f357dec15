import type { ClassRow } from '../api/classes.js';
import { LightboxError } from '../api/errors.js';
import type { Db } from './openStore.js';
import { writeTx } from './openStore.js';
import { CLASS_IMAGES, CLASS_REGIONS, classCounts } from './statsRepo.js';

/** A qualitative palette (Tableau 10) that reads well on light and dark images. */
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

interface Raw {
  id: number;
  name: string;
  color: string;
  hotkey: string | null;
  ord: number;
  archived: number;
  redact: number;
  count: number;
  images: number;
  regions: number;
}

const SELECT = `SELECT c.id, c.name, c.color, c.hotkey, c.ord, c.archived, c.redact,
  (SELECT COUNT(*) FROM annotations a WHERE a.class_id = c.id AND a.deleted = 0) AS count,
  ${CLASS_IMAGES} AS images, ${CLASS_REGIONS} AS regions
  FROM classes c`;

function toRow(r: Raw): ClassRow {
  return { id: r.id, name: r.name, color: r.color, hotkey: r.hotkey, order: r.ord, archived: r.archived === 1, redact: r.redact === 1, count: r.count, images: r.images, regions: r.regions };
}

export function listClasses(db: Db, includeArchived = false): ClassRow[] {
  // The counts of every class in one pass (classCounts), not three subqueries per class.
  const rows = db
    .prepare(`SELECT c.id, c.name, c.color, c.hotkey, c.ord, c.archived, c.redact FROM classes c ${includeArchived ? '' : 'WHERE c.archived = 0'} ORDER BY c.ord, c.id`)
    .all() as Omit<Raw, 'count' | 'images' | 'regions'>[];
  const counts = classCounts(db);
  return rows.map((r) => toRow({ ...r, count: 0, images: 0, regions: 0, ...counts.get(r.id) }));
}

export function getClass(db: Db, id: number): ClassRow {
  const r = db.prepare(`${SELECT} WHERE c.id = ?`).get(id) as Raw | undefined;
  if (!r) throw new LightboxError('NOT_FOUND', `There is no class with id ${id}.`);
  return toRow(r);
}

/** A test for "does a class with this id exist (archived or not)", prepared once for a loop. */
export function classExistsCheck(db: Db): (id: number) => boolean {
  const has = db.prepare('SELECT 1 FROM classes WHERE id = ?');
  return (id) => has.get(id) !== undefined;
}

export function findClassByName(db: Db, name: string): ClassRow | undefined {
  const r = db.prepare(`${SELECT} WHERE c.name = ? COLLATE NOCASE`).get(name) as Raw | undefined;
  return r && toRow(r);
}

function assertNameFree(db: Db, name: string, exceptId?: number): void {
  const other = findClassByName(db, name);
  if (other && other.id !== exceptId) {
    throw new LightboxError('CONFLICT', `A class named "${other.name}" already exists.`);
  }
}

/** The lowest hotkey 1–9 no live class uses, or null when all nine are taken. */
function freeHotkey(db: Db): string | null {
  const used = new Set((db.prepare('SELECT hotkey FROM classes WHERE archived = 0 AND hotkey IS NOT NULL').all() as { hotkey: string }[]).map((r) => r.hotkey));
  for (let k = 1; k <= 9; k++) if (!used.has(String(k))) return String(k);
  return null;
}

export function addClass(db: Db, input: { name: string; color?: string; hotkey?: string | null; redact?: boolean }): ClassRow {
  return writeTx(db, () => {
    const name = input.name.trim();
    assertNameFree(db, name);
    const { n, maxOrd } = db.prepare('SELECT COUNT(*) AS n, COALESCE(MAX(ord), -1) AS maxOrd FROM classes').get() as { n: number; maxOrd: number };
    const hotkey = input.hotkey === undefined ? freeHotkey(db) : input.hotkey;
    if (hotkey) db.prepare('UPDATE classes SET hotkey = NULL WHERE hotkey = ?').run(hotkey);
    const color = input.color ?? PALETTE[n % PALETTE.length]!;
    const info = db
      .prepare('INSERT INTO classes (name, color, hotkey, ord, created_at, redact) VALUES (?, ?, ?, ?, ?, ?)')
      .run(name, color, hotkey, maxOrd + 1, Date.now(), input.redact ? 1 : 0);
    return getClass(db, Number(info.lastInsertRowid));
  });
}

export function renameClass(db: Db, id: number, name: string): ClassRow {
  return writeTx(db, () => {
    getClass(db, id);
    assertNameFree(db, name.trim(), id);
    db.prepare('UPDATE classes SET name = ? WHERE id = ?').run(name.trim(), id);
    return getClass(db, id);
  });
}

export function recolorClass(db: Db, id: number, color: string): ClassRow {
  return writeTx(db, () => {
    getClass(db, id);
    db.prepare('UPDATE classes SET color = ? WHERE id = ?').run(color, id);
    return getClass(db, id);
  });
}

/** Give `id` the hotkey, taking it from any class that had it. */
export function setClassHotkey(db: Db, id: number, hotkey: string | null): ClassRow {
  return writeTx(db, () => {
    getClass(db, id);
    if (hotkey) db.prepare('UPDATE classes SET hotkey = NULL WHERE hotkey = ? AND id <> ?').run(hotkey, id);
    db.prepare('UPDATE classes SET hotkey = ? WHERE id = ?').run(hotkey, id);
    return getClass(db, id);
  });
}

/** Make a class a redaction class (its regions are filled in exports, never labels) or an ordinary one again. */
export function setClassRedact(db: Db, id: number, redact: boolean): ClassRow {
  return writeTx(db, () => {
    getClass(db, id);
    db.prepare('UPDATE classes SET redact = ? WHERE id = ?').run(redact ? 1 : 0, id);
    return getClass(db, id);
  });
}

export function reorderClasses(db: Db, ids: number[]): void {
  writeTx(db, () => {
    const update = db.prepare('UPDATE classes SET ord = ? WHERE id = ?');
    ids.forEach((id, i) => {
      if (update.run(i, id).changes === 0) throw new LightboxError('NOT_FOUND', `There is no class with id ${id}.`);
    });
  });
}

export function archiveClass(db: Db, id: number, archived: boolean): ClassRow {
  return writeTx(db, () => {
    getClass(db, id);
    db.prepare('UPDATE classes SET archived = ?, hotkey = CASE WHEN ? THEN NULL ELSE hotkey END WHERE id = ?').run(archived ? 1 : 0, archived ? 1 : 0, id);
    if (!archived) {
      const c = getClass(db, id);
      if (!c.hotkey) {
        const k = freeHotkey(db);
        if (k) db.prepare('UPDATE classes SET hotkey = ? WHERE id = ?').run(k, id);
      }
    }
    return getClass(db, id);
  });
}

/** Delete the class and its annotations. Refused without `confirm` while it is in use. */
export function deleteClass(db: Db, id: number, confirm: boolean): { removedLabels: number } {
  return writeTx(db, () => {
    const c = getClass(db, id);
    if (c.count > 0 && !confirm) {
      throw new LightboxError('CONFLICT', `"${c.name}" is used by ${c.count} labels. Deleting it removes them too; confirm to go on.`, {
        count: c.count,
      });
    }
    db.prepare('DELETE FROM classes WHERE id = ?').run(id);
    return { removedLabels: c.count };
  });
}
