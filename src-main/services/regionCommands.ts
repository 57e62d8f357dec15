import { LightboxError } from '../api/errors.js';
import type { ImportPayload } from '../formats/importWrite.js';
import { recordCommand } from '../store/historyRepo.js';
import { classExistsCheck } from '../store/classesRepo.js';
import { setImportUndone } from '../store/importsRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import { insertRegion, isLiveRegion, readNote, readStored, setRegionsDeleted, type StoredRegion, touchImages, writeNote, writeStored } from '../store/regionsRepo.js';

/**
 * Region edits as commands in the store's one history (the same table as tag, status and split
 * changes), so a single undo steps back through whatever was done last. Payloads hold what is
 * needed to go both ways; rows are never removed, only flagged deleted, so ids stay stable.
 */

/** Regions that appeared (drawn, or imported): undo hides them, redo shows them again. */
export interface CreatePayload {
  ids: number[];
}
/** Regions that were deleted: undo shows them again. */
export interface DeletePayload {
  ids: number[];
}
/** Class or geometry changes. */
export interface UpdatePayload {
  changes: { id: number; before: StoredRegion; after: StoredRegion }[];
}

/** A note written, changed or cleared. */
export interface NotePayload {
  id: number;
  before: string | null;
  after: string | null;
}

export const REGION_KINDS = {
  create: 'annotations.create',
  import: 'annotations.import',
  update: 'annotations.update',
  delete: 'annotations.delete',
  note: 'annotations.setNote',
  replace: 'annotations.replace',
} as const;

/** Regions put in the place of others (a mask turned into polygons): undo shows `deleted` and hides `created`. */
export interface ReplacePayload {
  deleted: number[];
  created: number[];
}

export interface NewRegion {
  imageId: number;
  stored: StoredRegion;
}

/** Insert regions and record them as one command (one undo removes them all). */
export function createRegions(db: Db, items: readonly NewRegion[], author: string | null, kind: string = REGION_KINDS.create): number[] {
  return writeTx(db, () => {
    const now = Date.now();
    const ids = items.map((it) => insertRegion(db, it.imageId, it.stored, author, now));
    touchImages(db, new Set(items.map((it) => it.imageId)), now);
    if (ids.length > 0) recordCommand(db, kind, { ids } satisfies CreatePayload, author);
    return ids;
  });
}

export function updateRegion(db: Db, id: number, after: StoredRegion, author: string | null): void {
  updateRegions(db, [{ id, after }], author);
}

/** Change regions and record the whole as one command (one undo puts them all back). */
export function updateRegions(db: Db, items: readonly { id: number; after: StoredRegion }[], author: string | null): void {
  writeTx(db, () => {
    const now = Date.now();
    const changes: UpdatePayload['changes'] = [];
    const images = new Set<number>();
    for (const { id, after } of items) {
      const before = readStored(db, id);
      if (!before) throw new LightboxError('NOT_FOUND', `There is no region with id ${id}.`);
      const { imageId, ...b } = before;
      if (b.classId === after.classId && b.geometry === after.geometry && b.mask === after.mask) continue;
      writeStored(db, id, after, now);
      images.add(imageId);
      changes.push({ id, before: b, after });
    }
    touchImages(db, images, now);
    if (changes.length > 0) recordCommand(db, REGION_KINDS.update, { changes } satisfies UpdatePayload, author);
  });
}

export function deleteRegions(db: Db, ids: readonly number[], author: string | null): number[] {
  return writeTx(db, () => {
    const now = Date.now();
    const live = ids.filter((id) => isLiveRegion(db, id));
    const images = setRegionsDeleted(db, live, true, now);
    touchImages(db, images, now);
    if (live.length > 0) recordCommand(db, REGION_KINDS.delete, { ids: live } satisfies DeletePayload, author);
    return live;
  });
}

