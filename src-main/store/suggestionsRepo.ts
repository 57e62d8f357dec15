import type { Suggestion, SuggestionFilter } from '../api/suggestions.js';
import type { Db } from './openStore.js';

/** Library sorts and filters over `images i` (imagesRepo.ts): the model's confidence, its margin, pending suggestions, likely label errors. */
export const SCORE_ORDER = `COALESCE((SELECT MAX(p.top_score) FROM predictions p WHERE p.image_id = i.id), -1) DESC`;
export const MARGIN_ORDER = `COALESCE((SELECT MIN(p.margin) FROM predictions p WHERE p.image_id = i.id AND p.kind = 'class'), 2) ASC`;
export const SUGGESTED = `EXISTS (SELECT 1 FROM suggestions s WHERE s.image_id = i.id AND s.state = 'pending')`;
export const LIKELY_ERROR = `EXISTS (SELECT 1 FROM predictions p WHERE p.image_id = i.id AND p.kind = 'class' AND p.top_score >= 0.5
  AND EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.kind = 'tag' AND a.deleted = 0)
  AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.kind = 'tag' AND a.deleted = 0 AND a.class_id = p.top_class_id))`;

/**
 * The user's models' suggestions and the record of which images each model has run on
 * (migration 0130). Boxes are upright-image pixels; scores are probabilities (0–1).
 */

interface Raw {
  id: number;
  image_id: number;
  model_id: string;
  model_name: string;
  kind: 'class' | 'box';
  class_id: number;
  score: number;
  x: number | null;
  y: number | null;
  w: number | null;
  h: number | null;
  state: Suggestion['state'];
  annotation_id: number | null;
  decided_by: string | null;
  decided_at: number | null;
  created_at: number;
}

function toSuggestion(r: Raw): Suggestion {
  return {
    id: r.id,
    imageId: r.image_id,
    modelId: r.model_id,
    modelName: r.model_name,
    kind: r.kind,
    classId: r.class_id,
    score: r.score,
    box: r.kind === 'box' ? { x: r.x!, y: r.y!, w: r.w!, h: r.h! } : null,
    state: r.state,
    annotationId: r.annotation_id,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    createdAt: r.created_at,
  };
}

export interface NewSuggestion {
  classId: number;
  score: number;
  box: { x: number; y: number; w: number; h: number } | null;
}

export interface PredictionSummary {
  topClassId: number | null;
  topScore: number | null;
  margin: number | null;
}

/** An image a pre-label job may run on. */
export interface PredictTarget {
  id: number;
  path: string;
  width: number;
  height: number;
  /** 1-based frame of a multi-frame DICOM file, or null for a file that is one image. */
  frame: number | null;
  /** With `bitsStored`, how its pixels become 8 bits (imaging/thumbnails.ts `renderOf`). */
  format: string | null;
  bitsStored: number | null;
}

const TARGET_COLUMNS = 'i.id, i.path, i.width, i.height, i.frame, i.format, m.bits_stored AS bitsStored FROM images i LEFT JOIN image_meta m ON m.image_id = i.id';

/**
 * Images for a pre-label: not missing, readable, with a size; `unlabeled` ones have no live label
 * or region; a split name restricts to that split. By path, as the library lists them.
 */
export function predictTargets(db: Db, which: 'all' | 'unlabeled' | 'train' | 'val' | 'test'): PredictTarget[] {
  const parts = ['i.missing = 0', 'i.error IS NULL', 'i.width IS NOT NULL', 'i.height IS NOT NULL'];
  const args: unknown[] = [];
  if (which === 'unlabeled') parts.push('NOT EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.deleted = 0)');
  else if (which !== 'all') {
    parts.push('i.split = ?');
    args.push(which);
  }
  return db.prepare(`SELECT ${TARGET_COLUMNS} WHERE ${parts.join(' AND ')} ORDER BY i.path, i.id`).all(...args) as PredictTarget[];
}

/** One image as a pre-label target, or undefined when it is not one (missing, unreadable, no size). */
export function predictTargetById(db: Db, id: number): PredictTarget | undefined {
  return db
    .prepare(`SELECT ${TARGET_COLUMNS} WHERE i.id = ? AND i.missing = 0 AND i.error IS NULL AND i.width IS NOT NULL AND i.height IS NOT NULL`)
    .get(id) as PredictTarget | undefined;
}

/** Images `modelId` has already run on (its suggestions are stored, even none). */
export function predictedImages(db: Db, modelId: string): Set<number> {
  return new Set((db.prepare('SELECT image_id AS id FROM predictions WHERE model_id = ?').all(modelId) as { id: number }[]).map((r) => r.id));
}

/**
 * Store what a model predicted for one image, replacing what other models of the same kind left
 * pending there (a newer model's suggestions replace an older one's; decided ones stay, they are
 * history). Must run inside a write transaction.
 */
