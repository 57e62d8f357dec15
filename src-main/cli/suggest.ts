/** Levenshtein distance (insert, delete, substitute; an adjacent swap counts as one). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known name closest to what was typed, when it is close enough to be a typo: at most 2 edits,
 * and fewer than half the typed length (so "x" does not suggest "serve"). Null when none is.
 */
export function closest(typed: string, names: readonly string[]): string | null {
  const t = typed.toLowerCase().slice(0, 100);
  let best: string | null = null;
  let bestD = Infinity;
  for (const n of names) {
    const dist = editDistance(t, n);
    if (dist < bestD) [best, bestD] = [n, dist];
  }
  return best !== null && bestD <= 2 && bestD * 2 < Math.max(t.length, 2) ? best : null;
}
