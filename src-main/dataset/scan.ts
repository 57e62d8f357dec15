import fs from 'node:fs';
import path from 'node:path';
import type { ScanSummary } from '../api/datasets.js';
import { MAX_INPUT_PIXELS } from '../imaging/sharpSafe.js';
import { probeImage } from '../imaging/probe.js';
import { ensureThumbnail } from '../imaging/thumbnails.js';
import { mapLimit, type JobContext } from '../jobs/JobManager.js';
import { type Db, writeTx } from '../store/openStore.js';
import {
  type ScanRow,
  type ScannedFile,
  flagMissing,
  foldRowInto,
  insertScannedRow,
  missingRowsWithUntouchedTwin,
  markUnreadable,
  rowsWithHashElsewhere,
  scanRowById,
  scanRowByPath,
  scanRows,
  thumbnailRows,
  untouchedFolderRowsWithHash,
  updateScannedRow,
} from '../store/scanRepo.js';
import { sha256File } from './hash.js';
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
  const { width, height, orientation, format } = probe.probe;
  const error = width * height > MAX_INPUT_PIXELS ? `image is too large to decode safely (${width}×${height} pixels)` : null;
  return { file, sha256, width, height, orientation, format, error };
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
  for (const k of scanRows(db)) known.set(k.path, k);
  const onDisk = (rel: string) => fs.lstatSync(path.join(root, ...rel.split('/')), { throwIfNoEntry: false }) !== undefined;

  const toExamine = files.filter((f) => {
    const k = known.get(f.rel);
    // A row flagged missing whose file is back at its path (a move undone) is examined again too.
    return !k || k.bytes !== f.bytes || k.mtime !== f.mtime || k.sha256 === null || k.missing === 1;
  });
  const seen = new Set(files.map((f) => f.rel));
  const summary: ScanSummary = { added: 0, changed: 0, removed: 0, moved: 0, unchanged: files.length - toExamine.length, unreadable: 0, total: files.length };

  const thumbs = opts.thumbnails !== false;
  const total = toExamine.length + (thumbs ? files.length : 0);
  let done = 0;
  job.progress(0, total);

  const now = Date.now();
  /** Paths this scan added a row for: one that gives way to a moved row was a move, not an addition. */
  const inserted = new Set<string>();
  const write = (batch: Examined[]) =>
    writeTx(db, () => {
      for (const x of batch) {
        const f = x.file;
        // Moved or deleted again since it was read: the next scan finds it where it is. (A name that
        // is not UTF-8 cannot be looked up by its path; it is listed as it was found.)
        if (!f.badName && !onDisk(f.rel)) continue;
        if (x.error) summary.unreadable++;
        const found: ScannedFile = { ...x, rel: f.rel, bytes: f.bytes, mtime: f.mtime };
        const here = scanRowByPath(db, f.rel);
        if (here) {
          updateScannedRow(db, here.id, found, now);
          if (known.has(f.rel)) summary.changed++;
          else summary.added++; // another writer (an import, a capture, the CLI) added it since the walk
          continue;
        }
        // Same content as a row whose file is not on disk any more: the file moved here.
        const from = x.sha256 === null ? undefined : rowsWithHashElsewhere(db, x.sha256, f.rel).find((r) => !onDisk(r.path));
        if (from) {
          updateScannedRow(db, from.id, found, now);
          known.delete(from.path);
          summary.moved++;
        } else {
          insertScannedRow(db, found, now);
          inserted.add(f.rel);
          summary.added++;
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
      if (examined[j] === null) {
        seen.delete(f.rel);
        summary.total--;
      }
    });
    write(examined.filter((x): x is Examined => x !== null));
  }

  writeTx(db, () => {
    for (const k of known.values()) {
      if (seen.has(k.path)) continue;
      // As the row is now: another writer may have moved it, and the file may be back.
      const row = scanRowById(db, k.id);
      if (!row || row.missing === 1 || onDisk(row.path)) continue;
      // The file may have moved to a path that was indexed as a new image before this row was seen
      // gone (the walk listed it at both paths, or it was copied there and then deleted here): that
      // untouched row gives way, and this one, with its labels, takes its path.
      const twin = row.sha256 ? untouchedFolderRowsWithHash(db, row.sha256, row.id).find((r) => onDisk(r.path)) : undefined;
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
      if (folded.has(p.missingId) || folded.has(p.twinId) || onDisk(p.missingPath) || !onDisk(p.twinPath)) continue;
      foldRowInto(db, p.missingId, p.twinId, now);
      if (inserted.delete(p.twinPath)) summary.added--;
      folded.add(p.missingId).add(p.twinId);
      summary.moved++;
    }
  });

  if (thumbs) {
    const rows = thumbnailRows(db);
    const byPath = new Map(files.map((f) => [f.rel, f.abs]));
    const failed: { id: number; reason: string }[] = [];
    done = toExamine.length + (files.length - rows.length);
    await mapLimit(
      rows,
      PARALLEL,
      async (r) => {
        const abs = byPath.get(r.path);
        if (abs) {
          const t = await ensureThumbnail(root, abs, r.sha256);
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
