import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { findByHash, upsertImageRow } from '../dataset/addImage.js';
import { candidateNames, copyFileAtomic, safeStem } from '../dataset/fileNames.js';
import { sha256File } from '../dataset/hash.js';
import { imageFileProblem } from '../dataset/imageMagic.js';
import { isInside, printable, relativeTo, resolveInside, toRelPath, unsafeReason } from '../dataset/pathSafety.js';
import { type Probe, probeImage } from '../imaging/probe.js';
import { type JobContext, mapLimit } from '../jobs/JobManager.js';
import type { Db } from '../store/openStore.js';

/**
 * What every label importer does with the image references it reads, as DESIGN.md "Importing
 * labels" says: resolve each reference (its base folders, then the dataset root, then a unique
 * file name), refuse one that leaves its base, and bring the image into the dataset (an image
 * outside it is copied in under `imported/`, or matched by content to one already there).
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

/** The dataset's images by file name, for the last step of resolution. */
export function imagesByName(db: Db): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const r of db.prepare('SELECT path FROM images WHERE missing = 0').all() as { path: string }[]) {
    const name = r.path.slice(r.path.lastIndexOf('/') + 1);
    byName.set(name, [...(byName.get(name) ?? []), r.path]);
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

// -------------------------------------------------------------------------------------------
// Bringing them in

export interface PlacedImage<T extends PlannedRef> {
  item: T;
  /** Where the image is in the dataset (dataset-relative, `/`). */
  rel: string;
  sha256: string;
  probe: Probe | null;
  error: string | null;
  /** The file was already in the dataset folder (a row may or may not exist yet). */
  existing: boolean;
}

/**
 * Copy in or match every planned image, reporting progress: one inside the dataset stays where it
 * is; one whose content is already in the dataset (or was copied by this import) is matched to
 * it; any other is copied to its target (or the first free name beside it). Files are hashed in
 * parallel, then placed one at a time so two equal files cannot both be copied.
 */
export async function placeImages<T extends PlannedRef>(
  realRoot: string,
  db: Db,
  images: readonly T[],
  job: JobContext,
): Promise<{ placed: PlacedImage<T>[]; imported: number; matched: number }> {
  const total = images.length;
  let done = 0;
  let imported = 0;
  let matched = 0;
  job.progress(0, total);
  /** Content copied in by this import, so a second copy of the same image matches the first. */
  const copiedByHash = new Map<string, string>();
  const placed: PlacedImage<T>[] = [];
  const hashes = await mapLimit(images, 4, (item) => sha256File(item.abs), job.signal);
  for (const [i, item] of images.entries()) {
    job.checkCancelled();
    const sha256 = hashes[i]!;
    const rowAt = isInside(realRoot, item.abs) ? relativeTo(realRoot, item.abs) : null;
    const dup = rowAt ? undefined : findByHash(db, sha256);
    let rel = rowAt ?? dup?.path ?? copiedByHash.get(sha256) ?? '';
    if (rel !== '') matched++;
    else {
      const ext = path.extname(item.target);
      const stem = item.target.slice(0, item.target.length - ext.length);
      for (const candidate of candidateNames(stem, ext)) {
        const abs = path.join(realRoot, ...candidate.split('/'));
        if (!fs.existsSync(abs)) {
          copyFileAtomic(item.abs, abs);
          rel = candidate;
          break;
        }
        if ((await sha256File(abs)) === sha256) {
          rel = candidate; // copied by an earlier, interrupted run of this import
          break;
        }
      }
      copiedByHash.set(sha256, rel);
      imported++;
    }
    const probe = await probeImage(path.join(realRoot, ...rel.split('/')));
    placed.push({ item, rel, sha256, probe: probe.ok ? probe.probe : null, error: probe.ok ? null : probe.reason, existing: rowAt !== null });
    job.progress(++done, total, item.ref);
  }
  return { placed, imported, matched };
}

/**
 * Inside the import's write transaction: the id of a placed image's row, made now (source
 * 'folder' for a file already in the dataset, 'import' for a copy) when there is none yet.
 */
export function placedImageRows(db: Db, realRoot: string, now: number): (p: PlacedImage<PlannedRef>) => number {
  const byPath = db.prepare('SELECT id FROM images WHERE path = ?');
  return (p) => {
    const row = byPath.get(p.rel) as { id: number } | undefined;
    return (
      row?.id ??
      upsertImageRow(
        db,
        {
          rel: p.rel,
          abs: path.join(realRoot, ...p.rel.split('/')),
          sha256: p.sha256,
          probe: p.probe,
          error: p.error,
          source: p.existing ? 'folder' : 'import',
          sourceRef: p.existing ? null : p.item.abs,
        },
        now,
      )
    );
  };
}
