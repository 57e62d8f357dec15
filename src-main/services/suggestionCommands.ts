import type { Suggestion, SuggestionFilter } from '../api/suggestions.js';
import { getClass } from '../store/classesRepo.js';
import { recordCommand } from '../store/historyRepo.js';
import { type ImageStatus, imageStatusSplit, unreadableCheck, writeImageStatusSplit } from '../store/imageStateRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import { insertRegion, setRegionsDeleted, shapeToStored, touchImages } from '../store/regionsRepo.js';
import { selectSuggestions, setSuggestionState, suggestionsById } from '../store/suggestionsRepo.js';
import { tagsOf, writeTags } from '../store/tagsRepo.js';
import type { HistoryKind } from './regionCommands.js';

/**
 * Decisions on suggestions as commands in the store's one history, so labels.undo takes back an
 * accept (the labels and boxes it made, and the suggestions become pending again) like any edit.
 * The payload names the models, and the history row its author: who accepted what, from which model.
 */

export const SUGGESTION_KINDS = { accept: 'suggestions.accept', reject: 'suggestions.reject' } as const;

interface TagState {
  tags: number[];
  status: ImageStatus;
}

export interface AcceptPayload {
  /** Image-level labels and statuses before and after (class suggestions). */
  changes: { imageId: number; before: TagState; after: TagState }[];
  /** Suggestions accepted, with the region each box became (null for a class). */
  accepted: { id: number; annotationId: number | null }[];
  /** Suggestions turned down by the accept (single-label mode: an image's other classes). */
  rejected: number[];
  /** Box regions created. */
  regions: number[];
  /** Names and ids of the models the suggestions came from. */
  models: { id: string; name: string }[];
  by: string | null;
  at: number;
}

export interface RejectPayload {
  rejected: number[];
  by: string | null;
  at: number;
}

export interface AcceptOptions {
  single: boolean;
  autoDone: boolean;
}

function modelsOf(sugs: readonly Suggestion[]): { id: string; name: string }[] {
  return [...new Map(sugs.map((s) => [s.modelId, { id: s.modelId, name: s.modelName }])).values()];
}

/**
 * Accept the pending suggestions the filter selects, as one command. Suggestions of archived
 * classes or on unreadable files are left pending. Returns what changed.
 */
export function acceptSuggestions(db: Db, filter: SuggestionFilter, opts: AcceptOptions, author: string | null): { accepted: number; rejected: number; imageIds: number[] } {
  return writeTx(db, () => {
    const now = Date.now();
    const unreadable = unreadableCheck(db);
    const live = new Map<number, boolean>();
    const isLive = (classId: number) => {
      if (!live.has(classId)) live.set(classId, !getClass(db, classId).archived);
      return live.get(classId)!;
    };
    const sugs = selectSuggestions(db, { ...filter, state: 'pending' }).filter((s) => isLive(s.classId) && !unreadable(s.imageId));
    const payload: AcceptPayload = { changes: [], accepted: [], rejected: [], regions: [], models: modelsOf(sugs), by: author, at: now };
    const touched = new Set<number>();

    // Class suggestions, image by image (best first: the selection is ordered by score).
    const byImage = new Map<number, Suggestion[]>();
    for (const s of sugs) if (s.kind === 'class') byImage.set(s.imageId, [...(byImage.get(s.imageId) ?? []), s]);
    for (const [imageId, list] of byImage) {
      const take = opts.single ? [list[0]!] : list;
      const row = imageStatusSplit(db, imageId)!;
      const before: TagState = { tags: tagsOf(db, imageId), status: row.status };
      const tags = opts.single ? [take[0]!.classId] : [...new Set([...before.tags, ...take.map((t) => t.classId)])];
      const status = opts.autoDone && before.status === 'todo' ? 'done' : before.status;
      writeTags(db, imageId, tags, author, now);
      writeImageStatusSplit(db, imageId, status, row.split, now);
      payload.changes.push({ imageId, before, after: { tags: tagsOf(db, imageId), status } });
      for (const t of take) {
        setSuggestionState(db, t.id, 'accepted', author, now, null);
        payload.accepted.push({ id: t.id, annotationId: null });
      }
      if (opts.single) {
        for (const other of list.slice(1)) {
          setSuggestionState(db, other.id, 'rejected', author, now, null);
          payload.rejected.push(other.id);
        }
      }
      touched.add(imageId);
    }

    for (const s of sugs) {
      if (s.kind !== 'box' || !s.box) continue;
      const id = insertRegion(db, s.imageId, shapeToStored(s.classId, { kind: 'box', ...s.box }), author, now);
      setSuggestionState(db, s.id, 'accepted', author, now, id);
      payload.accepted.push({ id: s.id, annotationId: id });
      payload.regions.push(id);
      touched.add(s.imageId);
    }
    touchImages(db, touched, now);
    if (payload.accepted.length > 0) recordCommand(db, SUGGESTION_KINDS.accept, payload, author);
    return { accepted: payload.accepted.length, rejected: payload.rejected.length, imageIds: [...touched] };
  });
}

export function rejectSuggestions(db: Db, filter: SuggestionFilter, author: string | null): { rejected: number; imageIds: number[] } {
  return writeTx(db, () => {
    const now = Date.now();
    const sugs = selectSuggestions(db, { ...filter, state: 'pending' });
    for (const s of sugs) setSuggestionState(db, s.id, 'rejected', author, now, null);
    if (sugs.length > 0) recordCommand(db, SUGGESTION_KINDS.reject, { rejected: sugs.map((s) => s.id), by: author, at: now } satisfies RejectPayload, author);
    return { rejected: sugs.length, imageIds: [...new Set(sugs.map((s) => s.imageId))] };
  });
}

function existing(db: Db, ids: readonly number[]): Set<number> {
  return new Set(suggestionsById(db, ids).map((s) => s.id));
}

const acceptKind: HistoryKind = {
  step(db, raw, direction, _author, now) {
    const p = raw as AcceptPayload;
    const images = new Set<number>();
    const undo = direction === 'undo';
    for (const c of p.changes) {
      const row = imageStatusSplit(db, c.imageId);
      if (!row) continue;
      const s = undo ? c.before : c.after;
      writeTags(db, c.imageId, s.tags, p.by, now);
      writeImageStatusSplit(db, c.imageId, s.status, row.split, now);
      images.add(c.imageId);
    }
    for (const id of setRegionsDeleted(db, p.regions, undo, now)) images.add(id);
    const still = existing(db, [...p.accepted.map((a) => a.id), ...p.rejected]);
    for (const a of p.accepted) if (still.has(a.id)) setSuggestionState(db, a.id, undo ? 'pending' : 'accepted', p.by, p.at, undo ? null : a.annotationId);
    for (const id of p.rejected) if (still.has(id)) setSuggestionState(db, id, undo ? 'pending' : 'rejected', p.by, p.at, null);
    touchImages(db, images, now);
    return [...images];
  },
};

const rejectKind: HistoryKind = {
  step(db, raw, direction) {
    const p = raw as RejectPayload;
    const still = suggestionsById(db, p.rejected);
    for (const s of still) setSuggestionState(db, s.id, direction === 'undo' ? 'pending' : 'rejected', p.by, p.at, null);
    return [...new Set(still.map((s) => s.imageId))];
  },
};

/** The suggestion commands by history kind (labels.undo/redo find them in labelCommands.ts). */
export const suggestionHistoryKinds: Record<string, HistoryKind> = {
  [SUGGESTION_KINDS.accept]: acceptKind,
  [SUGGESTION_KINDS.reject]: rejectKind,
};