export function storePrediction(
  db: Db,
  imageId: number,
  model: { id: string; name: string },
  kind: 'class' | 'box',
  items: readonly NewSuggestion[],
  summary: PredictionSummary,
  now: number,
  /** 'kind': this model replaces every model of its kind there (a retrained model); 'model': only its own earlier run (face proposals beside a detector). */
  replace: 'kind' | 'model' = 'kind',
): number {
  if (replace === 'kind') {
    db.prepare(`DELETE FROM suggestions WHERE image_id = ? AND kind = ? AND state = 'pending' AND model_id NOT LIKE 'lightbox:%'`).run(imageId, kind);
    db.prepare(`DELETE FROM predictions WHERE image_id = ? AND kind = ? AND model_id NOT LIKE 'lightbox:%'`).run(imageId, kind);
  } else {
    db.prepare(`DELETE FROM suggestions WHERE image_id = ? AND model_id = ? AND state = 'pending'`).run(imageId, model.id);
    db.prepare('DELETE FROM predictions WHERE image_id = ? AND model_id = ?').run(imageId, model.id);
  }
  const insert = db.prepare(
    `INSERT INTO suggestions (image_id, model_id, model_name, kind, class_id, score, x, y, w, h, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const s of items) insert.run(imageId, model.id, model.name, kind, s.classId, s.score, s.box?.x ?? null, s.box?.y ?? null, s.box?.w ?? null, s.box?.h ?? null, now);
  db.prepare('INSERT INTO predictions (image_id, model_id, kind, top_class_id, top_score, margin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    imageId,
    model.id,
    kind,
    summary.topClassId,
    summary.topScore,
    summary.margin,
    now,
  );
  return items.length;
}

function where(f: SuggestionFilter): { sql: string; args: unknown[] } {
  const parts = ['i.missing = 0'];
  const args: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    parts.push(sql);
    args.push(v);
  };
  if (f.ids) parts.push(`s.id IN (${f.ids.map(() => '?').join(',')})`), args.push(...f.ids);
  add('s.state = ?', f.state ?? 'pending');
  if (f.imageId !== undefined) add('s.image_id = ?', f.imageId);
  if (f.classId !== undefined) add('s.class_id = ?', f.classId);
  if (f.kind !== undefined) add('s.kind = ?', f.kind);
  if (f.minScore !== undefined) add('s.score >= ?', f.minScore);
  if (f.modelId !== undefined) add('s.model_id = ?', f.modelId);
  return { sql: parts.join(' AND '), args };
}

/** Suggestions matching the filter, best score first. */
export function listSuggestions(db: Db, f: SuggestionFilter, offset = 0, limit = 500): { total: number; items: Suggestion[] } {
  const w = where(f);
  const from = 'suggestions s JOIN images i ON i.id = s.image_id';
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM ${from} WHERE ${w.sql}`).get(...w.args) as { n: number }).n;
  const rows = db.prepare(`SELECT s.* FROM ${from} WHERE ${w.sql} ORDER BY s.score DESC, s.id LIMIT ? OFFSET ?`).all(...w.args, limit, offset) as Raw[];
  return { total, items: rows.map(toSuggestion) };
}

/** Every suggestion matching the filter (a bulk decision), best score first. */
export function selectSuggestions(db: Db, f: SuggestionFilter): Suggestion[] {
  const w = where(f);
  return (db.prepare(`SELECT s.* FROM suggestions s JOIN images i ON i.id = s.image_id WHERE ${w.sql} ORDER BY s.score DESC, s.id`).all(...w.args) as Raw[]).map(toSuggestion);
}

export function suggestionsById(db: Db, ids: readonly number[]): Suggestion[] {
  if (ids.length === 0) return [];
  const out: Suggestion[] = [];
  const get = db.prepare('SELECT * FROM suggestions WHERE id = ?');
  for (const id of ids) {
    const r = get.get(id) as Raw | undefined;
    if (r) out.push(toSuggestion(r));
  }
  return out;
}

/** Record a decision (or take it back: state pending clears who and when). Inside a write transaction. */
export function setSuggestionState(db: Db, id: number, state: Suggestion['state'], by: string | null, at: number | null, annotationId: number | null): void {
  db.prepare('UPDATE suggestions SET state = ?, decided_by = ?, decided_at = ?, annotation_id = ? WHERE id = ?').run(
    state,
    state === 'pending' ? null : by,
    state === 'pending' ? null : at,
    annotationId,
    id,
  );
}

export interface RankedImage {
  imageId: number;
  path: string;
  /** The model's best class and its probability, and the gap to the second best. */
  classId: number | null;
  score: number | null;
  margin: number | null;
  /** The image's live image-level labels (by class id). */
  labels: number[];
  modelId: string;
}

const HUMAN_TAGS = `(SELECT group_concat(a.class_id) FROM annotations a WHERE a.image_id = i.id AND a.kind = 'tag' AND a.deleted = 0)`;

/**
 * Images ranked by what a classifier said: `score` best first; `margin` least confident first (what
 * to label next: images without a label only); `errors` images whose human label is not the
 * model's confident answer, most confident first (likely label errors).
 */
