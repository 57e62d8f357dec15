import fs from 'node:fs';
import path from 'node:path';
import { addTags, ensureClass, findByHash, upsertImageRow } from '../dataset/addImage.js';
import { candidateNames, copyFileAtomic } from '../dataset/fileNames.js';
import { sha256File } from '../dataset/hash.js';
import { isInside, relativeTo } from '../dataset/pathSafety.js';
import { type JobContext, mapLimit } from '../jobs/JobManager.js';
import { recordCommand } from '../store/historyRepo.js';
import {
  beginImport,
  findImport,
  finishImport,
  imageIdsByPath,
  imageSplitSetter,
  importedRegionInserter,
  importHasRegions,
} from '../store/importsRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import { shapeToStored, touchImages } from '../store/regionsRepo.js';
import type { ReadyImage, Skip } from './importProtocol.js';
import { labelProblem } from './labeledImport.js';

/**
 * The writing side of an import, run in the import thread on its own connection to the store
 * (importWorker.ts), one chunk of ready images at a time: bring each
 * image into the dataset (one inside it stays where it is; one whose content is already there is
 * matched to it; any other is copied in under `imported/`), then write the chunk's rows, labels,
 * splits and regions in one short transaction, so other calls are answered between chunks and an
 * image never appears without what it came with. Region imports are recorded in `imports`: the
 * same source again adds nothing, an interrupted one is completed, and the whole import is one
 * undoable command ('annotations.import', by import id) recorded when it finishes.
 */

export const IMPORT_KIND = 'annotations.import';

/** What the undo of an import needs (services/regionCommands.ts). */
export interface ImportPayload {
  importId: number;
}

/** What one import has done so far, across its chunks. */
export class ImportTally {
  imported = 0;
  matched = 0;
  labeled = 0;
  /** Images placed so far, for progress. */
  placed = 0;
  readonly classesCreated: string[] = [];
  readonly skipped: Skip[] = [];
  readonly classIds = new Map<string, number>();
  /** Content copied in by this import, so a second copy of the same image matches the first. */
  readonly copiedByHash = new Map<string, string>();
  /** The image placed last: the next chunk may carry more of its regions. */
  lastPlaced: PlacedImage | null = null;
}

export interface PlacedImage {
  item: ReadyImage;
  /** Where the image is in the dataset (dataset-relative, `/`). */
  rel: string;
  sha256: string;
  /** The file was already in the dataset folder (a row may or may not exist yet). */
  existing: boolean;
}

/**
 * Copy in or match each image, reporting progress. Files are hashed in parallel, then placed one
 * at a time so two equal files cannot both be copied.
 */
export async function placeImages(realRoot: string, db: Db, images: readonly ReadyImage[], tally: ImportTally, job: JobContext, total: number): Promise<PlacedImage[]> {
  const placed: PlacedImage[] = [];
  const hashes = await mapLimit(images, 4, (item) => (item.continued ? Promise.resolve('') : sha256File(item.abs)), job.signal);
  for (const [i, item] of images.entries()) {
    job.checkCancelled();
    if (item.continued) {
      // More regions of the image placed last (in this chunk or the one before).
      const last = tally.lastPlaced;
      if (last && last.item.abs === item.abs) placed.push({ ...last, item });
      continue;
    }
    const sha256 = hashes[i]!;
    const rowAt = isInside(realRoot, item.abs) ? relativeTo(realRoot, item.abs) : null;
    const dup = rowAt ? undefined : findByHash(db, sha256);
    let rel = rowAt ?? dup?.path ?? tally.copiedByHash.get(sha256) ?? '';
    if (rel !== '') tally.matched++;
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
      tally.copiedByHash.set(sha256, rel);
      tally.imported++;
    }
    placed.push((tally.lastPlaced = { item, rel, sha256, existing: rowAt !== null }));
    job.progress(++tally.placed, total, item.ref);
  }
  return placed;
}

