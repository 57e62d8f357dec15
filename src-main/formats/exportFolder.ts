import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import type { ExportFormat } from '../api/exports.js';
import type { ReplaceCheck } from '../dataset/atomicOutput.js';
import { isInside, printable } from '../dataset/pathSafety.js';

/**
 * Which folder an export may write into, and which it may replace. Every export leaves a marker,
 * `.lightbox-export.json`, naming what it wrote at the top of the folder; `overwrite` replaces only
 * a folder whose every top-level entry the marker names (or an empty one), so a folder of the
 * user's own files (a thesis, an `id_rsa`) is never deleted, whatever the caller asks.
 */

export const EXPORT_MARKER = '.lightbox-export.json';

/** A marker is a few names per top-level entry; a flat export of 100,000 images stays under 5 MB. */
const MAX_MARKER_BYTES = 32 * 1024 * 1024;

/** Mirrors `lightbox --version` (cli/main.ts). */
const VERSION = process.env.LIGHTBOX_VERSION ?? '0.1.0';

export interface ExportMarker {
  lightboxExport: 1;
  format: ExportFormat;
  /** ISO 8601, UTC. */
  exportedAt: string;
  /** The name of the dataset folder exported (its name only, not its path). */
  dataset: string;
  version: string;
  /** The top-level files and folders this export wrote, sorted; the marker itself is not listed. */
  entries: string[];
}

/** Write the marker into the finished temporary folder `dir`, listing what is in it. */
export function writeExportMarker(dir: string, format: ExportFormat, root: string, now = new Date()): void {
  const entries = fs
    .readdirSync(dir)
    .filter((n) => n !== EXPORT_MARKER)
    .sort();
  const marker: ExportMarker = { lightboxExport: 1, format, exportedAt: now.toISOString(), dataset: path.basename(root), version: VERSION, entries };
  fs.writeFileSync(path.join(dir, EXPORT_MARKER), `${JSON.stringify(marker, null, 2)}\n`, { flag: 'wx' });
}

/** The names a readable marker in `dir` accounts for (itself included), or null when there is none. */
function markedEntries(dir: string): Set<string> | null {
  const file = path.join(dir, EXPORT_MARKER);
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.size > MAX_MARKER_BYTES) return null;
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ExportMarker> | null;
    if (m?.lightboxExport !== 1 || !Array.isArray(m.entries)) return null;
    return new Set([EXPORT_MARKER, ...m.entries.filter((e): e is string => typeof e === 'string')]);
  } catch {
    return null; // no marker, or not one of ours
  }
}

/** The names at the top of `dir` that no Lightbox export wrote: all of them when it has no marker. */
function foreignEntries(dir: string): string[] {
  const marked = markedEntries(dir) ?? new Set<string>();
  return fs
    .readdirSync(dir)
    .filter((n) => !marked.has(n))
    .sort();
}

function notAnExport(dir: string, foreign: readonly string[]): LightboxError {
  const shown = foreign.slice(0, 3).map((n) => printable(n)).join(', ');
  const more = foreign.length > 3 ? ` and ${foreign.length - 3} more` : '';
  return new LightboxError(
    'CONFLICT',
    `${printable(dir)} is not a Lightbox export: it has files Lightbox did not write (${shown}${more}). Nothing was changed there. Choose an empty or new folder.`,
  );
}

/**
 * The rule for an existing, non-empty output folder: without `overwrite` it is refused; with it,
 * only a folder an earlier export wrote (every top-level entry named by its marker) is replaced.
 * `during` words the refusal for a folder that filled up while the export ran.
 */
export function replaceRule(overwrite: boolean, during: boolean): ReplaceCheck {
  return (dir) => {
    if (!overwrite) {
      throw new LightboxError(
        'CONFLICT',
        during
          ? `Something was written into ${printable(dir)} during the export. Nothing was changed there; export again into an empty folder.`
          : `The folder ${printable(dir)} is not empty. Choose an empty or new folder, or, to replace an earlier Lightbox export there, allow replacing it (--overwrite).`,
      );
    }
    const foreign = foreignEntries(dir);
    if (foreign.length > 0) throw notAnExport(dir, foreign);
  };
}

/** The real path of `p`, following symlinks as far as the path exists. */
function realPathLoose(p: string): string {
  const rest: string[] = [];
  let cur = p;
  for (;;) {
    try {
      return path.join(fs.realpathSync(cur), ...rest.reverse());
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return p;
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}

/** True when a folder on the way to `p` is a `.lightbox` folder (any dataset's, in any case). */
const inLightboxFolder = (p: string) => p.split(path.sep).some((seg) => seg.toLowerCase() === '.lightbox');

/**
 * Check that `out` may receive an export before any work starts: absolute, not the dataset, outside
 * it (the next scan would index the copies) and not containing it, not in a `.lightbox` folder (a
 * store lives there), not a drive root or the home folder, not a file, and empty unless `overwrite`
 * and it holds an earlier export. Returns the absolute path.
 */
export function checkOutputFolder(root: string, out: string, overwrite: boolean): string {
  if (!path.isAbsolute(out)) throw new LightboxError('BAD_PARAMS', `The export folder must be a full path; "${printable(out)}" is relative.`);
  const abs = path.resolve(out);
  const real = realPathLoose(abs);
  const realRoot = fs.realpathSync(root);
  if (real === realRoot) {
    throw new LightboxError('BAD_PARAMS', `The export folder ${printable(abs)} is the dataset itself. Choose a new folder outside the dataset for the export.`);
  }
  if (isInside(realRoot, real)) {
    throw new LightboxError(
      'BAD_PARAMS',
      `The export folder ${printable(abs)} is inside the dataset. Choose a folder outside it: the next scan would index the exported copies as new images.`,
    );
  }
  if (isInside(real, realRoot)) {
    throw new LightboxError('BAD_PARAMS', `The export folder ${printable(abs)} contains the dataset itself. Choose a new folder for the export.`);
  }
  if (inLightboxFolder(abs) || inLightboxFolder(real)) {
    throw new LightboxError('BAD_PARAMS', `The export folder ${printable(abs)} is inside a .lightbox folder, where a dataset keeps its labels. Choose another folder for the export.`);
  }
  if (path.parse(real).root === real || real === realPathLoose(os.homedir())) {
    throw new LightboxError('BAD_PARAMS', `Lightbox will not export into ${printable(abs)} itself. Choose a new folder inside it for the export.`);
  }
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    return abs;
  }
  if (!st.isDirectory()) throw new LightboxError('CONFLICT', `${printable(abs)} is a file. Choose a folder for the export.`);
  if (fs.readdirSync(abs).length > 0) replaceRule(overwrite, false)(abs);
  return abs;
}