export function rankImages(
  db: Db,
  by: 'score' | 'margin' | 'errors',
  opts: { minScore?: number; split?: 'train' | 'val' | 'test'; offset?: number; limit?: number },
): { total: number; items: RankedImage[] } {
  const parts = [`p.kind = 'class'`, 'i.missing = 0', 'p.top_class_id IS NOT NULL'];
  const args: unknown[] = [];
  if (opts.split) parts.push('i.split = ?'), args.push(opts.split);
  if (opts.minScore !== undefined) parts.push('p.top_score >= ?'), args.push(opts.minScore);
  if (by === 'margin') parts.push(`NOT EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.deleted = 0)`);
  if (by === 'errors') {
    parts.push(`EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.kind = 'tag' AND a.deleted = 0)`);
    parts.push(`NOT EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.kind = 'tag' AND a.deleted = 0 AND a.class_id = p.top_class_id)`);
  }
  const order = by === 'margin' ? 'p.margin ASC, i.path' : 'p.top_score DESC, i.path';
  const sql = `FROM predictions p JOIN images i ON i.id = p.image_id WHERE ${parts.join(' AND ')}`;
  const total = (db.prepare(`SELECT COUNT(*) AS n ${sql}`).get(...args) as { n: number }).n;
  const rows = db
    .prepare(`SELECT i.id, i.path, p.top_class_id, p.top_score, p.margin, p.model_id, ${HUMAN_TAGS} AS tags ${sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...args, opts.limit ?? 200, opts.offset ?? 0) as { id: number; path: string; top_class_id: number; top_score: number; margin: number; model_id: string; tags: string | null }[];
  return {
    total,
    items: rows.map((r) => ({
      imageId: r.id,
      path: r.path,
      classId: r.top_class_id,
      score: r.top_score,
      margin: r.margin,
      labels: r.tags ? r.tags.split(',').map(Number) : [],
      modelId: r.model_id,
    })),
  };
}

/** The model that ran last (of a kind): what the evaluation shows by default. */
export function latestModel(db: Db, kind: 'class' | 'box'): string | null {
  // Lightbox's own detectors (face proposals, `lightbox:` ids) are not the user's model to grade.
  const r = db.prepare(`SELECT model_id FROM predictions WHERE kind = ? AND model_id NOT LIKE 'lightbox:%' ORDER BY created_at DESC LIMIT 1`).get(kind) as { model_id: string } | undefined;
  return r?.model_id ?? null;
}

const SPLITS = `i.missing = 0 AND i.split IN (SELECT value FROM json_each(?))`;

/** Images of the splits with a human image label and this classifier's answer: (human, predicted) pairs (the first label by class order). */
export function classifyEvalPairs(db: Db, modelId: string, splits: readonly string[]): { human: number; predicted: number }[] {
  return db
    .prepare(
      `SELECT (SELECT a.class_id FROM annotations a JOIN classes k ON k.id = a.class_id WHERE a.image_id = i.id AND a.kind = 'tag' AND a.deleted = 0 ORDER BY k.ord, k.id LIMIT 1) AS human,
              p.top_class_id AS predicted
       FROM predictions p JOIN images i ON i.id = p.image_id
       WHERE p.model_id = ? AND p.top_class_id IS NOT NULL AND ${SPLITS}`,
    )
    .all(modelId, JSON.stringify(splits))
    .filter((r) => (r as { human: number | null }).human !== null) as { human: number; predicted: number }[];
}

type EvalBox = { imageId: number; classId: number; x: number; y: number; w: number; h: number };

/**
 * A detector's boxes on the images of the splits it ran on, and the human boxes there that did not
 * come from accepting its suggestions (those would grade the model against itself).
 */
export function detectEvalBoxes(db: Db, modelId: string, splits: readonly string[]): { predicted: (EvalBox & { score: number })[]; human: EvalBox[] } {
  const args = [modelId, JSON.stringify(splits)];
  const predicted = db
    .prepare(`SELECT s.image_id AS imageId, s.class_id AS classId, s.score, s.x, s.y, s.w, s.h FROM suggestions s JOIN images i ON i.id = s.image_id WHERE s.model_id = ? AND s.kind = 'box' AND ${SPLITS}`)
    .all(...args) as (EvalBox & { score: number })[];
  const human = (
    db
      .prepare(
        `SELECT a.image_id AS imageId, a.class_id AS classId, a.geometry FROM annotations a JOIN images i ON i.id = a.image_id
         WHERE a.kind = 'box' AND a.deleted = 0 AND a.image_id IN (SELECT image_id FROM predictions WHERE model_id = ?) AND ${SPLITS}
           AND NOT EXISTS (SELECT 1 FROM suggestions s WHERE s.annotation_id = a.id)`,
      )
      .all(...args) as { imageId: number; classId: number; geometry: string }[]
  ).map((r) => ({ imageId: r.imageId, classId: r.classId, ...(JSON.parse(r.geometry) as { x: number; y: number; w: number; h: number }) }));
  return { predicted, human };
}

/** The file name a model's suggestions were stored under, or null when it suggested nothing. */
export function modelName(db: Db, modelId: string): string | null {
  return (db.prepare('SELECT model_name AS n FROM suggestions WHERE model_id = ? LIMIT 1').get(modelId) as { n: string } | undefined)?.n ?? null;
}
