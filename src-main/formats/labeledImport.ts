import fs from 'node:fs';
import path from 'node:path';
import type { ImportSummary } from '../api/acquire.js';
import { addTags, ensureClass, findByHash, upsertImageRow } from '../dataset/addImage.js';
import { candidateNames, copyFileAtomic, safeStem } from '../dataset/fileNames.js';
import { sha256File } from '../dataset/hash.js';
import { imageFileProblem } from '../dataset/imageMagic.js';
import { isInside, relativeTo } from '../dataset/pathSafety.js';
import { type Probe, probeImage } from '../imaging/probe.js';
import { type JobContext, mapLimit } from '../jobs/JobManager.js';
import { type Db, writeTx } from '../store/openStore.js';

/**
 * What ImageFolder and CSV imports share: a plan of image files with their labels and split, then
 * one pass that copies outside images in under `imported/` (or matches them to an image already
 * in the dataset by content), and one write transaction for every row, class, label and split,
 * so an interrupted import leaves no half-labeled dataset behind.
 */

export const IMPORTED_DIR = 'imported';

export type SplitName = 'train' | 'val' | 'test';

/** Folder and column values recognised as a split. */
export function splitOf(name: string): SplitName | null {
  const n = name.trim().toLowerCase();
  if (n === 'train' || n === 'training') return 'train';
  if (n === 'val' || n === 'valid' || n === 'validation' || n === 'dev') return 'val';
  if (n === 'test' || n === 'testing') return 'test';
  return null;
}

export interface PlannedImage {
  /** The reference as the source gave it (shown in the summary). */
  ref: string;
  /** Real absolute path of the image file. */
  abs: string;
  /** Where to copy it (dataset-relative, `/`) when it is outside the dataset. */
  target: string;
  labels: string[];
  split: SplitName | null;
}

export interface Plan {
  format: string;
  images: PlannedImage[];
  skipped: { ref: string; reason: string }[];
}

/** Why a label from a file cannot be a class name, or null when it can. */
export function labelProblem(name: string): string | null {
  if (name.length > 200) return 'label is longer than 200 characters';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'label contains control characters';
  return null;
}

/** A safe dataset-relative target under imported/NAME/ for a path relative to the import source. */
export function importTarget(sourceName: string, relFromSource: string): string {
  const parts = relFromSource.split(/[\\/]+/).filter((p) => p && p !== '.');
  const file = parts.pop() ?? 'image';
  const ext = path.extname(file).toLowerCase();
  const stem = safeStem(ext ? file.slice(0, -ext.length) : file);
  return [IMPORTED_DIR, safeStem(sourceName, 'import'), ...parts.map((p) => safeStem(p, 'folder')), `${stem}${ext}`].join('/');
}

interface Resolved {
  item: PlannedImage;
  rel: string;
  sha256: string;
  probe: Probe | null;
  error: string | null;
  /** The file was already in the dataset folder (a row may or may not exist yet). */
  existing: boolean;
}

export async function applyPlan(root: string, db: Db, plan: Plan, job: JobContext, author: string | null): Promise<ImportSummary> {
  const realRoot = fs.realpathSync(root);
  const skipped = [...plan.skipped];
  const total = plan.images.length;
  let done = 0;
  job.progress(0, total);
  let imported = 0;
  let matched = 0;
  /** Content copied in by this import, so a second copy of the same image matches the first. */
  const copiedByHash = new Map<string, string>();
  const resolved: Resolved[] = [];

  // Files are hashed in parallel, then placed one at a time so two equal files cannot both be copied.
  const hashes = await mapLimit(plan.images, 4, (item) => sha256File(item.abs), job.signal);
  for (const [i, item] of plan.images.entries()) {
    job.checkCancelled();
    const sha256 = hashes[i]!;
    const rowAt = isInside(realRoot, item.abs) ? relativeTo(realRoot, item.abs) : null;
    const dup = rowAt ? undefined : findByHash(db, sha256);
    let rel = rowAt ?? dup?.path ?? copiedByHash.get(sha256) ?? '';
    const existing = rel !== '';
    if (existing) matched++;
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
    resolved.push({ item, rel, sha256, probe: probe.ok ? probe.probe : null, error: probe.ok ? null : probe.reason, existing: rowAt !== null });
    job.progress(++done, total, item.ref);
  }

  job.checkCancelled();
  const classesCreated: string[] = [];
  let labeled = 0;
  writeTx(db, () => {
    const byPath = db.prepare('SELECT id FROM images WHERE path = ?');
    const setSplit = db.prepare('UPDATE images SET split = ?, updated_at = ? WHERE id = ?');
    const now = Date.now();
    for (const r of resolved) {
      const row = byPath.get(r.rel) as { id: number } | undefined;
      const id =
        row?.id ??
        upsertImageRow(
          db,
          {
            rel: r.rel,
            abs: path.join(realRoot, ...r.rel.split('/')),
            sha256: r.sha256,
            probe: r.probe,
            error: r.error,
            source: r.existing ? 'folder' : 'import',
            sourceRef: r.existing ? null : r.item.abs,
          },
          now,
        );
      const classIds = r.item.labels.map((name) => {
        const c = ensureClass(db, name);
        if (c.created) classesCreated.push(name);
        return c.id;
      });
      labeled += addTags(db, id, classIds, author, now);
      if (r.item.split) setSplit.run(r.item.split, now, id);
    }
  });
  job.progress(total, total);
  return { format: plan.format, imported, matched, labeled, classesCreated, skipped };
}
