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
  return encodedFromRuns(encodeRuns(m.bits), m);
}

/** The encoded mask of a box whose pixels have these runs (alternating 0s and 1s, 0s first). */
export function encodedFromRuns(runs: Uint32Array, box: { x: number; y: number; w: number; h: number }): EncodedMask {
  let area = 0;
  for (let i = 1; i < runs.length; i += 2) area += runs[i]!;
  return { x: box.x, y: box.y, w: box.w, h: box.h, counts: runsToString(runs), area };
}
