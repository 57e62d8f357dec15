import { ClassName } from '../api/common.js';
import type { Skip } from './importProtocol.js';
import type { PlannedRef } from './importedImages.js';

/**
 * What ImageFolder and CSV imports plan: image files with their labels and split. Each image is
 * written with its labels in the same transaction (importWrite.ts), so an interrupted import
 * never leaves an image without the labels it came with.
 */

export type SplitName = 'train' | 'val' | 'test';

/** Folder and column values recognised as a split. */
export function splitOf(name: string): SplitName | null {
  const n = name.trim().toLowerCase();
  if (n === 'train' || n === 'training') return 'train';
  if (n === 'val' || n === 'valid' || n === 'validation' || n === 'dev') return 'val';
  if (n === 'test' || n === 'testing') return 'test';
  return null;
}

export interface PlannedImage extends PlannedRef {
  labels: string[];
  split: SplitName | null;
}

export interface Plan {
  format: string;
  images: PlannedImage[];
  skipped: Skip[];
}

/** Why a label from a file cannot be a class name (the contract's rule for `classes.add`), or null when it can. */
export function labelProblem(name: string): string | null {
  if (ClassName.safeParse(name).success) return null;
  if (name.trim().length > 200) return 'label is longer than 200 characters';
  if (name.trim().length === 0) return 'label is empty';
  return 'label contains control characters';
}
