import fs from 'node:fs';
import path from 'node:path';
import { MAX_NAME_BYTES, safeFileName, splitExtension, truncateUtf8 } from '../dataset/pathSafety.js';
import type { Encoding } from '../imaging/exportImage.js';

/** The names an export gives its files and folders: safe on every system, unique, the same on every run. */

/**
 * Hands out file names inside one output folder: each made safe (`safeFileName`) and unique
 * without regard to case or Unicode normalisation (Windows and macOS folders are case-insensitive),
 * a clash getting `-2`, `-3`... before the extension. Same requests in the same order, same names.
 */
/** Where a NameAllocator keeps the names it handed out (keys as NameAllocator makes them). */
export interface NameRegistry {
  has(key: string): boolean;
  add(key: string): void;
  lastSuffix(name: string): number | undefined;
  setLastSuffix(name: string, n: number): void;
}

/** The names in memory: for every export but the largest (those keep them on disk, store/scratchNames.ts). */
class MemoryNames implements NameRegistry {
  private readonly taken = new Set<string>();
  private readonly last = new Map<string, number>();
  has(key: string): boolean {
    return this.taken.has(key);
  }
  add(key: string): void {
    this.taken.add(key);
  }
  lastSuffix(name: string): number | undefined {
    return this.last.get(name);
  }
  setLastSuffix(name: string, n: number): void {
    this.last.set(name, n);
  }
}

export class NameAllocator {
  /**
   * The names taken, and the last suffix handed out for a name: the next clash starts looking
   * after it instead of at `-2`, so 30,000 images called `IM-0001.jpg` cost 30,000 look-ups, not
   * 450 million. Names are never given back, so every suffix below it is still taken and the
   * result is the same.
   */
  private readonly names: NameRegistry;

  constructor(
    private readonly maxBytes = MAX_NAME_BYTES,
    names?: NameRegistry,
  ) {
    this.names = names ?? new MemoryNames();
  }

  private static key(name: string): string {
    return name.normalize('NFC').toLowerCase();
  }

  /** Keep `name` (a label file such as metadata.jsonl) from being given to an image. */
  reserve(name: string): void {
    this.names.add(NameAllocator.key(name));
  }

  take(wanted: string): string {
    const safe = safeFileName(wanted, this.maxBytes);
    let name = safe;
    const [stem, ext] = splitExtension(safe);
    for (let n = (this.names.lastSuffix(safe) ?? 1) + 1; this.names.has(NameAllocator.key(name)); n++) {
      const suffix = `-${n}`;
      const room = this.maxBytes - Buffer.byteLength(suffix + ext, 'utf8');
      name = `${truncateUtf8(stem, Math.max(1, room)).replace(/[\s.]+$/, '') || '_'}${suffix}${ext}`;
      this.names.setLastSuffix(safe, n);
    }
    this.names.add(NameAllocator.key(name));
    return name;
  }
}

/** Folder names for labels (class names), safe and unique, in the order given. */
export function labelFolders(labels: readonly string[]): Map<string, string> {
  const names = new NameAllocator();
  const out = new Map<string, string>();
  for (const l of labels) if (!out.has(l)) out.set(l, names.take(l));
  return out;
}

/**
 * `--annotations all`: the folder suffix of each annotator (`-NAME`, the name made safe and unique
 * without regard to case), so `labels-ana/` sits beside `labels/`. Short enough that the longest
 * folder (`SegmentationClass-NAME`) stays within MAX_NAME_BYTES, as every other name of an export.
 */
export function annotatorSuffixes(annotators: readonly string[]): Map<string, string> {
  const names = new NameAllocator(MAX_NAME_BYTES - Buffer.byteLength('SegmentationClass-'));
  const out = new Map<string, string>();
  for (const a of annotators) if (!out.has(a)) out.set(a, `-${names.take(a)}`);
  return out;
}

const EXTENSIONS: Record<Encoding, { canonical: string; accepted: string[] }> = {
  jpeg: { canonical: '.jpg', accepted: ['.jpg', '.jpeg', '.jpe', '.jfif'] },
  png: { canonical: '.png', accepted: ['.png'] },
  webp: { canonical: '.webp', accepted: ['.webp'] },
  tiff: { canonical: '.tif', accepted: ['.tif', '.tiff'] },
};

/** The file name an image asks for: its own, with the extension changed only when the encoding changes. */
export function wantedFileName(sourcePath: string, enc: Encoding): string {
  const base = sourcePath.slice(sourcePath.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ext = dot > 0 ? base.slice(dot) : '';
  return EXTENSIONS[enc].accepted.includes(ext.toLowerCase()) ? base : stem + EXTENSIONS[enc].canonical;
}

/** The neutral name of the `n`th image (from 1) of an export with anonymous names: img-000001.jpg. */
export function anonymousFileName(n: number, enc: Encoding): string {
  return `img-${String(n).padStart(6, '0')}${EXTENSIONS[enc].canonical}`;
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Write the mapping of an export's anonymous names back to the dataset's files, one row per file
 * written (`output,source`), into `.lightbox/exports/TIME-names.csv` inside the dataset (a temporary
 * name, then renamed). Returns its dataset-relative path.
 */
export function writeNameMapping(root: string, now: Date, written: readonly { source: string; outputs: readonly string[] }[]): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const rel = `.lightbox/exports/${stamp}-names.csv`;
  const file = path.join(root, ...rel.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const rows = ['output,source'];
  for (const w of written) for (const o of w.outputs) rows.push(`${csvCell(o)},${csvCell(w.source)}`);
  const tmp = `${file}.partial-${process.pid}`;
  fs.writeFileSync(tmp, `${rows.join('\r\n')}\r\n`, { encoding: 'utf8', flag: 'w' });
  fs.renameSync(tmp, file);
  return rel;
}
