export type SplitName = 'train' | 'val' | 'test';

/** mulberry32: a small seeded PRNG, so a split is the same for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Assign splits stratified by `stratum` (the image's class, or '' when unlabeled): within each
 * stratum the images are shuffled with the seed and cut by the ratios, with largest-remainder
 * rounding so the counts add up. `existing` splits are kept and counted toward the targets.
 */
export function assignSplits(
  images: readonly { id: number; stratum: string; split: SplitName | null }[],
  ratios: readonly [number, number, number],
  seed: number,
): Map<number, SplitName> {
  const sum = ratios[0] + ratios[1] + ratios[2];
  const r = sum > 0 ? ratios.map((x) => x / sum) : [1, 0, 0];
  const names: SplitName[] = ['train', 'val', 'test'];
  const strata = new Map<string, { id: number; split: SplitName | null }[]>();
  for (const im of [...images].sort((a, b) => a.id - b.id)) {
    const list = strata.get(im.stratum) ?? [];
    list.push(im);
    strata.set(im.stratum, list);
  }
  const out = new Map<number, SplitName>();
  const rand = seededRandom(seed);
  for (const key of [...strata.keys()].sort()) {
    const list = strata.get(key)!;
    const n = list.length;
    const exact = r.map((x) => x * n);
    const target = exact.map(Math.floor);
    const order = [0, 1, 2].sort((a, b) => exact[b]! - target[b]! - (exact[a]! - target[a]!) || a - b);
    for (let k = 0, left = n - target.reduce((a, b) => a + b, 0); left > 0; k++, left--) target[order[k % 3]!]!++;
    const have = [0, 0, 0];
    for (const im of list) if (im.split) have[names.indexOf(im.split)]!++;
    const fresh = shuffle(list.filter((im) => !im.split), rand);
    for (const im of list) if (im.split) out.set(im.id, im.split);
    for (const im of fresh) {
      // Fill the split furthest below its target; ties go to train, then val.
      let best = 0;
      let bestGap = -Infinity;
      for (let s = 0; s < 3; s++) {
        const gap = target[s]! - have[s]!;
        if (gap > bestGap) {
          bestGap = gap;
          best = s;
        }
      }
      have[best]!++;
      out.set(im.id, names[best]!);
    }
  }
  return out;
}
