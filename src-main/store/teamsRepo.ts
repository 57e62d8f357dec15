import type { Db } from './openStore.js';

/**
 * The teams tables (migration 0150): assignments handed out, results merged, each annotator's
 * answers side by side, how each shared image stands, and, in a working folder, its task.
 * Writers must run inside a write transaction.
 */

export type TeamState = 'single' | 'agreed' | 'majority' | 'review' | 'reviewed';

/** An image a package may carry: indexed, readable, on disk, not skipped. */
export interface PackableImage {
  id: number;
  path: string;
  sha256: string | null;
  format: string;
  width: number;
  height: number;
  frame: number | null;
  bitsStored: number | null;
  status: 'todo' | 'done' | 'skipped';
}

export function packableImages(db: Db): PackableImage[] {
  return db
    .prepare(
      `SELECT i.id, i.path, i.sha256, i.format, i.width, i.height, i.frame, i.status, m.bits_stored AS bitsStored
       FROM images i LEFT JOIN image_meta m ON m.image_id = i.id
       WHERE i.missing = 0 AND i.error IS NULL AND i.format IS NOT NULL AND i.width IS NOT NULL AND i.height IS NOT NULL AND i.status <> 'skipped'
       ORDER BY i.path`,
    )
    .all() as PackableImage[];
}

export interface AssignedImage {
  imageId: number;
  copySha256: string;
  sourceSha256: string | null;
  /** The owner's answer (class names) when the image is gold, else null. */
  goldAnswer: string[] | null;
}

export function insertAssignment(db: Db, id: string, annotator: string, now: number, images: readonly AssignedImage[]): void {
  db.prepare('INSERT INTO team_assignments (id, annotator, created_at) VALUES (?, ?, ?)').run(id, annotator, now);
  const add = db.prepare('INSERT INTO team_assignment_images (assignment_id, image_id, copy_sha256, source_sha256, gold_answer) VALUES (?, ?, ?, ?, ?)');
  for (const im of images) add.run(id, im.imageId, im.copySha256, im.sourceSha256, im.goldAnswer === null ? null : JSON.stringify(im.goldAnswer));
}

export function assignmentOf(db: Db, id: string): { annotator: string; images: Map<number, AssignedImage> } | undefined {
  const a = db.prepare('SELECT annotator FROM team_assignments WHERE id = ?').get(id) as { annotator: string } | undefined;
  if (!a) return undefined;
  const rows = db
    .prepare('SELECT image_id AS imageId, copy_sha256 AS copySha256, source_sha256 AS sourceSha256, gold_answer AS gold FROM team_assignment_images WHERE assignment_id = ?')
    .all(id) as { imageId: number; copySha256: string; sourceSha256: string | null; gold: string | null }[];
  return {
    annotator: a.annotator,
    images: new Map(rows.map((r) => [r.imageId, { imageId: r.imageId, copySha256: r.copySha256, sourceSha256: r.sourceSha256, goldAnswer: r.gold === null ? null : (JSON.parse(r.gold) as string[]) }])),
  };
}

/** Gold images with the owner's answer, over every assignment. */
export function goldAnswers(db: Db): Map<number, string[]> {
  const rows = db.prepare('SELECT DISTINCT image_id AS imageId, gold_answer AS gold FROM team_assignment_images WHERE gold_answer IS NOT NULL').all() as { imageId: number; gold: string }[];
  return new Map(rows.map((r) => [r.imageId, JSON.parse(r.gold) as string[]]));
}

/** True when a result with this content was merged and not undone. */
export function isResultMerged(db: Db, contentSha256: string): boolean {
  return db.prepare('SELECT 1 FROM team_results WHERE content_sha256 = ? AND undone = 0').get(contentSha256) !== undefined;
}

