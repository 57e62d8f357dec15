import { encodeRuns, type MaskCrop, runsToString } from '../api/maskCodec.js';

/**
 * A mask as the contract carries it (the crop's box and its runs as COCO text) with its area:
 * what the worker sends back to the services instead of the bits, so the main thread, which
 * answers every RPC, neither encodes nor counts megapixels, nor receives them.
 */
export interface EncodedMask {
  x: number;
  y: number;
  w: number;
  h: number;
  counts: string;
  /** Pixels set. */
  area: number;
}

export function encodeCrop(m: MaskCrop): EncodedMask {
  const runs = encodeRuns(m.bits);
  let area = 0;
  for (let i = 1; i < runs.length; i += 2) area += runs[i]!;
  return { x: m.x, y: m.y, w: m.w, h: m.h, counts: runsToString(runs), area };
}
