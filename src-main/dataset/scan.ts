import fs from 'node:fs';
import type { ScanSummary } from '../api/datasets.js';
import { MAX_INPUT_PIXELS } from '../imaging/sharpSafe.js';
import type { MedicalInfo } from '../api/images.js';
import { probeImage } from '../imaging/probe.js';
import { derivedSource, ensureThumbnail } from '../imaging/thumbnails.js';
import { mapLimit, type JobContext } from '../jobs/JobManager.js';
import { putImageMeta, readableDerivedSourceRows } from '../store/imageMetaRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import { sha256File } from './hash.js';
import { fileOfRow, framePath } from './imageFrames.js';
import { walkImages, type FoundFile } from './walk.js';

interface Known {
  id: number;
  path: string;
  frame: number | null;
  sha256: string | null;
  bytes: number;
  mtime: number;
  missing: number;
  error: string | null;
}

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
 */
export async function scanDataset(root: string, db: Db, job: JobContext, opts: { thumbnails?: boolean } = {}): Promise<ScanSummary> {
  const files = walkImages(root);
  const known = new Map<string, Known>();
  // The rows of each file: one, or one per frame of a multi-frame DICOM.
  const rowsOf = new Map<string, Known[]>();
  for (const k of db.prepare('SELECT id, path, frame, sha256, bytes, mtime, missing, error FROM images').all() as Known[]) {
    known.set(k.path, k);
    const file = fileOfRow(k.path, k.frame);
    const list = rowsOf.get(file);
    if (list) list.push(k);
    else rowsOf.set(file, [k]);
  }
  const liveRowsOf = (rel: string) => {
    const all = rowsOf.get(rel) ?? [];
    const live = all.filter((k) => k.missing === 0);
    return live.length > 0 ? live : all;
  };

  const toExamine = files.filter((f) => {
    const ks = liveRowsOf(f.rel);
    return ks.length === 0 || ks.some((k) => k.bytes !== f.bytes || k.mtime !== f.mtime || k.sha256 === null);
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

  // Rows whose file is gone: candidates for a move (matched by hash), otherwise flagged missing.
  const gone = new Map<string, Known[]>();
  for (const k of known.values()) {
    if (seen.has(fileOfRow(k.path, k.frame)) || !k.sha256) continue;
    const list = gone.get(k.sha256) ?? [];
    list.push(k);
    gone.set(k.sha256, list);
  }

  const now = Date.now();
  const update = db.prepare(
    `UPDATE images SET path = ?, sha256 = ?, bytes = ?, width = ?, height = ?, orientation = ?, format = ?, mtime = ?,
       missing = 0, error = ?, updated_at = ?, frame = ? WHERE id = ?`,
  );
  const insert = db.prepare(
    // Another writer (an import, a capture, the CLI) may have added the same path since the walk.
    `INSERT INTO images (path, sha256, bytes, width, height, orientation, format, mtime, error, added_at, updated_at, frame)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, bytes = excluded.bytes, width = excluded.width, height = excluded.height,
       orientation = excluded.orientation, format = excluded.format, mtime = excluded.mtime, missing = 0, error = excluded.error,
       updated_at = excluded.updated_at, frame = excluded.frame
     RETURNING id`,
  );
  const write = (batch: Examined[]) =>
    writeTx(db, () => {
      for (const x of batch) {
        const f = x.file;
        const frames = x.error === null && (x.frames ?? 1) > 1 ? x.frames! : 0;
        // A multi-frame file is one row per frame, each written like a file of its own.
        for (let frame = frames > 0 ? 1 : 0; frame <= frames; frame++) {
          const rel = frame > 0 ? framePath(f.rel, frame) : f.rel;
          const frameCol = frame > 0 ? frame : null;
          const meta = x.error === null ? (x.medical ?? null) : null;
          written.add(rel);
          if (x.error) summary.unreadable++;
          const k = known.get(rel);
          let id: number;
          if (k) {
            update.run(rel, x.sha256, f.bytes, x.width, x.height, x.orientation, x.format, f.mtime, x.error, now, frameCol, k.id);
            id = k.id;
            summary.changed++;
          } else {
            const list = x.sha256 === null ? undefined : gone.get(x.sha256);
            const at = list ? list.findIndex((g) => g.frame === frameCol) : -1;
            const moved = at >= 0 ? list!.splice(at, 1)[0] : undefined;
            if (moved) {
              update.run(rel, x.sha256, f.bytes, x.width, x.height, x.orientation, x.format, f.mtime, x.error, now, frameCol, moved.id);
              known.delete(moved.path);
              id = moved.id;
              summary.moved++;
            } else {
              id = (insert.get(rel, x.sha256, f.bytes, x.width, x.height, x.orientation, x.format, f.mtime, x.error, now, now, frameCol) as { id: number }).id;
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
    const flag = db.prepare('UPDATE images SET missing = 1, updated_at = ? WHERE id = ? AND missing = 0');
    for (const k of known.values()) {
      const file = fileOfRow(k.path, k.frame);
      // Gone from disk, or an examined file that no longer has this row (fewer frames than before).
      const stale = !seen.has(file) || (examining.has(file) && !written.has(k.path));
      if (stale && flag.run(now, k.id).changes > 0) summary.removed++;
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
        const mark = db.prepare('UPDATE images SET error = ? WHERE id = ?');
        for (const f of failed) mark.run(f.reason, f.id);
      });
    }
  }
  job.progress(total, total);
  return summary;
}
