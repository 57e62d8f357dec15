import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { safeStem } from '../dataset/fileNames.js';
import { imageFileProblem } from '../dataset/imageMagic.js';
import { isInside, printable, resolveInside, toRelPath, unsafeReason } from '../dataset/pathSafety.js';

/**
 * What every label importer does with the image references it reads, as DESIGN.md "Importing
 * labels" says: resolve each reference (its base folders, then the dataset root, then a unique
 * file name) and refuse one that leaves its base. Bringing the image into the dataset (copied in
 * under `imported/`, or matched by content to one already there) is importWrite.ts.
 */

export const IMPORTED_DIR = 'imported';

/** A safe dataset-relative target under imported/NAME/ for a path relative to the import source. */
export function importTarget(sourceName: string, relFromSource: string): string {
  const parts = relFromSource.split(/[\\/]+/).filter((p) => p && p !== '.');
  const file = parts.pop() ?? 'image';
  const ext = path.extname(file).toLowerCase();
  const stem = safeStem(ext ? file.slice(0, -ext.length) : file);
  return [IMPORTED_DIR, safeStem(sourceName, 'import'), ...parts.map((p) => safeStem(p, 'folder')), `${stem}${ext}`].join('/');
}

// -------------------------------------------------------------------------------------------
// Finding images

/** The dataset's images (dataset-relative paths) by file name, for the last step of resolution. */
export function imagesByName(paths: readonly string[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const p of paths) {
    const name = p.slice(p.lastIndexOf('/') + 1);
    const list = byName.get(name);
    if (list) list.push(p);
    else byName.set(name, [p]);
  }
  return byName;
}

export type Resolution = { ok: true; abs: string } | { ok: false; reason: string };

/**
 * Resolve an image reference from a label file: refused outright when it leaves its base (`..`,
 * absolute, drive letter, URL); else tried relative to each base folder in turn (the label file's
 * own folder first, then the format's usual image folders), then the dataset root, then as a
 * unique file name among the dataset's images. `notFound` is the summary's reason when none has it.
 */
export function resolveImageRef(
  ref: string,
  bases: readonly string[],
  datasetRoot: string,
  byName: Map<string, string[]>,
  notFound = 'image file not found',
): Resolution {
  const unsafe = unsafeReason(ref);
  if (unsafe) return { ok: false, reason: `refused: the path ${unsafe}` };
  for (const base of [...bases, datasetRoot]) {
    if (!fs.existsSync(base)) continue;
    try {
      const abs = resolveInside(base, ref);
      if (fs.statSync(abs).isFile()) return { ok: true, abs };
    } catch (e) {
      if (e instanceof LightboxError && e.code === 'UNSAFE_PATH') return { ok: false, reason: `refused: ${e.message.replace(/^Refused path "[^"]*": it /, 'it ')}` };
    }
  }
  const name = toRelPath(ref).split('/').pop()!;
  const matches = byName.get(name) ?? [];
  if (matches.length === 1) return { ok: true, abs: path.join(fs.realpathSync(datasetRoot), ...matches[0]!.split('/')) };
  return { ok: false, reason: matches.length > 1 ? `file name matches ${matches.length} images in the dataset; give its folder too` : notFound };
}

/** An image an import will bring in. */
export interface PlannedRef {
  /** The reference as the source gave it (shown in the summary). */
  ref: string;
  /** Real absolute path of the image file. */
  abs: string;
  /** Where to copy it (dataset-relative, `/`) when it is outside the dataset. */
  target: string;
}

/** Add a resolved image to a plan (with what the format knows about it), or list why not. */
export function planImage<T extends PlannedRef>(
  plan: { images: T[]; skipped: { ref: string; reason: string }[] },
  sourceName: string,
  base: string,
  ref: string,
  resolution: Resolution,
  rest: Omit<T, keyof PlannedRef>,
): void {
  if (!resolution.ok) {
    plan.skipped.push({ ref: printable(ref), reason: resolution.reason });
    return;
  }
  const problem = imageFileProblem(resolution.abs);
  if (problem) {
    plan.skipped.push({ ref: printable(ref), reason: problem });
    return;
  }
  const relFromBase = isInside(base, resolution.abs) ? path.relative(base, resolution.abs) : path.basename(resolution.abs);
  plan.images.push({ ref, abs: resolution.abs, target: importTarget(sourceName, relFromBase), ...rest } as T);
}
