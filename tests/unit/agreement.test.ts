import { describe, expect, it } from 'vitest';
import type { RegionShape } from '../../src-main/api/annotations.js';
import { encodeMask } from '../../src-main/api/maskCodec.js';
import {
  activeMs,
  type Answer,
  answersAgree,
  cohenKappa,
  cohenKappaOf,
  fleissKappa,
  fleissOf,
  goldAccuracy,
  matchRegions,
  pairAgreements,
  perHour,
  reviewedAccuracy,
} from '../../src-main/teams/agreement.js';
import { hungarian } from '../../src-main/teams/hungarian.js';
import { diceOf, iouOf, overlap } from '../../src-main/teams/regionOverlap.js';

describe("Cohen's kappa", () => {
  it('gives 0.4 on the textbook 2×2 table (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no)', () => {
    // pₒ = 35/50 = 0.7; pₑ = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2 / 0.5 = 0.4.
    expect(cohenKappa([[20, 5], [10, 15]])).toBeCloseTo(0.4, 10);
  });

  it('is 1 for identical answers, negative for systematic disagreement, and null when chance explains everything', () => {
    expect(cohenKappaOf(['cat', 'dog', 'cat'], ['cat', 'dog', 'cat'])).toBe(1);
    expect(cohenKappaOf(['cat', 'dog'], ['dog', 'cat'])).toBe(-1);
    expect(cohenKappaOf(['cat', 'cat'], ['cat', 'cat'])).toBeNull();
  });
});

describe("Fleiss' kappa", () => {
  it("gives 0.210 on Fleiss (1971)'s table of 10 subjects, 14 raters and 5 categories", () => {
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(table)).toBeCloseTo(0.20993, 4);
  });

  it('is 1 when every rater agrees and the subjects differ', () => {
    expect(fleissKappa([[3, 0], [0, 3], [3, 0]])).toBe(1);
  });
});

const box = (x: number, y: number, w: number, h: number): RegionShape => ({ kind: 'box', x, y, w, h });

describe('region overlap', () => {
  it('IoU and Dice of two 10×10 boxes shifted by 5 px: 50/150 and 100/200', () => {
    const o = overlap(box(0, 0, 10, 10), box(5, 0, 10, 10));
    expect(iouOf(o)).toBeCloseTo(1 / 3, 10);
    expect(diceOf(o)).toBeCloseTo(0.5, 10);
  });

  it('a polygon square equals the box it traces, and a mask of the left half overlaps half', () => {
    const square: RegionShape = { kind: 'polygon', points: [[0, 0], [10, 0], [10, 10], [0, 10]] };
    expect(iouOf(overlap(square, box(0, 0, 10, 10)))).toBe(1);
    const bits = new Uint8Array(100);
    for (let y = 0; y < 10; y++) for (let x = 0; x < 5; x++) bits[y * 10 + x] = 1;
    const mask: RegionShape = { kind: 'mask', x: 0, y: 0, w: 10, h: 10, counts: encodeMask(bits) };
    expect(iouOf(overlap(mask, square))).toBeCloseTo(0.5, 10);
  });

  it('Hungarian matching finds the best overall pairing where greedy would not', () => {
    // Greedy takes (0,0)=0.1 first and is then forced into (1,1)=10; optimal is (0,1)+(1,0) = 2+2.
    expect(hungarian([[0.1, 2], [2, 10]])).toEqual([[0, 1], [1, 0]]);
    expect(hungarian([[1, 0, 5]])).toEqual([[0, 1]]);
  });

  it('matches regions by IoU regardless of their order and counts a missed region as 0', () => {
    const a = [box(0, 0, 10, 10), box(100, 100, 10, 10)];
    const b = [box(100, 100, 10, 10), box(0, 0, 10, 10), box(50, 50, 4, 4)];
    const m = matchRegions(a, b);
    expect(m.map((x) => x.iou).sort()).toEqual([0, 1, 1]);
  });
});

