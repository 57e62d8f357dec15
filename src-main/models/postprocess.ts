/**
 * From a model's raw output to what Lightbox stores: class scores (softmax when the model gives
 * logits), and Ultralytics detections ([1, 4+nc, N]: centre x, centre y, width, height in input
 * pixels, then one score per class) through a score threshold and class-wise non-maximum suppression.
 */
import type { Box } from './preprocess.js';

/** Probabilities as they are when they already are (each in 0–1, summing to 1), else softmax of the logits. */
export function classProbabilities(values: ArrayLike<number>): number[] {
  const v = Array.from(values);
  const sum = v.reduce((a, b) => a + b, 0);
  if (v.every((x) => x >= 0 && x <= 1) && Math.abs(sum - 1) < 1e-3) return v;
  const max = Math.max(...v);
  const e = v.map((x) => Math.exp(x - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / total);
}

export interface ClassScore {
  index: number;
  score: number;
}

/** The `k` best classes, best first. */
export function topClasses(probs: readonly number[], k: number): ClassScore[] {
  return probs
    .map((score, index) => ({ index, score }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, k);
}

export interface Detection extends Box {
  index: number;
  score: number;
}

export function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/** Keep the best box of each cluster of one class overlapping above `iouThreshold`; best first, at most `maxDet`. */
export function nms(dets: readonly Detection[], iouThreshold: number, maxDet: number): Detection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const d of sorted) {
    if (kept.length >= maxDet) break;
    if (kept.some((k) => k.index === d.index && iou(k, d) > iouThreshold)) continue;
    kept.push(d);
  }
  return kept;
}

export interface DetectOptions {
  minScore: number;
  iou?: number;
  maxDet?: number;
}

/**
 * Ultralytics detect output to boxes in model-input pixels: each candidate's best class above
 * `minScore`, then NMS per class. `dims` is [1, 4+nc, N], or [1, N, 4+nc] from exports that transpose it.
 */
export function decodeDetections(data: ArrayLike<number>, dims: readonly number[], nc: number, opts: DetectOptions): Detection[] {
  if (dims.length !== 3) throw new Error(`a detector's output is [1, ${4 + nc}, boxes], not [${dims.join(', ')}]`);
  const transposed = dims[1] !== 4 + nc && dims[2] === 4 + nc;
  if (!transposed && dims[1] !== 4 + nc) throw new Error(`a detector's output is [1, ${4 + nc}, boxes], not [${dims.join(', ')}]`);
  const n = transposed ? dims[1]! : dims[2]!;
  const at = transposed ? (row: number, i: number) => data[i * (4 + nc) + row]! : (row: number, i: number) => data[row * n + i]!;
  const candidates: Detection[] = [];
  for (let i = 0; i < n; i++) {
    let best = -1;
    let score = opts.minScore;
    for (let c = 0; c < nc; c++) {
      const s = at(4 + c, i);
      if (s >= score) {
        score = s;
        best = c;
      }
    }
    if (best < 0) continue;
    const cx = at(0, i);
    const cy = at(1, i);
    const w = at(2, i);
    const h = at(3, i);
    if (!(w > 0 && h > 0)) continue;
    candidates.push({ x: cx - w / 2, y: cy - h / 2, w, h, index: best, score: Math.min(1, score) });
  }
  return nms(candidates, opts.iou ?? 0.45, opts.maxDet ?? 300);
}
