import { seededRandom } from '../dataset/splits.js';

/**
 * Who gets which image. `overlap` (0–1) of the images go to `raters` annotators each (at least
 * two, at most all), so agreement can be measured; the rest go to one annotator each. Both kinds
 * are dealt round-robin after a seeded shuffle, so every annotator gets about the same number and
 * the same seed deals the same way. Gold images go to everyone.
 */
export function distribute(
  imageIds: readonly number[],
  annotators: readonly string[],
  opts: { overlap: number; raters: number; seed: number; gold?: readonly number[] },
): Map<string, number[]> {
  const out = new Map<string, number[]>(annotators.map((a) => [a, []]));
  const rand = seededRandom(opts.seed);
  const ids = [...imageIds];
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  const k = annotators.length;
  const shared = k >= 2 ? Math.round(ids.length * Math.min(1, Math.max(0, opts.overlap))) : 0;
  const raters = Math.min(k, Math.max(2, opts.raters));
  let turn = 0;
  ids.forEach((id, i) => {
    const n = i < shared ? raters : 1;
    for (let r = 0; r < n; r++) out.get(annotators[(turn + r) % k]!)!.push(id);
    turn = (turn + 1) % k;
  });
  for (const a of annotators) {
    const list = out.get(a)!;
    list.push(...(opts.gold ?? []));
    list.sort((p, q) => p - q);
  }
  return out;
}
