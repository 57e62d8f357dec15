import { type MaskCrop, pasteMask } from '../../src-main/api/maskCodec.js';
import type { VisionImage } from '../../src-main/vision/visionImage.js';
import { rng } from './rng.js';

/**
 * Generated test images with a known object: ellipses of a flat colour plus noise on a textured
 * background, and the truth mask (1 inside an ellipse) to score an assist against.
 */

export { rng };

export interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

export interface Scene {
  image: VisionImage;
  /** Full-image truth mask (1 = object). */
  truth: Uint8Array;
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/**
 * A textured background (slow stripes, about 70–110 grey, a skin-like tint) with noise of ±`noise`,
 * and each ellipse filled with `object` (an RGB colour) plus the same noise.
 */
export function ellipseScene(width: number, height: number, ellipses: Ellipse[], opts: { channels?: 1 | 3; noise?: number; seed?: number; object?: [number, number, number] } = {}): Scene {
  const channels = opts.channels ?? 3;
  const noise = opts.noise ?? 12;
  const rand = rng(opts.seed ?? 1);
  const object = opts.object ?? [205, 120, 95];
  const data = new Uint8Array(width * height * channels);
  const truth = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = ellipses.some((e) => ((x + 0.5 - e.cx) / e.rx) ** 2 + ((y + 0.5 - e.cy) / e.ry) ** 2 <= 1);
      truth[y * width + x] = inside ? 1 : 0;
      const texture = 90 + 20 * Math.sin(x / 9) * Math.cos(y / 13);
      const base: [number, number, number] = inside ? object : [texture + 10, texture, texture - 10];
      const n = (rand() * 2 - 1) * noise;
      if (channels === 1) data[y * width + x] = clamp(0.299 * base[0] + 0.587 * base[1] + 0.114 * base[2] + n);
      else for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = clamp(base[c]! + n);
    }
  }
  return { image: { width, height, channels, data }, truth };
}

/** A crop as a full width×height mask. */
export function fullMask(m: MaskCrop | null, width: number, height: number): Uint8Array {
  const full = new Uint8Array(width * height);
  if (m) pasteMask(m, full, width, height, 1);
  return full;
}

/** Intersection over union of two full masks. */
export function iou(a: Uint8Array, b: Uint8Array): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] && b[i]) inter++;
    if (a[i] || b[i]) union++;
  }
  return union === 0 ? 1 : inter / union;
}

/** The truth of just the ellipses listed. */
export function truthOf(width: number, height: number, ellipses: Ellipse[]): Uint8Array {
  return ellipseScene(width, height, ellipses, { channels: 1, noise: 0 }).truth;
}
