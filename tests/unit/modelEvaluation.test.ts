import { describe, expect, it } from 'vitest';
import { evaluateClassifier, evaluateDetector } from '../../src-main/models/evaluate.js';

describe('a classifier against human labels', () => {
  it('accuracy, per-class precision/recall and the confusion matrix (rows human, columns model)', () => {
    // classes 1 cat, 2 dog, 3 fox: 3 cats (one called dog), 2 dogs (both right), 1 fox called cat.
    const pairs = [
      { human: 1, predicted: 1 },
      { human: 1, predicted: 1 },
      { human: 1, predicted: 2 },
      { human: 2, predicted: 2 },
      { human: 2, predicted: 2 },
      { human: 3, predicted: 1 },
    ];
    const e = evaluateClassifier(pairs, [1, 2, 3]);
    expect(e.images).toBe(6);
    expect(e.accuracy).toBeCloseTo(4 / 6, 10);
    expect(e.classIds).toEqual([1, 2, 3]);
    expect(e.matrix).toEqual([
      [2, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
    expect(e.perClass).toEqual([
      { classId: 1, precision: 2 / 3, recall: 2 / 3, support: 3 },
      { classId: 2, precision: 2 / 3, recall: 1, support: 2 },
      { classId: 3, precision: null, recall: 0, support: 1 },
    ]);
    expect(evaluateClassifier([], [1, 2])).toMatchObject({ images: 0, accuracy: null, matrix: [] });
  });
});

describe('a detector against human boxes at IoU 0.5', () => {
  it('matches each box once, by score, within its class; the rest are false positives and negatives', () => {
    const box = (imageId: number, classId: number, x: number, y = 0, w = 10, h = 10) => ({ imageId, classId, x, y, w, h });
    const human = [box(1, 1, 0), box(1, 1, 100), box(2, 2, 0)];
    const predicted = [
      { ...box(1, 1, 1), score: 0.9 }, // IoU 0.82 with the first: a hit
      { ...box(1, 1, 2), score: 0.8 }, // the same box again: already taken, a false positive
      { ...box(1, 1, 104), score: 0.7 }, // IoU 0.43 with the second: too little, a false positive
      { ...box(2, 1, 0), score: 0.6 }, // right place, wrong class: false positive, and the dog is missed
    ];
    const e = evaluateDetector(predicted, human, 0.5);
    expect(e).toMatchObject({ images: 2, truePositives: 1, falsePositives: 3, falseNegatives: 2, precision: 0.25, recall: 1 / 3 });
    expect(e.perClass).toEqual([
      { classId: 1, precision: 0.25, recall: 0.5, support: 2 },
      { classId: 2, precision: null, recall: 0, support: 1 },
    ]);
  });
});
