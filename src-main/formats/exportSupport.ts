import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LightboxError, isLightboxError } from '../api/errors.js';
import type { ExportFormat, ExportOptions, ExportSummary } from '../api/exports.js';
import { MAX_NAME_BYTES, isInside, printable, resolveInside, safeFileName, splitExtension, truncateUtf8 } from '../dataset/pathSafety.js';
import { processAlive } from '../dataset/fileNames.js';
import { decode, decodeFailureReason } from '../imaging/sharpSafe.js';
import type { JobContext } from '../jobs/JobManager.js';
import type { Db } from '../store/openStore.js';
import { getSetting } from '../store/settingsRepo.js';

/**
 * What every exporter shares: which images go out, safe and unique file names, writing each image
 * upright (resized, re-encoded, metadata stripped), and the atomic output folder. An exporter only
 * decides the layout and writes its label files; see `Exporter` below and the registry in exporters.ts.
 */

export type SplitName = 'train' | 'val' | 'test';
export type Fit = 'cover' | 'contain' | 'fill';
export type Encoding = 'jpeg' | 'png' | 'webp' | 'tiff';

/** One image that goes out. */
export interface ExportItem {
  id: number;
  /** Dataset-relative path with `/` separators. */
  path: string;
  split: SplitName | null;
  /** Encoding found by the scan ('jpeg', 'png', ...): decides the output format under `keep`. */
  format: string;
  /** Upright size as indexed (EXIF orientation applied); the written size is in `Placement`. */
  width: number | null;
  height: number | null;
  /** Image-level tags, in class order. */
  classIds: number[];
  labels: string[];
}

export interface Problem {
  path: string;
  reason: string;
}

export interface Selection {
  /** In path order (the store's binary order), so every run names and lists files the same way. */
  items: ExportItem[];
  skippedMissing: number;
  skippedStatus: number;
  skippedUnlabeled: number;
  skippedUnreadable: number;
  problems: Problem[];
  /** Labels are sets: the project is in multi-label mode, or some image carries more than one tag. */
  multiLabel: boolean;
  /** Every class name, in class order (archived ones too): folder names are handed out in this order. */
  classNames: string[];
}

/** What makes an image "labeled" for a format: image-level tags, or any live annotation (regions). */
export type LabeledBy = 'tags' | 'annotations';

export interface Exporter {
  labeledBy: LabeledBy;
  /** Write the layout and label files into `run.dir`; images through `run.writeImage`. */
  write(run: ExportRun): Promise<void>;
}

const MAX_PROBLEMS = 100;

/**
 * Choose the images that go out: not missing, not skipped, labeled, readable. Each image left out is
 * counted once, under the first of those reasons (so "unreadable" counts only labels that are lost).
 */