describe('agreement report parts', () => {
  const ans = (annotator: string, imageId: number, tags: string[], regions: Answer['regions'] = []): Answer => ({ annotator, imageId, tags, regions });

  it("Cohen's κ per pair on shared images only, and region IoU per class", () => {
    const answers = [
      ans('ana', 1, ['cat']),
      ans('ben', 1, ['cat']),
      ans('ana', 2, ['dog'], [{ className: 'lesion', shape: box(0, 0, 10, 10) }]),
      ans('ben', 2, ['cat'], [{ className: 'lesion', shape: box(5, 0, 10, 10) }]),
      ans('ana', 3, ['dog']),
    ];
    const [p] = pairAgreements(answers);
    expect(p).toMatchObject({ a: 'ana', b: 'ben', images: 2 });
    // Table rows ana, cols ben over {cat, dog}: [[1,0],[1,0]]: pₒ = 0.5, pₑ = 0.5·1 + 0.5·0 = 0.5 → κ = 0.
    expect(p!.kappa).toBeCloseTo(0, 10);
    expect(p!.perClass).toEqual([{ className: 'lesion', slots: 1, meanIou: 1 / 3, meanDice: 0.5 }]);
    expect(fleissOf(answers).images).toBe(2);
  });

  it('gold accuracy counts an answer right only when its classes equal the owner’s', () => {
    const gold = new Map([[1, ['cat']], [2, ['dog']]]);
    const acc = goldAccuracy([ans('ana', 1, ['cat']), ans('ana', 2, ['cat']), ans('ben', 1, ['cat']), ans('ana', 3, ['cat'])], gold);
    expect(acc).toEqual([
      { annotator: 'ana', images: 2, correct: 1, accuracy: 0.5 },
      { annotator: 'ben', images: 1, correct: 1, accuracy: 1 },
    ]);
  });

  it('answers agree by the merge rule: same classes, regions one to one at IoU ≥ 0.5, points by count', () => {
    const lesion = (x: number) => ({ className: 'lesion', shape: box(x, 0, 10, 10) });
    const point = { className: 'lesion', shape: { kind: 'point' as const, x: 3, y: 3 } };
    // Boxes 2 px apart: IoU 80/120; 6 px apart: IoU 40/160.
    expect(answersAgree(ans('ana', 1, ['cat'], [lesion(0)]), ans('ben', 1, ['cat'], [lesion(2)]))).toBe(true);
    expect(answersAgree(ans('ana', 1, ['cat'], [lesion(0)]), ans('ben', 1, ['cat'], [lesion(6)]))).toBe(false);
    expect(answersAgree(ans('ana', 1, ['cat', 'dog']), ans('ben', 1, ['dog', 'cat']))).toBe(true);
    expect(answersAgree(ans('ana', 1, ['cat']), ans('ben', 1, ['cat'], [lesion(0)]))).toBe(false);
    expect(answersAgree(ans('ana', 1, [], [point]), ans('ben', 1, [], [{ ...point, shape: { kind: 'point', x: 30, y: 20 } }]))).toBe(true);
    expect(answersAgree(ans('ana', 1, [], [point]), ans('ben', 1, [], [point, point]))).toBe(false);
  });

  it('reviewed accuracy: the accepted answer is the truth, a rejected answer is wrong unless answered again', () => {
    const answers = [
      ans('ana', 1, ['cat']),
      ans('ben', 1, ['dog']),
      ans('ana', 2, ['dog']),
      // ben's answer on 2 was rejected; cy's on 3 was rejected and cy answered it again.
      ans('cy', 3, ['cat']),
      ans('ana', 4, ['cat']),
    ];
    const accepted = new Map([[1, 'ben'], [2, 'ana']]);
    const rejected = [{ imageId: 2, annotator: 'ben' }, { imageId: 3, annotator: 'cy' }];
    expect(reviewedAccuracy(answers, accepted, rejected)).toEqual([
      { annotator: 'ana', images: 2, correct: 1, accuracy: 0.5 },
      { annotator: 'ben', images: 2, correct: 1, accuracy: 0.5 },
    ]);
    expect(reviewedAccuracy(answers, new Map(), [])).toEqual([]);
  });

  it('throughput leaves out breaks longer than five minutes', () => {
    const t0 = 1_000_000;
    // Four commands a minute apart, a two-hour lunch, two more a minute apart: 3 + 5 (capped) + 1 = 9 minutes.
    const times = [0, 1, 2, 3, 123, 124].map((m) => t0 + m * 60_000);
    expect(activeMs(times)).toBe(9 * 60_000);
    expect(perHour(6, activeMs(times))).toBeCloseTo(40, 10);
    expect(perHour(3, 0)).toBeNull();
  });
});
