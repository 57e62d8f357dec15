import type { RegionShape } from '../api/annotations.js';
import { hungarian } from './hungarian.js';
import { diceOf, iouOf, overlap } from './regionOverlap.js';

/**
 * Agreement between annotators, as pure functions of their answers. Image classes: Cohen's κ per
 * pair and Fleiss' κ across everyone, each image's answer being its set of classes (so a
 * multi-label answer agrees only when the sets are equal). Regions: per pair and class, the two
 * annotators' regions are matched one to one by IoU with the optimal (Hungarian) assignment; a
 * region left without a partner counts as IoU 0 and Dice 0, so missing a lesion lowers the mean.
 */

/** κ = (pₒ − pₑ) / (1 − pₑ) from a square table (rows: rater A's category, columns: rater B's); null when pₑ = 1. */
export function cohenKappa(table: readonly (readonly number[])[]): number | null {
  const k = table.length;
  let n = 0;
  let agree = 0;
  const rowSum = new Array<number>(k).fill(0);
  const colSum = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const x = table[i]![j]!;
      n += x;
      rowSum[i]! += x;
      colSum[j]! += x;
      if (i === j) agree += x;
    }
  }
  if (n === 0) return null;
  const po = agree / n;
  let pe = 0;
  for (let i = 0; i < k; i++) pe += (rowSum[i]! / n) * (colSum[i]! / n);
  return 1 - pe === 0 ? null : (po - pe) / (1 - pe);
}

/** Cohen's κ of two raters' answers for the same items, in the same order. */
export function cohenKappaOf(a: readonly string[], b: readonly string[]): number | null {
  const cats = [...new Set([...a, ...b])].sort();
  const at = new Map(cats.map((c, i) => [c, i]));
  const table = cats.map(() => new Array<number>(cats.length).fill(0));
  for (let i = 0; i < a.length; i++) table[at.get(a[i]!)!]![at.get(b[i]!)!]!++;
  return cohenKappa(table);
}

/**
 * Fleiss' κ from `counts[i][j]`: how many raters put subject i in category j. Subjects may have
 * different numbers of raters (the Fleiss–Levin–Paik form: Pᵢ over each subject's own nᵢ, pⱼ over
 * all ratings), which is Fleiss (1971) exactly when every nᵢ is equal. Subjects with fewer than two
 * ratings say nothing about agreement and are left out. Null when there is nothing to compare or pₑ = 1.
 */
export function fleissKappa(counts: readonly (readonly number[])[]): number | null {
  const rows = counts.filter((r) => r.reduce((s, x) => s + x, 0) >= 2);
  if (rows.length === 0) return null;
  const k = rows[0]!.length;
  const catTotals = new Array<number>(k).fill(0);
  let ratings = 0;
  let pSum = 0;
  for (const r of rows) {
    const n = r.reduce((s, x) => s + x, 0);
    let sq = 0;
    for (let j = 0; j < k; j++) {
      sq += r[j]! * r[j]!;
      catTotals[j]! += r[j]!;
    }
    ratings += n;
    pSum += (sq - n) / (n * (n - 1));
  }
  const pBar = pSum / rows.length;
  const pe = catTotals.reduce((s, t) => s + (t / ratings) ** 2, 0);
  return 1 - pe === 0 ? null : (pBar - pe) / (1 - pe);
}

/** One annotator's answer for one image. */
export interface Answer {
  annotator: string;
  imageId: number;
  /** Class names of the image-level tags. */
  tags: readonly string[];
  regions: readonly { className: string; shape: RegionShape }[];
}

/** How an image's tags count as one category: the set of class names. */
export function tagCategory(tags: readonly string[]): string {
  return tags.length === 0 ? '(none)' : [...tags].sort().join(' + ');
}

/** Pairs two annotators' regions of one class: one IoU and Dice per slot (max of the two counts; unmatched slots are 0). */
export function matchRegions(a: readonly RegionShape[], b: readonly RegionShape[]): { iou: number; dice: number }[] {
  const slots = Math.max(a.length, b.length);
  if (slots === 0) return [];
  const o = a.map((ra) => b.map((rb) => overlap(ra, rb)));
  const pairs = a.length > 0 && b.length > 0 ? hungarian(o.map((row) => row.map((x) => 1 - iouOf(x)))) : [];
  const out: { iou: number; dice: number }[] = pairs.map(([i, j]) => ({ iou: iouOf(o[i]![j]!), dice: diceOf(o[i]![j]!) }));
  while (out.length < slots) out.push({ iou: 0, dice: 0 });
  return out;
}