export function selectImages(db: Db, labeledBy: LabeledBy): Selection {
  const rows = db
    .prepare('SELECT id, path, status, split, error, missing, format, width, height FROM images ORDER BY path')
    .all() as {
    id: number;
    path: string;
    status: 'todo' | 'done' | 'skipped';
    split: SplitName | null;
    error: string | null;
    missing: number;
    format: string | null;
    width: number | null;
    height: number | null;
  }[];
  // Tags of archived classes are still labels: archiving retires a class from labeling, not its data.
  const tags = new Map<number, { ids: number[]; names: string[] }>();
  const tagRows = db
    .prepare(
      `SELECT a.image_id AS imageId, k.id AS classId, k.name FROM annotations a JOIN classes k ON k.id = a.class_id
       WHERE a.kind = 'tag' AND a.deleted = 0 ORDER BY a.image_id, k.ord, k.id`,
    )
    .all() as { imageId: number; classId: number; name: string }[];
  for (const t of tagRows) {
    const entry = tags.get(t.imageId) ?? { ids: [], names: [] };
    if (!entry.ids.includes(t.classId)) {
      entry.ids.push(t.classId);
      entry.names.push(t.name);
    }
    tags.set(t.imageId, entry);
  }
  const annotated =
    labeledBy === 'annotations'
      ? new Set((db.prepare('SELECT DISTINCT image_id AS id FROM annotations WHERE deleted = 0').all() as { id: number }[]).map((r) => r.id))
      : null;

  const classNames = (db.prepare('SELECT name FROM classes ORDER BY ord, id').all() as { name: string }[]).map((c) => c.name);
  const sel: Selection = {
    items: [],
    skippedMissing: 0,
    skippedStatus: 0,
    skippedUnlabeled: 0,
    skippedUnreadable: 0,
    problems: [],
    multiLabel: false,
    classNames,
  };
  for (const r of rows) {
    const t = tags.get(r.id);
    const labeled = annotated ? annotated.has(r.id) : !!t;
    if (r.missing === 1) sel.skippedMissing++;
    else if (r.status === 'skipped') sel.skippedStatus++;
    else if (!labeled) sel.skippedUnlabeled++;
    else if (r.error !== null || r.format === null) {
      sel.skippedUnreadable++;
      if (sel.problems.length < MAX_PROBLEMS) sel.problems.push({ path: r.path, reason: r.error ?? 'not a readable image' });
    } else if (r.format === 'dicom') {
      // Exporters copy or re-encode files with sharp, which cannot read DICOM (nor a `FILE#N` frame row).
      sel.skippedUnreadable++;
      if (sel.problems.length < MAX_PROBLEMS) sel.problems.push({ path: r.path, reason: 'DICOM export comes later (issue 10): this image was left out' });
    } else {
      sel.items.push({
        id: r.id,
        path: r.path,
        split: r.split,
        format: r.format,
        width: r.width,
        height: r.height,
        classIds: t?.ids ?? [],
        labels: t?.names ?? [],
      });
    }
  }
  sel.multiLabel = getSetting<string>(db, 'labelMode', 'single') === 'multi' || sel.items.some((i) => i.labels.length > 1);
  return sel;
}

// ---------------------------------------------------------------------------------------------
// Names

/**
 * Hands out file names inside one output folder: each made safe (`safeFileName`) and unique
 * without regard to case or Unicode normalisation (Windows and macOS folders are case-insensitive),
 * a clash getting `-2`, `-3`... before the extension. Same requests in the same order, same names.
 */
export class NameAllocator {
  private readonly taken = new Set<string>();

  constructor(private readonly maxBytes = MAX_NAME_BYTES) {}

  private static key(name: string): string {
    return name.normalize('NFC').toLowerCase();
  }

  /** Keep `name` (a label file such as metadata.jsonl) from being given to an image. */
  reserve(name: string): void {
    this.taken.add(NameAllocator.key(name));
  }

