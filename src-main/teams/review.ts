import { LightboxError } from '../api/errors.js';
import type { ReviewAnswers } from '../api/packages.js';
import { printable } from '../api/printable.js';
import { seededRandom } from '../dataset/splits.js';
import { recordCommand } from '../store/historyRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import { storedToShape, touchImages } from '../store/regionsRepo.js';
import { allLiveAnswers, imagePathOf, insertReview, liveAnswerIds, liveAnswersOfImage, setAnswersDeleted, teamImages, type TeamState } from '../store/teamsRepo.js';
import { answerGroups, applyResolution, emptyPayload, resolveImage } from './mergeResults.js';

/**
 * The review queue: images whose annotators disagree, every image of an annotator flagged for
 * checking, and a seeded sample of N % of each annotator's answered images. A decision is one
 * command in the history (undone with one undo): accept one annotator's answer (the image takes
 * it), or reject it with a comment (that answer is set aside, the image is resolved again from
 * the others, and it goes into that annotator's next package with the comment).
 */

export const REVIEW_KIND = 'packages.review';

export interface QueueItem {
  imageId: number;
  path: string;
  state: TeamState | null;
  reason: 'disagreement' | 'flagged' | 'sample';
  answers: { annotator: string; tags: string[]; regions: number }[];
}

export function reviewQueue(db: Db, o: { annotator?: string; samplePercent?: number; seed?: number }): QueueItem[] {
  const byImage = new Map<number, Map<string, { tags: string[]; regions: number }>>();
  for (const a of allLiveAnswers(db)) {
    const m = byImage.get(a.imageId) ?? new Map<string, { tags: string[]; regions: number }>();
    const e = m.get(a.annotator) ?? { tags: [], regions: 0 };
    if (a.kind === 'tag') e.tags.push(a.className);
    else e.regions++;
    m.set(a.annotator, e);
    byImage.set(a.imageId, m);
  }
  const state = new Map(teamImages(db).map((t) => [t.imageId, t]));
  const reasons = new Map<number, QueueItem['reason']>();
  for (const t of state.values()) if (t.state === 'review') reasons.set(t.imageId, 'disagreement');
  if (o.annotator) for (const [id, m] of byImage) if (m.has(o.annotator) && !reasons.has(id)) reasons.set(id, 'flagged');
  if (o.samplePercent && o.samplePercent > 0) {
    const annotators = new Set([...byImage.values()].flatMap((m) => [...m.keys()]));
    for (const name of [...annotators].sort()) {
      const theirs = [...byImage.entries()].filter(([, m]) => m.has(name)).map(([id]) => id).sort((a, b) => a - b);
      const rand = seededRandom((o.seed ?? 1) + name.length);
      for (let i = theirs.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [theirs[i], theirs[j]] = [theirs[j]!, theirs[i]!];
      }
      for (const id of theirs.slice(0, Math.ceil((theirs.length * o.samplePercent) / 100))) if (!reasons.has(id)) reasons.set(id, 'sample');
    }
  }
  return [...reasons.entries()]
    .map(([imageId, reason]) => ({
      imageId,
      path: state.get(imageId)?.path ?? imagePathOf(db, imageId) ?? '',
      state: state.get(imageId)?.state ?? null,
      reason,
      answers: [...(byImage.get(imageId) ?? new Map<string, { tags: string[]; regions: number }>()).entries()].map(([annotator, e]) => ({ annotator, ...e })),
    }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Each annotator's tags and regions for one image, in the order the store keeps them (by annotator). */
export function answersOfImage(db: Db, imageId: number): ReviewAnswers {
  const byAnnotator = new Map<string, ReviewAnswers['answers'][number]>();
  for (const r of liveAnswersOfImage(db, imageId)) {
    const a = byAnnotator.get(r.annotator) ?? { annotator: r.annotator, tags: [], regions: [] };
    if (r.kind === 'tag') a.tags.push(r.className);
    else a.regions.push({ className: r.className, shape: storedToShape(r.kind, r.geometry, r.mask) });
    byAnnotator.set(r.annotator, a);
  }
  return { imageId, answers: [...byAnnotator.values()] };
}

export interface ReviewDecision {
  imageId: number;
  annotator: string;
  decision: 'accepted' | 'rejected';
  /** How the image stands afterwards. */
  state: TeamState | null;
}

export function decide(
  db: Db,
  d: { imageId: number; annotator: string; decision: 'accepted' | 'rejected'; comment?: string | null },
  reviewer: string | null,
): ReviewDecision {
  return writeTx(db, () => {
    const groups = answerGroups(db, d.imageId);
    const chosen = groups.find((g) => g.annotator === d.annotator);
    if (!chosen) throw new LightboxError('NOT_FOUND', `${printable(d.annotator, 100)} has no answer for image ${d.imageId}: see \`lightbox review DATASET\` for whose answers there are.`);
    const now = Date.now();
    const p = emptyPayload();
    let state: TeamState | null;
    if (d.decision === 'accepted') {
      applyResolution(db, d.imageId, 'reviewed', chosen, now, p);
      state = 'reviewed';
    } else {
      const ids = liveAnswerIds(db, d.imageId, d.annotator);
      setAnswersDeleted(db, ids, true);
      p.answersReplaced.push(...ids);
      state = resolveImage(db, d.imageId, now, p);
    }
    p.reviews!.push(insertReview(db, { imageId: d.imageId, annotator: d.annotator, decision: d.decision, comment: d.comment ?? null, reviewer }, now));
    touchImages(db, [d.imageId], now);
    recordCommand(db, REVIEW_KIND, p, reviewer);
    return { imageId: d.imageId, annotator: d.annotator, decision: d.decision, state };
  });
}
