import type { MaskCrop } from '../../../../src-main/api/maskCodec.js';
import type { Rect, Shape, Vec } from '../../types.js';

/**
 * How the assist tools reach the pixels: the workspace implements this over the contract
 * (annotations.segmentPreview, cleanMask, convertShape); tests pass their own. The editor core
 * never imports the bridge.
 */

export type AssistMethod = 'wand' | 'grabcut' | 'threshold';

/** A click of an assist: a wand seed (negative: taken away), a GrabCut hint (negative: background). */
export interface AssistPoint {
  x: number;
  y: number;
  positive: boolean;
}

/** What a preview is computed from; image pixels. */
export interface AssistRequest {
  method: AssistMethod;
  points?: AssistPoint[];
  box?: Rect;
  tolerance?: number;
  connectivity?: 4 | 8;
  level?: number;
  polarity?: 'auto' | 'brighter' | 'darker';
  hintRadius?: number;
  /** The window/level the person sees the image through (absent when none is applied). */
  display?: { slope: number; intercept: number };
}

export interface AssistAnswer {
  mask: MaskCrop | null;
  /** threshold: the level used (Otsu's when none was asked) and the side the object was on. */
  level?: number;
  polarity?: 'brighter' | 'darker';
}

export type CleanOp = 'fillHoles' | 'removeIslands' | 'smooth' | 'grow' | 'shrink';

/** One clean-up step as the contract takes it; sizes in image pixels. */
export type CleanStep =
  | { op: 'fillHoles' }
  | { op: 'removeIslands'; minArea: number }
  | { op: 'smooth'; radius: number }
  | { op: 'grow'; px: number }
  | { op: 'shrink'; px: number };

/** A converted shape before it has an id. */
export type ConvertedShape = { kind: 'polygon'; points: Vec[]; holes?: Vec[][] } | ({ kind: 'mask' } & MaskCrop);

export interface AssistPort {
  /**
   * Get the image ready for previews (decoded and held by the vision thread, seen through
   * `display`) before the first click, so that click costs what a tolerance step does. Optional:
   * without it the first preview does this work itself.
   */
  prepare?(display: AssistRequest['display']): Promise<void>;
  preview(req: AssistRequest): Promise<AssistAnswer>;
  /** The mask after a clean-up step (null: nothing left). */
  clean(mask: MaskCrop, step: CleanStep): Promise<MaskCrop | null>;
  /** Masks as polygons (one per connected part), or polygons as one mask. */
  convert(shapes: readonly Shape[], to: 'polygon' | 'mask'): Promise<ConvertedShape[]>;
}
