import type { VisionImage } from './visionImage.js';

/**
 * The viewer's window/level as the assists apply it to the displayed 8-bit picture: out = in ×
 * slope + intercept in 0–1 units, clamped. Applied where the image is held (the vision worker), so
 * a change of window/level neither blocks the thread that answers RPC with a pass over every
 * pixel nor sends the worker a second copy of the image.
 */
export interface DisplayWindow {
  slope: number;
  intercept: number;
}

/** The pixels through the window. */
export function applyDisplay(img: VisionImage, d: DisplayWindow): VisionImage {
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round((v / 255) * d.slope * 255 + d.intercept * 255)));
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = lut[img.data[i]!]!;
  return { ...img, data };
}

/** The last window applied to each image, so the same image through the same window is the same object (and stays held). */
const lastShown = new WeakMap<VisionImage, { slope: number; intercept: number; image: VisionImage }>();

/** The image through `d`; the image itself when there is no window or it changes nothing. */
export function throughWindow(img: VisionImage, d: DisplayWindow | undefined): VisionImage {
  if (!d || (d.slope === 1 && d.intercept === 0)) return img;
  const last = lastShown.get(img);
  if (last && last.slope === d.slope && last.intercept === d.intercept) return last.image;
  const image = applyDisplay(img, d);
  lastShown.set(img, { slope: d.slope, intercept: d.intercept, image });
  return image;
}
