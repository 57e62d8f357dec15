/**
 * The assignment problem (Kuhn–Munkres, the O(n³) shortest-augmenting-path form): the one-to-one
 * matching of rows to columns with the smallest total cost. A rectangular matrix is padded with
 * zero-cost dummies, so every row of the smaller side is matched. Used to pair two annotators'
 * regions by IoU (cost 1 − IoU), where a greedy pairing can miss the best overall match.
 */
export function hungarian(cost: readonly (readonly number[])[]): [number, number][] {
  const rows = cost.length;
  const cols = rows === 0 ? 0 : cost[0]!.length;
  if (rows === 0 || cols === 0) return [];
  const n = Math.max(rows, cols);
  const c = (i: number, j: number) => (i < rows && j < cols ? cost[i]![j]! : 0);
  // 1-based potentials and matching, as in the classic formulation.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1); // p[j]: row matched to column j
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = c(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const out: [number, number][] = [];
  for (let j = 1; j <= n; j++) {
    const i = p[j]! - 1;
    if (i >= 0 && i < rows && j - 1 < cols) out.push([i, j - 1]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}
