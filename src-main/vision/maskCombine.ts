import { type MaskCrop, pasteMask, tightenCrop } from '../api/maskCodec.js';

export type CombineMode = 'replace' | 'add' | 'subtract';

/**
 * An assist's result merged with the mask being edited: `add` (Shift) is the union, `subtract`
 * (Alt) removes the result's pixels, `replace` keeps the result alone. Null when nothing is left.
 */
export function combineMasks(base: MaskCrop | null, result: MaskCrop | null, mode: CombineMode): MaskCrop | null {
  if (mode === 'replace' || !base) return mode === 'subtract' ? null : result;
  if (!result) return base;
  if (mode === 'subtract') {
    const out: MaskCrop = { ...base, bits: base.bits.slice() };
    // Paste into the base's own frame: the crop's origin is the base's corner.
    pasteMask({ ...result, x: result.x - base.x, y: result.y - base.y }, out.bits, base.w, base.h, 0);
    return tightenCrop(out);
  }
  const x = Math.min(base.x, result.x);
  const y = Math.min(base.y, result.y);
  const w = Math.max(base.x + base.w, result.x + result.w) - x;
  const h = Math.max(base.y + base.h, result.y + result.h) - y;
  const bits = new Uint8Array(w * h);
  pasteMask({ ...base, x: base.x - x, y: base.y - y }, bits, w, h, 1);
  pasteMask({ ...result, x: result.x - x, y: result.y - y }, bits, w, h, 1);
  return { x, y, w, h, bits };
}
