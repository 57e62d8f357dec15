import { LightboxError } from '../api/errors.js';
import { getClass } from '../store/classesRepo.js';
import { firstUndone, lastDone, markHistory, recordCommand } from '../store/historyRepo.js';
import { imageExistsCheck, imageStatusSplit, writeImageStatusSplit } from '../store/imageStateRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import { tagsOf, writeTags } from '../store/tagsRepo.js';
import { rulerHistoryKinds } from './measurementsService.js';
import { MERGE_KIND, stepMerge } from '../teams/mergeResults.js';
import { REVIEW_KIND } from '../teams/review.js';
import { type HistoryKind, regionHistoryKinds } from './regionCommands.js';
import { suggestionHistoryKinds } from './suggestionCommands.js';

/** What undo/redo restores for one image. */
export interface ImageState {
  tags: number[];
  status: 'todo' | 'done' | 'skipped';
  split: 'train' | 'val' | 'test' | null;
}

export interface ImageChange {
  imageId: number;
  before: ImageState;
  after: ImageState;
}

export interface LabelCommand {
  changes: ImageChange[];
}

export function readState(db: Db, imageId: number): ImageState {
  const row = imageStatusSplit(db, imageId);
  if (!row) throw new LightboxError('NOT_FOUND', `There is no image with id ${imageId}.`);
  return { tags: tagsOf(db, imageId), status: row.status, split: row.split };
}

function writeState(db: Db, imageId: number, s: ImageState, author: string | null, now: number): void {
  writeTags(db, imageId, s.tags, author, now);
  writeImageStatusSplit(db, imageId, s.status, s.split, now);
}

const same = (a: ImageState, b: ImageState) =>
  a.status === b.status && a.split === b.split && a.tags.length === b.tags.length && a.tags.every((t, i) => t === b.tags[i]);

/**
 * Apply `edit` to each image's state and record the whole as one undoable command, in one write
 * transaction: when this returns, the change is on disk.
 */
export function applyCommand(
  db: Db,
  kind: string,
  imageIds: readonly number[],
  edit: (s: ImageState, imageId: number) => ImageState,
  author: string | null,
): ImageChange[] {
  return writeTx(db, () => {
    const now = Date.now();
    const changes: ImageChange[] = [];
    for (const imageId of imageIds) {
      const before = readState(db, imageId);
      const after = edit(before, imageId);
      if (same(before, after)) continue;
      writeState(db, imageId, after, author, now);
      changes.push({ imageId, before, after: readState(db, imageId) });
    }
    if (changes.length > 0) recordCommand(db, kind, { changes } satisfies LabelCommand, author);
    return changes;
  });
}

/** Image tags, status and split: every command recorded by `applyCommand` (whatever its kind). */
const imageStateKind: HistoryKind = {
  step(db, payload, direction, author, now) {
    const has = imageExistsCheck(db);
    const ids: number[] = [];
    for (const c of (payload as LabelCommand).changes) {
      if (!has(c.imageId)) continue;
      writeState(db, c.imageId, direction === 'undo' ? c.before : c.after, author, now);
      ids.push(c.imageId);
    }
    return ids;
  },
};

/** How each kind of command in the history is undone and redone; other kinds are image-state commands. */
const historyKinds: Record<string, HistoryKind> = { ...regionHistoryKinds, ...rulerHistoryKinds, ...suggestionHistoryKinds, [MERGE_KIND]: { step: stepMerge }, [REVIEW_KIND]: { step: stepMerge } };

/**
 * Undo (`'undo'`) or redo (`'redo'`) the nearest command, whatever it changed (tags, status,
 * splits, regions): one history, so one Ctrl+Z undoes what was done last. Persisted, so it
 * works after a restart.
 */
export function stepHistory(db: Db, direction: 'undo' | 'redo', author: string | null): { applied: boolean; kind: string | null; imageIds: number[] } {
  return writeTx(db, () => {
    const entry = direction === 'undo' ? lastDone<unknown>(db) : firstUndone<unknown>(db);
    if (!entry) return { applied: false, kind: null, imageIds: [] };
    const kind = historyKinds[entry.kind] ?? imageStateKind;
    const imageIds = kind.step(db, entry.payload, direction, author, Date.now());
    markHistory(db, entry.id, direction === 'undo' ? 'undone' : 'done');
    return { applied: true, kind: entry.kind, imageIds };
  });
}

export function assertLiveClass(db: Db, classId: number): void {
  const c = getClass(db, classId);
  if (c.archived) throw new LightboxError('CONFLICT', `"${c.name}" is archived. Restore it before labeling with it.`);
}
