/**
 * A model against human labels: accuracy, per-class precision and recall and the confusion matrix
 * for a classifier; precision and recall at IoU 0.5 for a detector. Pure; the store supplies pairs.
 */
import { iou } from './postprocess.js';
import type { Box } from './preprocess.js';

export interface ClassScores {
  classId: number;
  precision: number | null;
  recall: number | null;
  /** Human labels of the class. */
  support: number;
}

export interface ClassifyEvaluation {
  images: number;
  accuracy: number | null;
  perClass: ClassScores[];
  /** Class ids in matrix order; `matrix[h][p]`: images labeled `classIds[h]` that the model called `classIds[p]`. */
  classIds: number[];
  matrix: number[][];
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export function evaluateClassifier(pairs: readonly { human: number; predicted: number }[], classOrder: readonly number[]): ClassifyEvaluation {
  const seen = new Set(pairs.flatMap((p) => [p.human, p.predicted]));
  const classIds = classOrder.filter((c) => seen.has(c));
  for (const c of seen) if (!classIds.includes(c)) classIds.push(c);
  const at = new Map(classIds.map((c, i) => [c, i]));
  const matrix = classIds.map(() => classIds.map(() => 0));
  let correct = 0;
  for (const p of pairs) {
    matrix[at.get(p.human)!]![at.get(p.predicted)!]!++;
    if (p.human === p.predicted) correct++;
  }
  const perClass = classIds.map((classId, i) => {
    const tp = matrix[i]![i]!;
    const support = matrix[i]!.reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((a, row) => a + row[i]!, 0);
    return { classId, precision: ratio(tp, predicted), recall: ratio(tp, support), support };
  });
  return { images: pairs.length, accuracy: ratio(correct, pairs.length), perClass, classIds, matrix };
}

export interface DetectEvaluation {
  images: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number | null;
  recall: number | null;
  perClass: ClassScores[];
}

type Labeled = Box & { imageId: number; classId: number };

/**
 * Each predicted box, best score first, matches the unmatched human box of its class on its image
 * with the highest IoU, if that is at least `threshold`; unmatched predictions are false positives,
 * unmatched human boxes false negatives.
 */
export function evaluateDetector(predicted: readonly (Labeled & { score: number })[], human: readonly Labeled[], threshold = 0.5): DetectEvaluation {
  const key = (b: Labeled) => `${b.imageId}:${b.classId}`;
  const pool = new Map<string, { box: Labeled; used: boolean }[]>();
  for (const h of human) pool.set(key(h), [...(pool.get(key(h)) ?? []), { box: h, used: false }]);
  const tp = new Map<number, number>();
  const fp = new Map<number, number>();
  const inc = (m: Map<number, number>, c: number) => m.set(c, (m.get(c) ?? 0) + 1);
  for (const p of [...predicted].sort((a, b) => b.score - a.score)) {
    let best: { box: Labeled; used: boolean } | null = null;
    let bestIou = threshold;
    for (const h of pool.get(key(p)) ?? []) {
      if (h.used) continue;
      const v = iou(p, h.box);
      if (v >= bestIou) {
        bestIou = v;
        best = h;
      }
    }
    if (best) {
      best.used = true;
      inc(tp, p.classId);
    } else inc(fp, p.classId);
  }
  const support = new Map<number, number>();
  for (const h of human) inc(support, h.classId);
  const classes = [...new Set([...support.keys(), ...fp.keys(), ...tp.keys()])].sort((a, b) => a - b);
  const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const t = sum(tp);
  const f = sum(fp);
  const n = human.length;
  return {
    images: new Set([...human, ...predicted].map((b) => b.imageId)).size,
    truePositives: t,
    falsePositives: f,
    falseNegatives: n - t,
    precision: ratio(t, t + f),
    recall: ratio(t, n),
    perClass: classes.map((c) => ({
      classId: c,
      precision: ratio(tp.get(c) ?? 0, (tp.get(c) ?? 0) + (fp.get(c) ?? 0)),
      recall: ratio(tp.get(c) ?? 0, support.get(c) ?? 0),
      support: support.get(c) ?? 0,
    })),
  };
}
