import fs from 'node:fs';
import path from 'node:path';
import type { ScanSummary } from '../api/datasets.js';
import { MAX_INPUT_PIXELS } from '../imaging/sharpSafe.js';
import type { MedicalInfo } from '../api/images.js';
import { probeImage } from '../imaging/probe.js';
import { derivedSource, ensureThumbnail } from '../imaging/thumbnails.js';
import { mapLimit, type JobContext } from '../jobs/JobManager.js';
import { putImageMeta, readableDerivedSourceRows } from '../store/imageMetaRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import {
  type ScanRow,
  type ScannedFile,
  flagMissing,
  foldRowInto,
  insertScannedRow,
  markUnreadable,
  missingRowsWithUntouchedTwin,
  rowsWithHashElsewhere,
  scanRowById,
  scanRowByPath,
  scanRows,
  untouchedFolderRowsWithHash,
  updateScannedRow,
} from '../store/scanRepo.js';
import { sha256File } from './hash.js';
import { fileOfRow, framePath } from './imageFrames.js';
import { walkImages, type FoundFile } from './walk.js';

interface Examined {
  file: FoundFile;
  /** Null when the file could not be read at all (it is examined again by the next scan). */
  sha256: string | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  format: string | null;
  error: string | null;
  /** Frames of a multi-frame DICOM: one row each (`path#N`, see imageFrames.ts). */
  frames?: number;
  medical?: MedicalInfo;
}

const PARALLEL = 4;
/** Files examined and written per transaction: a killed scan leaves whole batches, never part of one. */
export const SCAN_BATCH = 200;