export function recordResult(db: Db, r: { contentSha256: string; assignmentId: string; annotator: string; labeled: number; activeMs: number }, now: number): void {
  db.prepare(
    `INSERT INTO team_results (content_sha256, assignment_id, annotator, merged_at, labeled, active_ms, undone) VALUES (?, ?, ?, ?, ?, ?, 0)
     ON CONFLICT (content_sha256) DO UPDATE SET merged_at = excluded.merged_at, undone = 0`,
  ).run(r.contentSha256, r.assignmentId, r.annotator, now, r.labeled, r.activeMs);
}

export function setResultsUndone(db: Db, contentSha256s: readonly string[], undone: boolean): void {
  const set = db.prepare('UPDATE team_results SET undone = ? WHERE content_sha256 = ?');
  for (const c of contentSha256s) set.run(undone ? 1 : 0, c);
}

/** Images labeled and active time per annotator, over merged results. */
export function throughputRows(db: Db): { annotator: string; labeled: number; activeMs: number }[] {
  return db
    .prepare('SELECT annotator, SUM(labeled) AS labeled, SUM(active_ms) AS activeMs FROM team_results WHERE undone = 0 GROUP BY annotator ORDER BY annotator')
    .all() as { annotator: string; labeled: number; activeMs: number }[];
}

export interface AnswerRow {
  id: number;
  annotator: string;
  imageId: number;
  classId: number;
  className: string;
  kind: 'tag' | 'box' | 'polygon' | 'mask' | 'point';
  geometry: string | null;
  mask: string | null;
  answeredAt: number;
}

const ANSWER_COLUMNS = `a.id, a.annotator, a.image_id AS imageId, a.class_id AS classId, k.name AS className, a.kind, a.geometry, a.mask, a.answered_at AS answeredAt`;

function toAnswer(r: AnswerRow & { mask: Uint8Array | string | null }): AnswerRow {
  return { ...r, mask: r.mask === null ? null : Buffer.from(r.mask as Uint8Array).toString('latin1') };
}

/** Live answers of one image, by annotator then id. */
export function liveAnswersOfImage(db: Db, imageId: number): AnswerRow[] {
  return (db.prepare(`SELECT ${ANSWER_COLUMNS} FROM team_answers a JOIN classes k ON k.id = a.class_id WHERE a.image_id = ? AND a.deleted = 0 ORDER BY a.annotator, a.id`).all(imageId) as AnswerRow[]).map(
    toAnswer,
  );
}

/** Every live answer, by image, annotator and id. */
export function allLiveAnswers(db: Db): AnswerRow[] {
  return (db.prepare(`SELECT ${ANSWER_COLUMNS} FROM team_answers a JOIN classes k ON k.id = a.class_id WHERE a.deleted = 0 ORDER BY a.image_id, a.annotator, a.id`).all() as AnswerRow[]).map(toAnswer);
}

/** Ids of an annotator's live answers for an image (what a newer result of theirs replaces). */
export function liveAnswerIds(db: Db, imageId: number, annotator: string): number[] {
  return (db.prepare('SELECT id FROM team_answers WHERE image_id = ? AND annotator = ? AND deleted = 0').all(imageId, annotator) as { id: number }[]).map((r) => r.id);
}

/** Whether an annotator's answer row for an image exists at all (an empty answer is a row-less one). */
export function insertAnswer(
  db: Db,
  a: { contentSha256: string; assignmentId: string; annotator: string; imageId: number; classId: number; kind: string; geometry: string | null; mask: string | null; answeredAt: number },
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO team_answers (content_sha256, assignment_id, annotator, image_id, class_id, kind, geometry, mask, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(a.contentSha256, a.assignmentId, a.annotator, a.imageId, a.classId, a.kind, a.geometry, a.mask === null ? null : Buffer.from(a.mask, 'latin1'), a.answeredAt)
      .lastInsertRowid,
  );
}

