import type { DisplayTransfer } from '../api/annotations.js';

/** Raw 8-bit pixels (grey or RGB), row by row. */
interface Pixels8 {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** Whether a window/level leaves the picture as it is. */
export function isIdentityDisplay(d: DisplayTransfer | undefined): boolean {
  return !d || (d.slope === 1 && d.intercept === 0);
}

/** out = in × slope + intercept in 0–1 units, clamped: the viewer's window/level filter, on the pixels. */
export function applyDisplay<T extends Pixels8>(img: T, d: DisplayTransfer): T {
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round((v / 255) * d.slope * 255 + d.intercept * 255)));
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = lut[img.data[i]!]!;
  return { ...img, data };
}