/** Set a live region's note as one command (nothing recorded when it is unchanged); returns its image. */
export function setRegionNote(db: Db, id: number, note: string | null, author: string | null): number {
  return writeTx(db, () => {
    const row = readNote(db, id);
    if (!row) throw new LightboxError('NOT_FOUND', `There is no region with id ${id}.`);
    if (row.note === note) return row.imageId;
    const now = Date.now();
    writeNote(db, id, note, now);
    touchImages(db, [row.imageId], now);
    recordCommand(db, REGION_KINDS.note, { id, before: row.note, after: note } satisfies NotePayload, author);
    return row.imageId;
  });
}

/** Delete `ids` and insert `items` as one command (one undo puts the old regions back). */
export function replaceRegions(db: Db, ids: readonly number[], items: readonly NewRegion[], author: string | null): number[] {
  return writeTx(db, () => {
    const now = Date.now();
    const live = ids.filter((id) => isLiveRegion(db, id));
    const images = new Set(setRegionsDeleted(db, live, true, now));
    const created = items.map((it) => insertRegion(db, it.imageId, it.stored, author, now));
    for (const it of items) images.add(it.imageId);
    touchImages(db, images, now);
    recordCommand(db, REGION_KINDS.replace, { deleted: live, created } satisfies ReplacePayload, author);
    return created;
  });
}

/** How one kind of command is undone and redone; returns the images it touched. */
export interface HistoryKind {
  step(db: Db, payload: unknown, direction: 'undo' | 'redo', author: string | null, now: number): number[];
}

const showHide = (hideOn: 'undo' | 'redo'): HistoryKind => ({
  step(db, payload, direction, _author, now) {
    const images = setRegionsDeleted(db, (payload as CreatePayload).ids, direction === hideOn, now);
    touchImages(db, images, now);
    return images;
  },
});

/**
 * An import: recorded by its id (formats/importWrite.ts), so one undo takes back every region it
 * wrote, over however many runs it took; undone, its source can be imported afresh. Imports
 * recorded before by their region ids are shown and hidden by id.
 */
const importKind: HistoryKind = {
  step(db, payload, direction, author, now) {
    if (typeof (payload as Partial<ImportPayload>).importId !== 'number') return showHide('undo').step(db, payload, direction, author, now);
    const images = setImportUndone(db, (payload as ImportPayload).importId, direction === 'undo', now);
    touchImages(db, images, now);
    return images;
  },
};

const updateKind: HistoryKind = {
  step(db, payload, direction, _author, now) {
    const images = new Set<number>();
    const changes = (payload as UpdatePayload).changes;
    const hasClass = classExistsCheck(db);
    for (const c of direction === 'undo' ? [...changes].reverse() : changes) {
      const row = readStored(db, c.id);
      const target = direction === 'undo' ? c.before : c.after;
      // Gone with its class, or going back to a class deleted since: nothing to restore.
      if (!row || !hasClass(target.classId)) continue;
      writeStored(db, c.id, target, now);
      images.add(row.imageId);
    }
    touchImages(db, images, now);
    return [...images];
  },
};

const noteKind: HistoryKind = {
  step(db, payload, direction, _author, now) {
    const p = payload as NotePayload;
    const row = readStored(db, p.id);
    if (!row || !writeNote(db, p.id, direction === 'undo' ? p.before : p.after, now)) return [];
    touchImages(db, [row.imageId], now);
    return [row.imageId];
  },
};

const replaceKind: HistoryKind = {
  step(db, payload, direction, _author, now) {
    const p = payload as ReplacePayload;
    const undo = direction === 'undo';
    const images = new Set([...setRegionsDeleted(db, p.created, undo, now), ...setRegionsDeleted(db, p.deleted, !undo, now)]);
    touchImages(db, images, now);
    return [...images];
  },
};

/** The region commands by history kind. */
export const regionHistoryKinds: Record<string, HistoryKind> = {
  [REGION_KINDS.create]: showHide('undo'),
  [REGION_KINDS.import]: importKind,
  [REGION_KINDS.delete]: showHide('redo'),
  [REGION_KINDS.update]: updateKind,
  [REGION_KINDS.note]: noteKind,
  [REGION_KINDS.replace]: replaceKind,
};