/** Examine one file; null when it was removed since the folder was listed. */
async function examine(file: FoundFile): Promise<Examined | null> {
  if (file.badName) {
    return { file, sha256: null, width: null, height: null, orientation: null, format: null, error: 'file name is not valid UTF-8 (made on a system with another encoding): rename the file to open it' };
  }
  if (file.bytes === 0) {
    return { file, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', width: null, height: null, orientation: null, format: null, error: 'file is empty (0 bytes)' };
  }
  let sha256: string;
  let probe: Awaited<ReturnType<typeof probeImage>>;
  try {
    [sha256, probe] = await Promise.all([sha256File(file.abs), probeImage(file.abs)]);
  } catch (e) {
    // One file that cannot be read must not end the scan of all the others.
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') return null;
    return { file, sha256: null, width: null, height: null, orientation: null, format: null, error: `file could not be read (${code ?? 'read error'})` };
  }
  if (!probe.ok) return { file, sha256, width: null, height: null, orientation: null, format: null, error: probe.reason };
  const { width, height, orientation, format, frames, medical } = probe.probe;
  const error = width * height > MAX_INPUT_PIXELS ? `image is too large to decode safely (${width}×${height} pixels)` : null;
  return { file, sha256, width, height, orientation, format, error, frames, medical };
}

/**
 * Bring the `images` table in line with the folder: new files are added, changed files re-probed,
 * files gone from disk flagged missing (their labels kept), and a file that reappears under a new
 * path with the same content takes over the old row, labels and all.
 *
 * A move is decided inside the write transaction, from the rows as they are then and from the disk
 * as it is then (not from the listing, which may be seconds old and may have seen a file that was
 * moved during the walk at both paths), so neither timing nor a second scanning process (`serve`'s
 * watcher and a CLI scan) can turn a move into a new unlabeled image and a missing labeled one.
 */
export async function scanDataset(root: string, db: Db, job: JobContext, opts: { thumbnails?: boolean } = {}): Promise<ScanSummary> {
  const files = walkImages(root);
  const known = new Map<string, ScanRow>();
  // The rows of each file: one, or one per frame of a multi-frame DICOM.
  const rowsOf = new Map<string, ScanRow[]>();
  for (const k of scanRows(db)) {
    known.set(k.path, k);
    const file = fileOfRow(k.path, k.frame);
    const list = rowsOf.get(file);
    if (list) list.push(k);
    else rowsOf.set(file, [k]);
  }
  const onDisk = (rel: string) => fs.lstatSync(path.join(root, ...rel.split('/')), { throwIfNoEntry: false }) !== undefined;
  const liveRowsOf = (rel: string) => {
    const all = rowsOf.get(rel) ?? [];
    const live = all.filter((k) => k.missing === 0);
    return live.length > 0 ? live : all;
  };

  const toExamine = files.filter((f) => {
    const ks = liveRowsOf(f.rel);
    // A row flagged missing whose file is back at its path (a move undone) is examined again too.
    return ks.length === 0 || ks.some((k) => k.bytes !== f.bytes || k.mtime !== f.mtime || k.sha256 === null || k.missing === 1);
  });
  const examining = new Set(toExamine.map((f) => f.rel));
  // Files found on disk; and the rows written by this scan (a file whose frames changed drops the rest).
  const seen = new Set(files.map((f) => f.rel));
  const written = new Set<string>();
  const unchanged = files.reduce((n, f) => n + (examining.has(f.rel) ? 0 : Math.max(1, liveRowsOf(f.rel).length)), 0);
  const summary: ScanSummary = { added: 0, changed: 0, removed: 0, moved: 0, unchanged, unreadable: 0, total: unchanged + toExamine.length };

  const thumbs = opts.thumbnails !== false;
  const total = toExamine.length + (thumbs ? files.length : 0);
  let done = 0;
  job.progress(0, total);

  const now = Date.now();
  /** Paths this scan added a row for: one that gives way to a moved row was a move, not an addition. */
  const inserted = new Set<string>();
  /** Files whose rows this scan wrote (one with fewer frames than before drops the others). */
  const writtenFiles = new Set<string>();
  const write = (batch: Examined[]) =>
    writeTx(db, () => {
      for (const x of batch) {
        const f = x.file;
        // Moved or deleted again since it was read: the next scan finds it where it is. (A name that
        // is not UTF-8 cannot be looked up by its path; it is listed as it was found.)
        if (!f.badName && !onDisk(f.rel)) continue;
        writtenFiles.add(f.rel);
        const frames = x.error === null && (x.frames ?? 1) > 1 ? x.frames! : 0;
        // A multi-frame file is one row per frame, each written like a file of its own.
        for (let frame = frames > 0 ? 1 : 0; frame <= frames; frame++) {
          const rel = frame > 0 ? framePath(f.rel, frame) : f.rel;
          const found: ScannedFile = { ...x, rel, frame: frame > 0 ? frame : null, bytes: f.bytes, mtime: f.mtime };
          const meta = x.error === null ? (x.medical ?? null) : null;
          written.add(rel);
          if (x.error) summary.unreadable++;
          let id: number;
          const here = scanRowByPath(db, rel);
          if (here) {
            updateScannedRow(db, here.id, found, now);
            id = here.id;
            if (known.has(rel)) summary.changed++;
            else summary.added++; // another writer (an import, a capture, the CLI) added it since the walk
          } else {
            // Same content as a row whose file is not on disk any more: the file moved here.
            const from =
              x.sha256 === null
                ? undefined
                : rowsWithHashElsewhere(db, x.sha256, rel).find((r) => r.frame === found.frame && !onDisk(fileOfRow(r.path, r.frame)));
            if (from) {
              updateScannedRow(db, from.id, found, now);
              known.delete(from.path);
              id = from.id;
              summary.moved++;
            } else {
              id = insertScannedRow(db, found, now);
              inserted.add(rel);
              summary.added++;
            }
          }
          putImageMeta(db, id, meta);
        }
      }
    });

  for (let i = 0; i < toExamine.length; i += SCAN_BATCH) {
    job.checkCancelled();
    const slice = toExamine.slice(i, i + SCAN_BATCH);
    const examined = await mapLimit(
      slice,
      PARALLEL,
      async (f) => {
        const x = await examine(f);
        job.progress(++done, total, f.rel);
        return x;
      },
      job.signal,
    );
    // A file deleted while the scan ran is treated as never found: its row, if any, is flagged missing.
    slice.forEach((f, j) => {
      const x = examined[j];
      if (x === null) {
        seen.delete(f.rel);
        summary.total--;
      } else if (x !== undefined && x.error === null && (x.frames ?? 1) > 1) summary.total += x.frames! - 1;
    });
    write(examined.filter((x): x is Examined => x !== null));
  }

  writeTx(db, () => {
    for (const k of known.values()) {
      const file = fileOfRow(k.path, k.frame);
      // An examined file that no longer has this row (fewer frames than before).
      const fewerFrames = writtenFiles.has(file) && !written.has(k.path);
      if (seen.has(file) && !fewerFrames) continue;
      // As the row is now: another writer may have moved it, and the file may be back.
      const row = scanRowById(db, k.id);
      if (!row || row.missing === 1) continue;
      if (fewerFrames) {
        if (row.path === k.path && flagMissing(db, row.id, now)) summary.removed++;
        continue;
      }
      if (onDisk(fileOfRow(row.path, row.frame))) continue;
      // The file may have moved to a path that was indexed as a new image before this row was seen
      // gone (the walk listed it at both paths, or it was copied there and then deleted here): that
      // untouched row gives way, and this one, with its labels, takes its path.
      const twin = row.sha256
        ? untouchedFolderRowsWithHash(db, row.sha256, row.id).find((r) => r.frame === row.frame && onDisk(fileOfRow(r.path, r.frame)))
        : undefined;
      if (twin) {
        foldRowInto(db, row.id, twin.id, now);
        if (inserted.delete(twin.path)) summary.added--;
        summary.moved++;
      } else if (flagMissing(db, row.id, now)) summary.removed++;
    }
    // A labeled row flagged missing earlier (its file was at neither path when a scan looked, or
    // another scan indexed the new path first) whose file is now indexed as an untouched new image.
    const folded = new Set<number>();
    for (const p of missingRowsWithUntouchedTwin(db)) {
      if (folded.has(p.missingId) || folded.has(p.twinId)) continue;
      if (onDisk(fileOfRow(p.missingPath, p.frame)) || !onDisk(fileOfRow(p.twinPath, p.frame))) continue;
      foldRowInto(db, p.missingId, p.twinId, now);
      if (inserted.delete(p.twinPath)) summary.added--;
      folded.add(p.missingId).add(p.twinId);
      summary.moved++;
    }
  });

  if (thumbs) {
    const rows = readableDerivedSourceRows(db);
    const byPath = new Map(files.map((f) => [f.rel, f.abs]));
    const failed: { id: number; reason: string }[] = [];
    done = toExamine.length + (files.length - rows.length);
    await mapLimit(
      rows,
      PARALLEL,
      async (r) => {
        const abs = byPath.get(fileOfRow(r.path, r.frame));
        if (abs && r.sha256) {
          const t = await ensureThumbnail(root, derivedSource(abs, { ...r, sha256: r.sha256 }));
          // A file deleted meanwhile is not damaged: the next scan finds it gone.
          if (!t.ok && fs.existsSync(abs)) failed.push({ id: r.id, reason: t.reason });
        }
        job.progress(++done, total, r.path);
      },
      job.signal,
    );
    if (failed.length > 0) {
      summary.unreadable += failed.length;
      writeTx(db, () => {
        for (const f of failed) markUnreadable(db, f.id, f.reason);
      });
    }
  }
  job.progress(total, total);
  return summary;
}