export function setAnswersDeleted(db: Db, ids: readonly number[], deleted: boolean): void {
  const set = db.prepare('UPDATE team_answers SET deleted = ? WHERE id = ?');
  for (const id of ids) set.run(deleted ? 1 : 0, id);
}

/** Annotators with a live answer on an image (their names are the authors merges wrote). */
export function annotatorsOfImage(db: Db, imageId: number): string[] {
  return (db.prepare('SELECT DISTINCT annotator FROM team_answers WHERE image_id = ? ORDER BY annotator').all(imageId) as { annotator: string }[]).map((r) => r.annotator);
}

/** Live region ids of an image written by one of `authors`. */
export function regionIdsByAuthors(db: Db, imageId: number, authors: readonly string[]): number[] {
  if (authors.length === 0) return [];
  const marks = authors.map(() => '?').join(', ');
  return (db.prepare(`SELECT id FROM annotations WHERE image_id = ? AND kind <> 'tag' AND deleted = 0 AND author IN (${marks})`).all(imageId, ...authors) as { id: number }[]).map((r) => r.id);
}

export function teamStateOf(db: Db, imageId: number): TeamState | null {
  const r = db.prepare('SELECT state FROM team_image_state WHERE image_id = ?').get(imageId) as { state: TeamState } | undefined;
  return r?.state ?? null;
}

export function setTeamState(db: Db, imageId: number, state: TeamState | null, now: number): void {
  if (state === null) db.prepare('DELETE FROM team_image_state WHERE image_id = ?').run(imageId);
  else
    db.prepare('INSERT INTO team_image_state (image_id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (image_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at').run(
      imageId,
      state,
      now,
    );
}