export interface RegionAgreement {
  className: string;
  /** Regions compared (the larger count of the two annotators, summed over images). */
  slots: number;
  meanIou: number;
  meanDice: number;
}

export interface PairAgreement {
  a: string;
  b: string;
  /** Images both answered. */
  images: number;
  kappa: number | null;
  /** Over every class's slots; null when neither drew a region on a shared image. */
  meanIou: number | null;
  meanDice: number | null;
  perClass: RegionAgreement[];
}

/** Cohen's κ and region overlap for each pair of annotators who share images. */
export function pairAgreements(answers: readonly Answer[]): PairAgreement[] {
  const byAnnotator = new Map<string, Map<number, Answer>>();
  for (const ans of answers) {
    const m = byAnnotator.get(ans.annotator) ?? new Map<number, Answer>();
    m.set(ans.imageId, ans);
    byAnnotator.set(ans.annotator, m);
  }
  const names = [...byAnnotator.keys()].sort();
  const out: PairAgreement[] = [];
  for (let x = 0; x < names.length; x++) {
    for (let y = x + 1; y < names.length; y++) {
      const A = byAnnotator.get(names[x]!)!;
      const B = byAnnotator.get(names[y]!)!;
      const shared = [...A.keys()].filter((id) => B.has(id)).sort((p, q) => p - q);
      if (shared.length === 0) continue;
      const ca: string[] = [];
      const cb: string[] = [];
      const perClass = new Map<string, { slots: number; iou: number; dice: number }>();
      for (const id of shared) {
        const ra = A.get(id)!;
        const rb = B.get(id)!;
        ca.push(tagCategory(ra.tags));
        cb.push(tagCategory(rb.tags));
        const classes = new Set([...ra.regions, ...rb.regions].filter((r) => r.shape.kind !== 'point').map((r) => r.className));
        for (const c of classes) {
          const of = (ans: Answer) => ans.regions.filter((r) => r.className === c && r.shape.kind !== 'point').map((r) => r.shape);
          const acc = perClass.get(c) ?? { slots: 0, iou: 0, dice: 0 };
          for (const m of matchRegions(of(ra), of(rb))) {
            acc.slots++;
            acc.iou += m.iou;
            acc.dice += m.dice;
          }
          perClass.set(c, acc);
        }
      }
      const classes = [...perClass.entries()].sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0));
      const slots = classes.reduce((s, [, v]) => s + v.slots, 0);
      out.push({
        a: names[x]!,
        b: names[y]!,
        images: shared.length,
        kappa: cohenKappaOf(ca, cb),
        meanIou: slots > 0 ? classes.reduce((s, [, v]) => s + v.iou, 0) / slots : null,
        meanDice: slots > 0 ? classes.reduce((s, [, v]) => s + v.dice, 0) / slots : null,
        perClass: classes.map(([className, v]) => ({ className, slots: v.slots, meanIou: v.iou / v.slots, meanDice: v.dice / v.slots })),
      });
    }
  }
  return out;
}

/** Fleiss' κ over every image answered by two or more annotators; `images` is how many that is. */
export function fleissOf(answers: readonly Answer[]): { kappa: number | null; images: number } {
  const byImage = new Map<number, string[]>();
  for (const a of answers) {
    const list = byImage.get(a.imageId) ?? [];
    list.push(tagCategory(a.tags));
    byImage.set(a.imageId, list);
  }
  const shared = [...byImage.values()].filter((l) => l.length >= 2);
  const cats = [...new Set(shared.flat())].sort();
  const at = new Map(cats.map((c, i) => [c, i]));
  const counts = shared.map((l) => {
    const row = new Array<number>(cats.length).fill(0);
    for (const c of l) row[at.get(c)!]!++;
    return row;
  });
  return { kappa: fleissKappa(counts), images: shared.length };
}

/** Regions of two annotators agree when matched one to one at this IoU or more. */
export const AGREE_IOU = 0.5;

