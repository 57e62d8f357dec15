import type { MaskCrop } from '../api/maskCodec.js';
import { type Cv, withMats } from './cv.js';
import { imageMat, matToCrop, type VisionImage } from './visionImage.js';

export interface WandParams {
  /** The clicked pixel (upright-image pixels; fractions are floored). */
  seed: { x: number; y: number };
  /** How far (0–255, per channel) a pixel's value may be from the seed's and still be taken. */
  tolerance: number;
  connectivity: 4 | 8;
}

/**
 * Magic wand: the pixels connected to the seed whose every channel lies within `tolerance` of the
 * seed's (a fixed range, so the fill does not creep along a gradient). Null when the seed is
 * outside the image.
 */
export function magicWand(cv: Cv, img: VisionImage, p: WandParams): MaskCrop | null {
  const sx = Math.floor(p.seed.x);
  const sy = Math.floor(p.seed.y);
  if (sx < 0 || sy < 0 || sx >= img.width || sy >= img.height) return null;
  const t = Math.max(0, Math.min(255, p.tolerance));
  return withMats((s) => {
    const src = imageMat(cv, s, img);
    // floodFill's mask is 2 px larger than the image; with MASK_ONLY it marks the fill with 1s.
    const mask = s.add(cv.Mat.zeros(img.height + 2, img.width + 2, cv.CV_8UC1));
    const flags = p.connectivity | cv.FLOODFILL_MASK_ONLY | cv.FLOODFILL_FIXED_RANGE | (1 << 8);
    const rect = new cv.Rect();
    const range = new cv.Scalar(t, t, t, t);
    cv.floodFill(src, mask, new cv.Point(sx, sy), new cv.Scalar(0, 0, 0, 0), rect, range, range, flags);
    // Read back only the filled rectangle (OpenCV also marks the mask's 1-pixel frame).
    const inner = s.add(mask.roi(new cv.Rect(rect.x + 1, rect.y + 1, rect.width, rect.height)));
    const tight = s.add(new cv.Mat());
    inner.copyTo(tight);
    return matToCrop(tight, rect.x, rect.y);
  });
}