export function teamStateCounts(db: Db): Record<TeamState, number> {
  const out: Record<TeamState, number> = { single: 0, agreed: 0, majority: 0, review: 0, reviewed: 0 };
  for (const r of db.prepare('SELECT state, COUNT(*) AS n FROM team_image_state GROUP BY state').all() as { state: TeamState; n: number }[]) out[r.state] = r.n;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The annotator's side: the task of a working folder.

export function setTask(db: Db, manifest: string, images: readonly { path: string; sourceId: number; sha256: string }[], now: number): void {
  db.prepare('INSERT INTO team_task (id, manifest, opened_at) VALUES (1, ?, ?)').run(manifest, now);
  const add = db.prepare('INSERT INTO team_task_images (path, source_id, sha256) VALUES (?, ?, ?)');
  for (const im of images) add.run(im.path, im.sourceId, im.sha256);
}

export function taskOf(db: Db): { manifest: string; openedAt: number } | undefined {
  const r = db.prepare('SELECT manifest, opened_at AS openedAt FROM team_task WHERE id = 1').get() as { manifest: string; openedAt: number } | undefined;
  return r;
}

export function isTaskFolder(db: Db): boolean {
  return db.prepare('SELECT 1 FROM team_task WHERE id = 1').get() !== undefined;
}

/** The task's images with their row in this folder (null when the scan has not indexed it). */
export function taskImages(db: Db): { path: string; sourceId: number; sha256: string; imageId: number | null; status: string | null; updatedAt: number | null }[] {
  return db
    .prepare(
      `SELECT t.path, t.source_id AS sourceId, t.sha256, i.id AS imageId, i.status, i.updated_at AS updatedAt
       FROM team_task_images t LEFT JOIN images i ON i.path = t.path ORDER BY t.path`,
    )
    .all() as { path: string; sourceId: number; sha256: string; imageId: number | null; status: string | null; updatedAt: number | null }[];
}

/** Latest change to any annotation of an image (live or deleted), or null. */
export function lastAnnotationChange(db: Db, imageId: number): number | null {
  const r = db.prepare('SELECT MAX(updated_at) AS t FROM annotations WHERE image_id = ?').get(imageId) as { t: number | null };
  return r.t;
}

/** Times of the commands in the history that are in effect (not undone), oldest first. */
export function commandTimes(db: Db): { kind: string; at: number }[] {
  return db.prepare(`SELECT kind, created_at AS at FROM history WHERE state = 'done' ORDER BY id`).all() as { kind: string; at: number }[];
}

/** An image's indexed hash and upright size, or undefined when there is no such row. */
export function imageHashSize(db: Db, imageId: number): { sha256: string | null; width: number | null; height: number | null } | undefined {
  return db.prepare('SELECT sha256, width, height FROM images WHERE id = ?').get(imageId) as { sha256: string | null; width: number | null; height: number | null } | undefined;
}

/** What an export needs of every live answer before it reads regions: who answered which image, and their classes (no geometry). */
export interface AnswerHead {
  imageId: number;
  annotator: string;
  classId: number;
  className: string;
  kind: AnswerRow['kind'];
}

/** Live answers of one annotator, or of everyone (`annotator` null), without geometry, redaction classes left out; by image, annotator, class order. */
export function answerHeads(db: Db, annotator: string | null): AnswerHead[] {
  return db
    .prepare(
      `SELECT a.image_id AS imageId, a.annotator, a.class_id AS classId, k.name AS className, a.kind FROM team_answers a JOIN classes k ON k.id = a.class_id
       WHERE a.deleted = 0 AND k.redact = 0 ${annotator === null ? '' : 'AND a.annotator = ?'} ORDER BY a.image_id, a.annotator, k.ord, k.id`,
    )
    .all(...(annotator === null ? [] : [annotator])) as AnswerHead[];
}

/**
 * Live region answers (no tags, no redaction classes) of a window of images, by image, annotator
 * and id; `annotator`: only theirs. Streaming exports read them a window at a time through the
 * answers' image index.
 */
export function answerRegionsOfImageWindow(db: Db, imageIds: readonly number[], annotator: string | null): AnswerRow[] {
  return (
    db
      .prepare(
        `SELECT ${ANSWER_COLUMNS} FROM team_answers a JOIN classes k ON k.id = a.class_id
         WHERE a.image_id IN (SELECT value FROM json_each(?)) AND a.deleted = 0 AND a.kind <> 'tag' AND k.redact = 0 ${annotator === null ? '' : 'AND a.annotator = ?'}
         ORDER BY a.image_id, a.annotator, a.id`,
      )
      .all(JSON.stringify(imageIds), ...(annotator === null ? [] : [annotator])) as AnswerRow[]
  ).map(toAnswer);
}

/** True when any annotator's answer was merged (exports then say who each label came from). */
export function hasTeamAnswers(db: Db): boolean {
  return db.prepare('SELECT 1 FROM team_answers WHERE deleted = 0 LIMIT 1').get() !== undefined;
}

/** For images resolved from annotators' answers: whose answer was taken (the author of its tags or regions). */
export function resolvedAuthors(db: Db): Map<number, string> {
  const rows = db
    .prepare(
      `SELECT s.image_id AS imageId, MIN(a.author) AS author FROM team_image_state s JOIN annotations a ON a.image_id = s.image_id AND a.deleted = 0
       WHERE s.state <> 'review' AND a.author IS NOT NULL GROUP BY s.image_id`,
    )
    .all() as { imageId: number; author: string }[];
  return new Map(rows.map((r) => [r.imageId, r.author]));
}

/** `resolvedAuthors` for a page of images only (a streamed export). */
export function resolvedAuthorsOf(db: Db, imageIds: readonly number[]): Map<number, string> {
  const rows = db
    .prepare(
      `SELECT s.image_id AS imageId, MIN(a.author) AS author FROM team_image_state s JOIN annotations a ON a.image_id = s.image_id AND a.deleted = 0
       WHERE s.image_id IN (SELECT value FROM json_each(?)) AND s.state <> 'review' AND a.author IS NOT NULL GROUP BY s.image_id`,
    )
    .all(JSON.stringify(imageIds)) as { imageId: number; author: string }[];
  return new Map(rows.map((r) => [r.imageId, r.author]));
}

// ---------------------------------------------------------------------------------------------
// Review

export function insertReview(db: Db, r: { imageId: number; annotator: string; decision: 'accepted' | 'rejected'; comment: string | null; reviewer: string | null }, now: number): number {
  return Number(
    db
      .prepare('INSERT INTO team_reviews (image_id, annotator, decision, comment, reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(r.imageId, r.annotator, r.decision, r.comment, r.reviewer, now).lastInsertRowid,
  );
}

/**
 * Images whose answer was accepted in review and still stands (state `reviewed`): whose answer
 * it was, by the latest accepted decision in force (a reviewer who changes their mind accepts again).
 */
export function acceptedInReview(db: Db): Map<number, string> {
  const rows = db
    .prepare(
      `SELECT r.image_id AS imageId, r.annotator FROM team_reviews r JOIN team_image_state s ON s.image_id = r.image_id AND s.state = 'reviewed'
       WHERE r.id = (SELECT MAX(id) FROM team_reviews x WHERE x.image_id = r.image_id AND x.decision = 'accepted' AND x.undone = 0)
       ORDER BY r.image_id`,
    )
    .all() as { imageId: number; annotator: string }[];
  return new Map(rows.map((r) => [r.imageId, r.annotator]));
}

/** Answers rejected in review by a decision in force: which annotator, on which image. */
export function rejectedInReview(db: Db): { imageId: number; annotator: string }[] {
  return db
    .prepare(`SELECT DISTINCT image_id AS imageId, annotator FROM team_reviews WHERE decision = 'rejected' AND undone = 0 ORDER BY image_id, annotator`)
    .all() as { imageId: number; annotator: string }[];
}

export function setReviewsUndone(db: Db, ids: readonly number[], undone: boolean): void {
  const set = db.prepare('UPDATE team_reviews SET undone = ? WHERE id = ?');
  for (const id of ids) set.run(undone ? 1 : 0, id);
}

/** Rejected images of an annotator not yet handed out again, with the reviewer's comment (the latest per image). */
export function pendingRejections(db: Db, annotator: string): { reviewId: number; imageId: number; comment: string | null }[] {
  return db
    .prepare(
      `SELECT MAX(id) AS reviewId, image_id AS imageId, comment FROM team_reviews
       WHERE annotator = ? AND decision = 'rejected' AND packed = 0 AND undone = 0 GROUP BY image_id ORDER BY image_id`,
    )
    .all(annotator) as { reviewId: number; imageId: number; comment: string | null }[];
}

export function markReviewsPacked(db: Db, annotator: string, imageIds: readonly number[]): void {
  const set = db.prepare(`UPDATE team_reviews SET packed = 1 WHERE annotator = ? AND image_id = ? AND decision = 'rejected' AND undone = 0`);
  for (const id of imageIds) set.run(annotator, id);
}

/** Images with a team state, with their path, for the review queue. */
export function teamImages(db: Db): { imageId: number; path: string; state: TeamState }[] {
  return db.prepare('SELECT s.image_id AS imageId, i.path, s.state FROM team_image_state s JOIN images i ON i.id = s.image_id ORDER BY i.path').all() as {
    imageId: number;
    path: string;
    state: TeamState;
  }[];
}

/** Paths of images by id. */
export function imagePathOf(db: Db, imageId: number): string | undefined {
  return (db.prepare('SELECT path FROM images WHERE id = ?').get(imageId) as { path: string } | undefined)?.path;
}

/** Who wrote an image's live tags (the first by name), or null. */
export function tagAuthor(db: Db, imageId: number): string | null {
  return (db.prepare(`SELECT MIN(author) AS a FROM annotations WHERE image_id = ? AND kind = 'tag' AND deleted = 0`).get(imageId) as { a: string | null }).a;
}