/**
 * Inside a write transaction: the id of a placed image's row, made now (source 'folder' for a
 * file already in the dataset, 'import' for a copy) when there is none yet.
 */
function imageRows(db: Db, realRoot: string, now: number): (p: PlacedImage) => number {
  const idAt = imageIdsByPath(db);
  return (p) =>
    idAt(p.rel) ??
    upsertImageRow(
      db,
      {
        rel: p.rel,
        abs: path.join(realRoot, ...p.rel.split('/')),
        sha256: p.sha256,
        probe: p.item.probe,
        error: p.item.probeError,
        source: p.existing ? 'folder' : 'import',
        sourceRef: p.existing ? null : p.item.abs,
      },
      now,
    );
}

function classFor(db: Db, tally: ImportTally, label: string): number {
  const key = label.trim().toLowerCase();
  let id = tally.classIds.get(key);
  if (id === undefined) {
    const c = ensureClass(db, label);
    if (c.created) tally.classesCreated.push(label.trim());
    id = c.id;
    tally.classIds.set(key, id);
  }
  return id;
}

/** Create the classes a source declares (those its regions use), in its order, before any region. */
export function createClasses(db: Db, names: readonly string[], tally: ImportTally): void {
  writeTx(db, () => {
    for (const name of names) if (!labelProblem(name)) classFor(db, tally, name);
  });
}

/** One chunk of an ImageFolder or CSV import: rows, image-level labels and splits. */
export function writeTagChunk(db: Db, realRoot: string, placed: readonly PlacedImage[], tally: ImportTally, author: string | null): void {
  writeTx(db, () => {
    const now = Date.now();
    const rowFor = imageRows(db, realRoot, now);
    const setSplit = imageSplitSetter(db);
    for (const p of placed) {
      const id = rowFor(p);
      const classIds = p.item.labels.map((name) => classFor(db, tally, name));
      tally.labeled += addTags(db, id, classIds, author, now);
      if (p.item.split) setSplit(id, p.item.split, now);
    }
  });
}

/** One chunk of a region import: rows, splits, and each region this import has not written yet. */
export function writeRegionChunk(db: Db, realRoot: string, placed: readonly PlacedImage[], tally: ImportTally, author: string | null, importId: number): void {
  writeTx(db, () => {
    const now = Date.now();
    const rowFor = imageRows(db, realRoot, now);
    const setSplit = imageSplitSetter(db);
    const insert = importedRegionInserter(db);
    const touched = new Set<number>();
    for (const p of placed) {
      const imageId = rowFor(p);
      if (p.item.split) setSplit(imageId, p.item.split, now);
      for (const r of p.item.regions) {
        if (insert(imageId, shapeToStored(classFor(db, tally, r.label), r.shape), author, now, importId, r.key) === null) continue;
        touched.add(imageId);
        tally.labeled++;
      }
    }
    touchImages(db, touched, now);
  });
}

/**
 * Look the source up before a region import writes anything: imported before (and not undone)
 * gives when; interrupted gives that import to complete; otherwise a new import is recorded.
 */
export function beginRegionImport(db: Db, format: string, sourceSha256: string, source: string): { importId: number; resumed: boolean } | { alreadyAt: number } {
  return writeTx(db, () => {
    const found = findImport(db, format, sourceSha256);
    if (found?.state === 'done') return { alreadyAt: found.finishedAt ?? found.createdAt };
    if (found) return { importId: found.id, resumed: true };
    return { importId: beginImport(db, format, sourceSha256, source, Date.now()), resumed: false };
  });
}

/** The last step of a region import: marked finished, and recorded as one undoable command when it wrote any region. */
export function finishRegionImport(db: Db, importId: number, author: string | null): void {
  writeTx(db, () => {
    if (importHasRegions(db, importId)) recordCommand(db, IMPORT_KIND, { importId } satisfies ImportPayload, author);
    finishImport(db, importId, Date.now());
  });
}
