import { describe, expect, it } from 'vitest';
import { type SplitName, assignSplits } from '../../src-main/dataset/splits.js';

type Img = { id: number; stratum: string; split: SplitName | null };

/** `counts` images per class, ids in order, none with a split yet. */
function images(counts: Record<string, number>, firstId = 1): Img[] {
  const out: Img[] = [];
  let id = firstId;
  for (const [stratum, n] of Object.entries(counts)) for (let i = 0; i < n; i++) out.push({ id: id++, stratum, split: null });
  return out;
}

function tally(imgs: readonly Img[], plan: Map<number, SplitName>) {
  const per = new Map<string, Record<SplitName, number>>();
  for (const im of imgs) {
    const c = per.get(im.stratum) ?? { train: 0, val: 0, test: 0 };
    c[plan.get(im.id)!]++;
    per.set(im.stratum, c);
  }
  return per;
}

const RATIOS = [0.8, 0.1, 0.1] as const;

describe('assignSplits', () => {
  const data = images({ cat: 37, dog: 23, bird: 11, '': 9 });

  it('gives every image a split, the same for the same seed', () => {
    const a = assignSplits(data, RATIOS, 7);
    const b = assignSplits([...data].reverse(), RATIOS, 7);
    expect(a.size).toBe(data.length);
    expect([...a.entries()].sort((x, y) => x[0] - y[0])).toEqual([...b.entries()].sort((x, y) => x[0] - y[0]));
  });

  it('gives a different assignment for another seed', () => {
    const a = assignSplits(data, RATIOS, 7);
    const b = assignSplits(data, RATIOS, 8);
    expect(data.some((im) => a.get(im.id) !== b.get(im.id))).toBe(true);
  });

  it('is stratified: each class is cut by the ratios, within one image', () => {
    for (const seed of [0, 1, 42, 2 ** 31]) {
      const plan = assignSplits(data, RATIOS, seed);
      for (const [stratum, c] of tally(data, plan)) {
        const n = c.train + c.val + c.test;
        expect(n).toBe(data.filter((d) => d.stratum === stratum).length);
        expect(Math.abs(c.train - RATIOS[0] * n)).toBeLessThanOrEqual(1);
        expect(Math.abs(c.val - RATIOS[1] * n)).toBeLessThanOrEqual(1);
        expect(Math.abs(c.test - RATIOS[2] * n)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('normalises ratios that do not add up to one', () => {
    const plan = assignSplits(images({ cat: 20 }), [8, 1, 1], 3);
    const c = tally(images({ cat: 20 }), plan).get('cat')!;
    expect(c).toEqual({ train: 16, val: 2, test: 2 });
  });

  it('keeps the splits images already have when new images arrive, and splits the new ones by class', () => {
    const first = assignSplits(data, RATIOS, 11);
    const arrived = images({ cat: 13, dog: 17, bird: 4 }, 1000);
    const all: Img[] = [...data.map((d) => ({ ...d, split: first.get(d.id)! })), ...arrived];
    const second = assignSplits(all, RATIOS, 11);
    for (const d of data) expect(second.get(d.id)).toBe(first.get(d.id));
    for (const d of arrived) expect(['train', 'val', 'test']).toContain(second.get(d.id));
    // The class as a whole is still cut by the ratios, old and new images together.
    for (const [, c] of tally(all, second)) {
      const n = c.train + c.val + c.test;
      expect(Math.abs(c.train - RATIOS[0] * n)).toBeLessThanOrEqual(1);
      expect(Math.abs(c.val - RATIOS[1] * n)).toBeLessThanOrEqual(1);
      expect(Math.abs(c.test - RATIOS[2] * n)).toBeLessThanOrEqual(1);
    }
  });

  it('keeps a split set by hand even when it goes against the ratios', () => {
    const few = images({ cat: 10 });
    const byHand = few.map((d, i) => ({ ...d, split: i < 3 ? ('test' as const) : null }));
    const plan = assignSplits(byHand, RATIOS, 5);
    for (let i = 0; i < 3; i++) expect(plan.get(few[i]!.id)).toBe('test');
    expect(tally(few, plan).get('cat')).toEqual({ train: 7, val: 0, test: 3 });
  });
});
