import { describe, expect, it } from 'vitest';
import type { RegisteredModel } from '../../../src-main/api/models.js';
import { chooseSamPair, samPairs } from './samChoice.js';

const pair = (id: string, addedAt: number, path = `/m/${id}-enc.onnx`): RegisteredModel => ({
  id,
  kind: 'sam',
  name: `${id}-enc.onnx`,
  path,
  decoderPath: `/m/${id}-dec.onnx`,
  decoderId: `${id}-dec`,
  addedAt,
  missing: false,
});

describe('the SAM pair the tool uses', () => {
  const classifier: RegisteredModel = { id: 'c', kind: 'classify', name: 'c.onnx', path: '/m/c.onnx', labels: ['a'], addedAt: 9, missing: false };
  const pairs = samPairs([pair('old', 1), classifier, pair('new', 5)]);

  it('lists only SAM pairs, newest first', () => {
    expect(pairs.map((p) => p.id)).toEqual(['new', 'old']);
  });

  it('keeps the remembered pair, and falls back to the newest when it is not registered here', () => {
    expect(chooseSamPair({ id: 'old' }, pairs)).toEqual({ use: pairs[1], remember: false });
    expect(chooseSamPair({ id: 'gone' }, pairs)).toEqual({ use: pairs[0], remember: false });
    expect(chooseSamPair(null, pairs)).toEqual({ use: pairs[0], remember: false });
    expect(chooseSamPair(null, [])).toEqual({ use: null, remember: false });
  });

  it("migrates a dataset's old path setting: the registered pair with those files, or registering them", () => {
    expect(chooseSamPair({ encoder: '/m/old-enc.onnx', decoder: '/m/old-dec.onnx' }, pairs)).toEqual({ use: pairs[1], remember: true });
    expect(chooseSamPair({ encoder: '/x/enc.onnx', decoder: '/x/dec.onnx' }, pairs)).toEqual({ register: { encoder: '/x/enc.onnx', decoder: '/x/dec.onnx' } });
  });
});