/**
 * Two answers agree: the same image classes, and per class the same regions (points by count,
 * areas matched one to one with IoU ≥ `minIou`). The rule a merge resolves by, and the one that
 * judges an answer against the answer accepted in review.
 */
export function answersAgree(a: Answer, b: Answer, minIou = AGREE_IOU): boolean {
  if (tagCategory(a.tags) !== tagCategory(b.tags)) return false;
  const classes = new Set([...a.regions, ...b.regions].map((r) => r.className));
  for (const c of classes) {
    const of = (ans: Answer, points: boolean) => ans.regions.filter((r) => r.className === c && (r.shape.kind === 'point') === points).map((r) => r.shape);
    if (of(a, true).length !== of(b, true).length) return false;
    const ra = of(a, false);
    const rb = of(b, false);
    if (ra.length !== rb.length) return false;
    if (matchRegions(ra, rb).some((m) => m.iou < minIou)) return false;
  }
  return true;
}

export interface Accuracy {
  annotator: string;
  /** Images of theirs that were judged. */
  images: number;
  correct: number;
  accuracy: number | null;
}

function tallied(tally: Map<string, { images: number; correct: number }>): Accuracy[] {
  return [...tally.entries()]
    .sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))
    .map(([annotator, t]) => ({ annotator, images: t.images, correct: t.correct, accuracy: t.images > 0 ? t.correct / t.images : null }));
}

function count(tally: Map<string, { images: number; correct: number }>, annotator: string, correct: boolean): void {
  const t = tally.get(annotator) ?? { images: 0, correct: 0 };
  t.images++;
  if (correct) t.correct++;
  tally.set(annotator, t);
}

/** Each annotator's accuracy on gold images: their tag set equal to the owner's. */
export function goldAccuracy(answers: readonly Answer[], gold: ReadonlyMap<number, readonly string[]>): Accuracy[] {
  const tally = new Map<string, { images: number; correct: number }>();
  for (const a of answers) {
    const truth = gold.get(a.imageId);
    if (truth) count(tally, a.annotator, tagCategory(a.tags) === tagCategory(truth));
  }
  return tallied(tally);
}

/**
 * Each annotator's accuracy against the answers of review. On an image whose answer was accepted
 * in review (`accepted`: image → whose answer), that answer is the truth: every annotator's live
 * answer there is right when it agrees with it (`answersAgree`, the merge's rule), so the accepted
 * annotator's own counts as right; an answer of theirs rejected there counts as wrong. On an image
 * with no accepted answer, an answer rejected in review (and not answered again) counts as wrong.
 * Each annotator is judged at most once per image.
 */
export function reviewedAccuracy(
  answers: readonly Answer[],
  accepted: ReadonlyMap<number, string>,
  rejected: readonly { imageId: number; annotator: string }[],
): Accuracy[] {
  const live = new Map(answers.map((a) => [`${a.imageId}\u0000${a.annotator}`, a]));
  const tally = new Map<string, { images: number; correct: number }>();
  for (const a of answers) {
    const by = accepted.get(a.imageId);
    const truth = by === undefined ? undefined : live.get(`${a.imageId}\u0000${by}`);
    if (truth) count(tally, a.annotator, answersAgree(a, truth));
  }
  for (const r of rejected) if (!live.has(`${r.imageId}\u0000${r.annotator}`)) count(tally, r.annotator, false);
  return tallied(tally);
}

/** A pause longer than this between two commands is a break, not labeling time. */
export const MAX_GAP_MS = 5 * 60_000;

/**
 * Time spent labeling, from the times of an annotator's commands: the sum of the gaps between
 * consecutive commands, each capped at `MAX_GAP_MS` (so a lunch break does not count).
 */
export function activeMs(times: readonly number[], maxGap = MAX_GAP_MS): number {
  const t = [...times].sort((a, b) => a - b);
  let sum = 0;
  for (let i = 1; i < t.length; i++) sum += Math.min(t[i]! - t[i - 1]!, maxGap);
  return sum;
}

/** Images per hour of active time; null when no time was measured. */
export function perHour(images: number, active: number): number | null {
  return active > 0 ? images / (active / 3_600_000) : null;
}
