import { applyDisplay, isIdentityDisplay } from '../imaging/displayTransfer.js';
import type { VisionImage } from './visionImage.js';

export { applyDisplay };

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

/** The last window applied to each image, so the same image through the same window is the same object (and stays held). */
const lastShown = new WeakMap<VisionImage, { slope: number; intercept: number; image: VisionImage }>();

/** The image through `d`; the image itself when there is no window or it changes nothing. */
export function throughWindow(img: VisionImage, d: DisplayWindow | undefined): VisionImage {
  if (!d || isIdentityDisplay(d)) return img;
  const last = lastShown.get(img);
  if (last && last.slope === d.slope && last.intercept === d.intercept) return last.image;
  const image = applyDisplay(img, d);
  lastShown.set(img, { slope: d.slope, intercept: d.intercept, image });
  return image;
}