  take(wanted: string): string {
    const safe = safeFileName(wanted, this.maxBytes);
    let name = safe;
    const [stem, ext] = splitExtension(safe);
    for (let n = 2; this.taken.has(NameAllocator.key(name)); n++) {
      const suffix = `-${n}`;
      const room = this.maxBytes - Buffer.byteLength(suffix + ext, 'utf8');
      name = `${truncateUtf8(stem, Math.max(1, room)).replace(/[\s.]+$/, '') || '_'}${suffix}${ext}`;
    }
    this.taken.add(NameAllocator.key(name));
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

// ---------------------------------------------------------------------------------------------
// Pixels

export interface ImageOptions {
  size: { width: number; height: number } | null;
  fit: Fit;
  imageFormat: 'keep' | 'jpeg' | 'png';
  stripMetadata: boolean;
}

export function imageOptions(o: ExportOptions): ImageOptions {
  return { size: o.size ?? null, fit: o.fit ?? 'cover', imageFormat: o.imageFormat ?? 'keep', stripMetadata: o.stripMetadata ?? true };
}

/** The encoding written for a source encoding. GIF becomes PNG: torchvision's ImageFolder does not list .gif. */
export function outputEncoding(sourceFormat: string, imageFormat: ImageOptions['imageFormat']): Encoding {
  if (imageFormat !== 'keep') return imageFormat;
  if (sourceFormat === 'jpeg' || sourceFormat === 'png' || sourceFormat === 'webp' || sourceFormat === 'tiff') return sourceFormat;
  return 'png';
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

/**
 * Where the upright source lands in the output: a source pixel (x, y) is at
 * (x * scaleX + offsetX, y * scaleY + offsetY) in the written image. Region exporters map their
 * coordinates with it; for cover, parts may fall outside [0, width) × [0, height).
 */
export interface Placement {
  width: number;
  height: number;
  scaleX: number;
  scaleY: number;
  offsetX: number;
  offsetY: number;
}

interface Plan extends Placement {
  /** Size to scale the upright source to, before cropping (cover) or padding (contain). */
  resize: { width: number; height: number } | null;
  crop: { left: number; top: number; width: number; height: number } | null;
  pad: { top: number; bottom: number; left: number; right: number } | null;
}

/** How an upright `srcW` × `srcH` image becomes `size` with `fit`. Pure arithmetic, shared with region exporters. */
export function placement(srcW: number, srcH: number, size: ImageOptions['size'], fit: Fit): Plan {
  const none = { crop: null, pad: null };
  if (!size) return { width: srcW, height: srcH, scaleX: 1, scaleY: 1, offsetX: 0, offsetY: 0, resize: null, ...none };
  const { width: W, height: H } = size;
  if (fit === 'fill') return { width: W, height: H, scaleX: W / srcW, scaleY: H / srcH, offsetX: 0, offsetY: 0, resize: { width: W, height: H }, ...none };
  if (fit === 'cover') {
    const s = Math.max(W / srcW, H / srcH);
    const rw = Math.max(W, Math.round(srcW * s));
    const rh = Math.max(H, Math.round(srcH * s));
    const left = Math.floor((rw - W) / 2);
    const top = Math.floor((rh - H) / 2);
    return {
      width: W,
      height: H,
      scaleX: rw / srcW,
      scaleY: rh / srcH,
      offsetX: -left,
      offsetY: -top,
      resize: { width: rw, height: rh },
      crop: rw === W && rh === H ? null : { left, top, width: W, height: H },
      pad: null,
    };
  }
  const s = Math.min(W / srcW, H / srcH);
  const cw = Math.min(W, Math.max(1, Math.round(srcW * s)));
  const ch = Math.min(H, Math.max(1, Math.round(srcH * s)));
  const left = Math.floor((W - cw) / 2);
  const top = Math.floor((H - ch) / 2);
  return {
    width: W,
    height: H,
    scaleX: cw / srcW,
    scaleY: ch / srcH,
    offsetX: left,
    offsetY: top,
    resize: { width: cw, height: ch },
    crop: null,
    pad: cw === W && ch === H ? null : { top, bottom: H - ch - top, left, right: W - cw - left },
  };
}

/** JPEG quality for every export: visually lossless for training, a third the size of 100. */
const JPEG_QUALITY = 92;

/**
 * Decode `file` (through `decode()`, with its limits), turn it upright, place it in the output
 * size, and encode it: 8 bits per channel; grayscale stays one channel, everything else becomes
 * sRGB (CMYK and wide-gamut profiles converted); transparency is kept where the encoding has it and
 * laid on white for JPEG; padding is black. Metadata (EXIF with GPS and maker notes, XMP, IPTC, ICC)
 * is dropped unless `stripMetadata` is false.
 */
export async function encodeImage(file: string, enc: Encoding, opts: ImageOptions): Promise<{ data: Buffer; placement: Placement }> {
  const img = decode(file);
  const meta = await img.metadata();
  if (!meta.width || !meta.height) throw new Error('not a supported image format');
  const orientation = meta.orientation ?? 1;
  const swap = orientation >= 5 && orientation <= 8;
  const plan = placement(swap ? meta.height : meta.width, swap ? meta.width : meta.height, opts.size, opts.fit);
  const gray = meta.space === 'b-w' || meta.space === 'grey16' || (meta.channels ?? 3) <= 2;
  const alpha = !!meta.hasAlpha && enc !== 'jpeg';

  img.rotate();
  if (plan.resize) img.resize(plan.resize.width, plan.resize.height, { fit: 'fill' });
  if (plan.crop) img.extract(plan.crop);
  if (meta.hasAlpha && enc === 'jpeg') img.flatten({ background: '#ffffff' });
  if (plan.pad) img.extend({ ...plan.pad, background: { r: 0, g: 0, b: 0, alpha: alpha ? 0 : 1 } });
  if (!opts.stripMetadata) img.keepMetadata();
  img.toColourspace(gray ? 'b-w' : 'srgb');
  if (enc === 'jpeg') img.jpeg({ quality: JPEG_QUALITY });
  else if (enc === 'png') img.png({ compressionLevel: 6 });
  else if (enc === 'webp') img.webp({ quality: JPEG_QUALITY });
  else img.tiff({ compression: 'lzw' });
  const data = await img.toBuffer();
  const { resize: _r, crop: _c, pad: _p, ...placed } = plan;
  return { data, placement: placed };
}

// ---------------------------------------------------------------------------------------------
// The output folder

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

/**
 * Check that `out` may receive an export before any work starts: absolute, outside the dataset
 * (the next scan would index the copies) and not containing it, not a drive root or the home
 * folder, not a file, and empty unless `overwrite`. Returns the absolute path.
 */
export function checkOutputFolder(root: string, out: string, overwrite: boolean): string {
  if (!path.isAbsolute(out)) throw new LightboxError('BAD_PARAMS', `The export folder must be a full path; "${printable(out)}" is relative.`);
  const abs = path.resolve(out);
  const real = realPathLoose(abs);
  const realRoot = fs.realpathSync(root);
  if (isInside(realRoot, real)) {
    throw new LightboxError(
      'BAD_PARAMS',
      `The export folder ${printable(abs)} is inside the dataset. Choose a folder outside it: the next scan would index the exported copies as new images.`,
    );
  }
  if (isInside(real, realRoot)) {
    throw new LightboxError('BAD_PARAMS', `The export folder ${printable(abs)} contains the dataset itself. Choose a new folder for the export.`);
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
  if (!overwrite && fs.readdirSync(abs).length > 0) {
    throw new LightboxError('CONFLICT', `The folder ${printable(abs)} is not empty. Choose an empty or new folder, or allow replacing it (--overwrite).`);
  }
  return abs;
}

/** Create `dir` and missing parents; returns the folders it created, deepest last. */
function mkdirTracked(dir: string): string[] {
  const missing: string[] = [];
  for (let cur = dir; !fs.existsSync(cur); cur = path.dirname(cur)) {
    missing.unshift(cur);
    if (path.dirname(cur) === cur) break;
  }
  for (const d of missing) fs.mkdirSync(d);
  return missing;
}

function removeIfEmpty(dirs: string[]): void {
  for (const d of [...dirs].reverse()) {
    try {
      fs.rmdirSync(d);
    } catch {
      return; // not empty (someone else wrote there) or already gone
    }
  }
}

/** Put the finished temporary folder at `out`; an existing `out` is replaced only when allowed. */
function commitFolder(tmp: string, out: string, overwrite: boolean): void {
  let old: string | null = null;
  const st = fs.lstatSync(out, { throwIfNoEntry: false });
  if (st?.isSymbolicLink()) {
    fs.unlinkSync(out); // the link only; the folder it points to is left as it is
  } else if (st) {
    const empty = st.isDirectory() && fs.readdirSync(out).length === 0;
    if (empty) fs.rmdirSync(out);
    else if (!overwrite) {
      throw new LightboxError('CONFLICT', `Something was written into ${printable(out)} during the export. Nothing was changed there; export again into an empty folder.`);
    } else {
      old = `${out}.old-${randomBytes(4).toString('hex')}`;
      fs.renameSync(out, old);
    }
  }
  try {
    fs.renameSync(tmp, out);
  } catch (e) {
    if (old) fs.renameSync(old, out);
    throw e;
  }
  if (old) fs.rmSync(old, { recursive: true, force: true });
}

/** File-system failures while writing, as errors the person can act on. */
function writeFailure(e: unknown, out: string): unknown {
  if (isLightboxError(e)) return e;
  const code = (e as { code?: string })?.code;
  if (code === 'ENOSPC') return new LightboxError('NOT_WRITABLE', `The disk is full: the export to ${printable(out)} was not written. Free some space and export again.`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new LightboxError('NOT_WRITABLE', `Lightbox cannot write to ${printable(path.dirname(out))}: the folder is read-only or you lack permission. Choose another folder.`);
  }
  return e;
}

// ---------------------------------------------------------------------------------------------
// One export

export interface PreparedExport {
  root: string;
  /** The open store: region exporters read the regions of the selected images from it. */
  db: Db;
  /** masks: also one PNG per region. */
  instanceMasks: boolean;
  format: ExportFormat;
  out: string;
  overwrite: boolean;
  image: ImageOptions;
  selection: Selection;
}

/** Everything that can be refused is refused here, before a job starts. */
export function prepareExport(root: string, db: Db, options: ExportOptions, exporter: Exporter): PreparedExport {
  const out = checkOutputFolder(root, options.out, options.overwrite ?? false);
  const selection = selectImages(db, exporter.labeledBy);
  if (selection.items.length === 0) {
    const left = selection.skippedUnlabeled + selection.skippedStatus + selection.skippedUnreadable + selection.skippedMissing;
    throw new LightboxError(
      'BAD_PARAMS',
      left === 0
        ? 'Nothing to export: the dataset has no images yet. Scan its folder first.'
        : `Nothing to export: none of the ${left} images is labeled, readable and not skipped. Label some images first.`,
    );
  }
  return { root, db, instanceMasks: options.instanceMasks ?? false, format: options.format, out, overwrite: options.overwrite ?? false, image: imageOptions(options), selection };
}

/**
 * Images in flight at once. sharp works on libuv's thread pool (4 threads unless
 * UV_THREADPOOL_SIZE says otherwise), and on glibc Linux each pipeline is single-threaded, so four
 * pipelines keep the cores busy and overlap file reads with decoding; more would only queue.
 */
const PARALLEL = 4;

/**
 * The state of one export while an exporter writes it: the temporary folder, the names handed out,
 * what was written and what was left out. Exporters call `nameIn`, `writeImage`, `writeText`,
 * `leaveOutNoSplit` and `forEach`; `summary()` is the job's result.
 */
export class ExportRun {
  private readonly allocators = new Map<string, NameAllocator>();
  private readonly madeDirs = new Set<string>();
  private readonly exported = new Set<number>();
  private readonly renamed = new Set<number>();
  private readonly perSplit = { train: 0, val: 0, test: 0, none: 0 };
  private readonly problems: Problem[];
  private files = 0;
  private noSplit = 0;
  private missing = 0;
  private unreadable = 0;

  constructor(
    readonly plan: PreparedExport,
    /** The temporary output folder; renamed to `plan.out` when the exporter is done. */
    readonly dir: string,
    readonly job: JobContext,
  ) {
    this.problems = [...plan.selection.problems];
  }

  get selection(): Selection {
    return this.plan.selection;
  }

  /** The names of `folder` (relative to the output, `/` separators, '' for the top). */
  names(folder: string): NameAllocator {
    let a = this.allocators.get(folder);
    if (!a) {
      a = new NameAllocator();
      this.allocators.set(folder, a);
    }
    return a;
  }

  /** The output-relative path of `item`'s image inside `folder`. Call in item order: names depend on it. */
  nameIn(folder: string, item: ExportItem): string {
    const wanted = wantedFileName(item.path, outputEncoding(item.format, this.plan.image.imageFormat));
    const name = this.names(folder).take(wanted);
    if (splitExtension(name)[0] !== splitExtension(wanted)[0]) this.renamed.add(item.id);
    return folder ? `${folder}/${name}` : name;
  }

  /** Count an image left out because it has no split while others have one. */
  leaveOutNoSplit(_item: ExportItem): void {
    this.noSplit++;
  }

  private problem(item: ExportItem, reason: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ path: item.path, reason });
  }

  private async ensureDir(rel: string): Promise<void> {
    if (rel === '' || this.madeDirs.has(rel)) return;
    await fs.promises.mkdir(path.join(this.dir, ...rel.split('/')), { recursive: true });
    this.madeDirs.add(rel);
  }

  /**
   * Write `item` once, at each of `rels` (output-relative). Returns where the source landed, or
   * null when the file is gone or cannot be decoded: the image is then left out and counted.
   */
  async writeImage(item: ExportItem, rels: readonly string[]): Promise<Placement | null> {
    let encoded: { data: Buffer; placement: Placement };
    try {
      const file = resolveInside(this.plan.root, item.path);
      encoded = await encodeImage(file, outputEncoding(item.format, this.plan.image.imageFormat), this.plan.image);
    } catch (e) {
      const gone = (isLightboxError(e) && e.code === 'NOT_FOUND') || (e as { code?: string })?.code === 'ENOENT';
      if (gone) this.missing++;
      else this.unreadable++;
      this.problem(item, gone ? 'file is gone from the dataset folder' : isLightboxError(e) ? e.message : decodeFailureReason(e));
      return null;
    }
    for (const rel of rels) {
      await this.ensureDir(path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel));
      // 'wx': two images must never be given the same name; if they were, fail loudly.
      await fs.promises.writeFile(path.join(this.dir, ...rel.split('/')), encoded.data, { flag: 'wx' });
      this.files++;
    }
    if (!this.exported.has(item.id)) {
      this.exported.add(item.id);
      this.perSplit[item.split ?? 'none']++;
    }
    return encoded.placement;
  }

  /** Write a label file (UTF-8) at `rel`. */
  async writeText(rel: string, text: string): Promise<void> {
    await this.ensureDir(path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel));
    await fs.promises.writeFile(path.join(this.dir, ...rel.split('/')), text, { encoding: 'utf8', flag: 'wx' });
  }

