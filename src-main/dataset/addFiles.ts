import fs from 'node:fs';
import path from 'node:path';
import type { AddFilesSummary } from '../api/acquire.js';
import { probeImage } from '../imaging/probe.js';
import { type JobContext } from '../jobs/JobManager.js';
import { liveImageIdByPath } from '../store/acquiredImagesRepo.js';
import { type Db, STORE_DIR, writeTx } from '../store/openStore.js';
import { findByHash, upsertImageRow } from './addImage.js';
import { candidateNames, copyFileAtomic, localDate, safeStem } from './fileNames.js';
import { sha256File } from './hash.js';
import { IMAGE_TYPES } from './imageTypes.js';
import { imageFileProblem } from './imageMagic.js';
import { isInside, printable, relativeTo } from './pathSafety.js';
import { visibleEntries } from './walk.js';

/**
 * Files and folders dropped on the window: copied into `added/DATE/` (a dropped folder keeps its
 * name and inner layout), or indexed where they are when already inside the dataset; a file whose
 * content the dataset already has is skipped as a duplicate. Each file is committed with its row.
 */

export const ADDED_DIR = 'added';
const MAX_FILES = 200_000;

interface Candidate {
  /** Real absolute path of the file. */
  abs: string;
  /** Target under added/DATE/ when it has to be copied. */
  target: string;
  /** What the person dropped, for messages and source_ref. */
  ref: string;
}

function safeRelTarget(prefix: string, parts: string[]): string {
  const file = parts.pop() ?? 'image';
  const ext = path.extname(file).toLowerCase();
  return [prefix, ...parts.map((p) => safeStem(p, 'folder')), `${safeStem(ext ? file.slice(0, -ext.length) : file)}${ext}`].join('/');
}

/** Expand the dropped paths into image files; what cannot be taken goes to `skipped`. */
function collect(paths: string[], prefix: string, skipped: AddFilesSummary['skipped']): Candidate[] {
  const out: Candidate[] = [];
  for (const given of paths) {
    if (!path.isAbsolute(given)) {
      skipped.push({ path: printable(given), reason: 'not an absolute path' });
      continue;
    }
    let real: string;
    let st: fs.Stats;
    try {
      real = fs.realpathSync(given);
      st = fs.statSync(real);
    } catch {
      skipped.push({ path: printable(given), reason: 'does not exist or cannot be read' });
      continue;
    }
    if (st.isFile()) {
      out.push({ abs: real, target: safeRelTarget(prefix, [path.basename(given)]), ref: given });
      continue;
    }
    if (!st.isDirectory()) {
      skipped.push({ path: printable(given), reason: 'not a file or folder' });
      continue;
    }
    const top = path.basename(real);
    const unreadable = (dir: string) => skipped.push({ path: printable(dir), reason: 'folder cannot be read' });
    for (const { abs, entry: e } of visibleEntries(real, unreadable)) {
      if (!e.isFile() || !(path.extname(e.name).toLowerCase() in IMAGE_TYPES)) continue;
      if (out.length >= MAX_FILES) {
        skipped.push({ path: printable(given), reason: `more than ${MAX_FILES} images; add the rest separately` });
        return out;
      }
      out.push({ abs, target: safeRelTarget(prefix, [top, ...path.relative(real, abs).split(path.sep)]), ref: abs });
    }
  }
  return out;
}

export async function addFiles(root: string, db: Db, paths: string[], job: JobContext, now = new Date()): Promise<AddFilesSummary> {
  const realRoot = fs.realpathSync(root);
  const summary: AddFilesSummary = { copied: 0, inPlace: 0, duplicates: 0, skipped: [], imageIds: [] };
  const files = collect(paths, `${ADDED_DIR}/${localDate(now)}`, summary.skipped);
  job.progress(0, files.length);
  const storeDir = path.join(realRoot, STORE_DIR);
  for (const [i, f] of files.entries()) {
    job.checkCancelled();
    const r = await addOne(realRoot, storeDir, db, f);
    if (r.kind === 'skipped') summary.skipped.push({ path: printable(f.ref), reason: r.reason });
    else {
      summary[r.kind]++;
      if (r.kind !== 'duplicates') summary.imageIds.push(r.id);
    }
    job.progress(i + 1, files.length, f.ref);
  }
  return summary;
}

type Outcome = { kind: 'copied' | 'inPlace' | 'duplicates'; id: number } | { kind: 'skipped'; reason: string };

/** Add one file: the unit the browser host's upload uses too. */
export async function addOne(realRoot: string, storeDir: string, db: Db, f: Candidate): Promise<Outcome> {
  if (isInside(storeDir, f.abs)) return { kind: 'skipped', reason: "inside Lightbox's own .lightbox folder" };
  const reason = imageFileProblem(f.abs);
  if (reason) return { kind: 'skipped', reason };
  const sha256 = await sha256File(f.abs);
  if (isInside(realRoot, f.abs)) {
    const rel = relativeTo(realRoot, f.abs);
    const known = liveImageIdByPath(db, rel);
    if (known !== undefined) return { kind: 'inPlace', id: known };
    const probe = await probeImage(f.abs);
    const id = writeTx(db, () =>
      upsertImageRow(db, { rel, abs: f.abs, sha256, probe: probe.ok ? probe.probe : null, error: probe.ok ? null : probe.reason, source: 'folder', sourceRef: null }),
    );
    return { kind: 'inPlace', id };
  }
  const dup = findByHash(db, sha256);
  if (dup) return { kind: 'duplicates', id: dup.id };
  const probe = await probeImage(f.abs);
  const ext = path.extname(f.target);
  const stem = f.target.slice(0, f.target.length - ext.length);
  // No await from here to the commit: two drops of the same picture cannot both be copied.
  if (findByHash(db, sha256)) return { kind: 'duplicates', id: findByHash(db, sha256)!.id };
  for (const candidate of candidateNames(stem, ext)) {
    const abs = path.join(realRoot, ...candidate.split('/'));
    if (fs.existsSync(abs)) continue;
    copyFileAtomic(f.abs, abs);
    const id = writeTx(db, () =>
      upsertImageRow(db, {
        rel: candidate,
        abs,
        sha256,
        probe: probe.ok ? probe.probe : null,
        error: probe.ok ? null : probe.reason,
        source: 'import',
        sourceRef: f.ref,
      }),
    );
    return { kind: 'copied', id };
  }
  return { kind: 'skipped', reason: 'no free file name' };
}