  /**
   * Run `fn` over `items`, a few at a time, reporting progress and stopping at cancel. Results come
   * back in item order whatever the order of completion. Waits for every started item before it
   * returns or throws, so nothing writes into the folder after a failure.
   */
  async forEach<T, R>(items: readonly T[], label: (item: T) => string, fn: (item: T) => Promise<R>): Promise<R[]> {
    const out = new Array<R>(items.length);
    const failure: { error?: unknown } = {};
    let next = 0;
    let done = 0;
    this.job.progress(0, items.length, null);
    const worker = async () => {
      while (!('error' in failure) && next < items.length) {
        const i = next++;
        try {
          this.job.checkCancelled();
          out[i] = await fn(items[i]!);
        } catch (e) {
          if (!('error' in failure)) failure.error = e;
          return;
        }
        done++;
        this.job.progress(done, items.length, label(items[i]!));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(PARALLEL, items.length)) }, worker));
    if ('error' in failure) throw failure.error;
    return out;
  }

  summary(): ExportSummary {
    const s = this.plan.selection;
    const renamed = [...this.renamed].filter((id) => this.exported.has(id)).length;
    return {
      out: this.plan.out,
      format: this.plan.format,
      exported: this.exported.size,
      files: this.files,
      skippedMissing: s.skippedMissing + this.missing,
      skippedStatus: s.skippedStatus,
      skippedUnlabeled: s.skippedUnlabeled,
      skippedUnreadable: s.skippedUnreadable + this.unreadable,
      skippedNoSplit: this.noSplit,
      renamed,
      perSplit: { ...this.perSplit },
      problems: this.problems,
    };
  }
}

/**
 * Remove `OUT.partial-PID-XXXX` folders left beside OUT by an export whose process died (a crash,
 * a power cut). A folder of a process still running is another export in progress: left alone.
 */
export function removeStalePartials(out: string): string[] {
  const dir = path.dirname(out);
  const prefix = `${path.basename(out)}.partial-`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || processAlive(pid)) continue;
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Run `exporter` into `OUT.partial-PID-XXXX` beside the output folder and rename it to OUT when it is
 * complete. On failure or cancel the temporary folder (and any parent folder made for it) is
 * removed, and OUT is as it was.
 */
export async function runExport(plan: PreparedExport, exporter: Exporter, job: JobContext): Promise<ExportSummary> {
  const { out } = plan;
  let created: string[] = [];
  let tmp: string | null = null;
  try {
    created = mkdirTracked(path.dirname(out));
    removeStalePartials(out);
    tmp = fs.mkdtempSync(`${out}.partial-${process.pid}-`);
    const run = new ExportRun(plan, tmp, job);
    await exporter.write(run);
    job.checkCancelled();
    commitFolder(tmp, out, plan.overwrite);
    return run.summary();
  } catch (e) {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    removeIfEmpty(created);
    throw writeFailure(e, out);
  }
}
