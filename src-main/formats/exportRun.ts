import fs from 'node:fs';
import path from 'node:path';
import { LightboxError, isLightboxError } from '../api/errors.js';
import { type ExportFormat, type ExportOptions, type ExportPrivacy, type ExportSummary, PRIVACY_REPORT } from '../api/exports.js';
import { writeFolderAtomic } from '../dataset/atomicOutput.js';
import { printable, resolveInside, splitExtension } from '../dataset/pathSafety.js';
import { type EncodedImage, type ImageOptions, type Placement, type Rescale, encodeExportImage, imageOptions, outputEncoding } from '../imaging/exportImage.js';
import { fileOfRow } from '../dataset/imageFrames.js';
import { decodeFailureReason } from '../imaging/sharpSafe.js';
import { forEachParallel } from '../jobs/forEachParallel.js';
import { NameCheck } from '../privacy/nameCheck.js';
import { patientNames } from '../privacy/patientNames.js';
import { privacyReportText } from '../privacy/privacyReport.js';
import type { JobContext } from '../jobs/JobManager.js';
import type { Db } from '../store/openStore.js';
import { EXPORT_MARKER, checkOutputFolder, replaceRule, writeExportMarker } from './exportFolder.js';
import { NameAllocator, type NameRegistry, anonymousFileName, wantedFileName, writeNameMapping } from './exportNames.js';
import { ScratchNames } from '../store/scratchNames.js';
import { type ExportItem, type LabeledBy, MAX_PROBLEMS, type Problem, type Selection, selectImages, streamSelection } from './exportSelection.js';

/**
 * One export from start to end: refuse what can be refused before a job starts (`prepareExport`),
 * then run an exporter into a temporary folder that becomes the output folder only when it is
 * complete (`runExport`). An exporter decides the layout and writes its label files through an
 * `ExportRun`; the registry is exporters.ts. Which images go out is exportSelection.ts, their
 * names exportNames.ts, their pixels imaging/exportImage.ts, the folder dataset/atomicOutput.ts.
 */

export interface Exporter {
  labeledBy: LabeledBy;
  /** Formats that pack images into containers (webdataset, parquet): `keep` writes WebP, TIFF and GIF as PNG, so every loader decodes them. */
  jpegOrPng?: boolean;
  /** Refuses `--annotations all` (throws, in one line, why the format cannot carry every annotator's answer); absent when it can. */
  refuseAllAnswers?: () => never;
  /**
   * The exporter reads `run.selection.streamed` (the images paged through the store) when the
   * selection is streamed, and writes each image once, in order: formats meant for 100,000
   * images (webdataset, parquet), whose memory then does not grow with the dataset.
   */
  streams?: boolean;
  /** Write the layout and label files into `run.dir`; images through `run.writeImage`. */
  write(run: ExportRun): Promise<void>;
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
  /** Name images img-000001… and keep the mapping in the dataset's .lightbox/exports/. */
  anonymousNames: boolean;
  /** Flags file names that look like they identify a person. */
  nameCheck: NameCheck;
  /** See Exporter.jpegOrPng. */
  jpegOrPng: boolean;
  /** webdataset and parquet: images and bytes per shard (ExportOptions.shardSize, shardBytes). */
  shard: { images: number; bytes: number };
  /** dicom format: shift or remove dates. */
  dates: 'shift' | 'remove';
}

/** Everything that can be refused is refused here, before a job starts. */
export function prepareExport(root: string, db: Db, options: ExportOptions, exporter: Exporter): PreparedExport {
  let selection: Selection | null = null;
  try {
    return planExport(root, db, options, exporter, (s) => (selection = s));
  } catch (e) {
    (selection as Selection | null)?.streamed?.close();
    throw e;
  }
}

/** prepareExport's work; `opened` is given the selection once it holds a read snapshot, so a refusal after that can close it. */
function planExport(root: string, db: Db, options: ExportOptions, exporter: Exporter, opened: (s: Selection) => void): PreparedExport {
  const out = checkOutputFolder(root, options.out, options.overwrite ?? false);
  // Streamed for the dataset's own labels; annotators' answers and anonymous names (numbered over the
  // whole selection) are read for every image at once, so those exports hold the selection.
  const ownLabels = (options.annotations ?? 'resolved') === 'resolved' && !options.anonymousNames;
  const selection = exporter.streams && ownLabels ? streamSelection(db, exporter.labeledBy) : selectImages(db, exporter.labeledBy, options.annotations);
  opened(selection);
  const count = selection.streamed?.count ?? selection.items.length;
  if (options.annotations === 'all') exporter.refuseAllAnswers?.();
  const notPlain = selection.streamed?.anyNotPlain ?? selection.items.some((i) => i.pixels !== 'plain');
  if (options.window === 'none' && options.imageFormat === 'jpeg' && notPlain) {
    throw new LightboxError('BAD_PARAMS', 'JPEG holds 8 bits only, so --window none cannot keep the values: export as PNG (--image-format png or keep), or choose a window.');
  }
  if (count === 0) {
    const left = selection.skippedUnlabeled + selection.skippedStatus + selection.skippedUnreadable + selection.skippedMissing;
    throw new LightboxError(
      'BAD_PARAMS',
      left === 0
        ? 'Nothing to export: the dataset has no images yet. Scan its folder first.'
        : `Nothing to export: none of the ${left} images is labeled, readable and not skipped. Label some images first.`,
    );
  }
  if (options.format === 'dicom' && !selection.items.some((i) => i.pixels === 'dicom')) {
    throw new LightboxError('BAD_PARAMS', 'Nothing to export as DICOM: none of the labeled images is a DICOM file. Choose another format, or label DICOM images first.');
  }
  return {
    root,
    db,
    instanceMasks: options.instanceMasks ?? false,
    format: options.format,
    out,
    overwrite: options.overwrite ?? false,
    image: imageOptions(options),
    selection,
    anonymousNames: options.anonymousNames ?? false,
    nameCheck: new NameCheck(options.flagNames),
    jpegOrPng: exporter.jpegOrPng ?? false,
    shard: { images: options.shardSize ?? 10_000, bytes: options.shardBytes ?? 512 * 1024 * 1024 },
    dates: options.dates ?? 'shift',
  };
}

/**
 * Images in flight at once. sharp works on libuv's thread pool (4 threads unless
 * UV_THREADPOOL_SIZE says otherwise), and on glibc Linux each pipeline is single-threaded, so four
 * pipelines keep the cores busy and overlap file reads with decoding; more would only queue.
 */
const PARALLEL = 4;

/**
 * Image ids counted once each. A streamed export names and writes each image once, in order, so
 * it counts them without keeping the ids (`keep` false); the other formats may write an image
 * several times and keep them.
 */
class CountOnce {
  private readonly ids: Set<number> | null;
  size = 0;
  constructor(keep: boolean) {
    this.ids = keep ? new Set() : null;
  }
  /** True the first time `id` is added (always, when ids are not kept). */
  add(id: number): boolean {
    if (this.ids) {
      if (this.ids.has(id)) return false;
      this.ids.add(id);
    }
    this.size++;
    return true;
  }
  /** Only when ids are kept. */
  has(id: number): boolean {
    return this.ids!.has(id);
  }
}

/** Beside the images of a `window: none` export: how their values go back to the modality unit. */
export const RESCALE_FILE = 'rescale.json';

/**
 * The state of one export while an exporter writes it: the temporary folder, the names handed out,
 * what was written and what was left out. Exporters call `nameIn`, `writeImage`, `writeText`,
 * `leaveOutNoSplit` and `forEach`; `summary()` is the job's result.
 */
export class ExportRun {
  private readonly allocators = new Map<string, NameAllocator>();
  private readonly madeDirs = new Set<string>();
  /** A streamed selection: nothing is kept per image (see CountOnce, settle). */
  private readonly streamed: boolean;
  /** Streamed: the names handed out, on disk. */
  private readonly scratch: ScratchNames | null;
  private readonly exported: CountOnce;
  /** Images renamed to avoid a clash; streamed, only those named and not yet written (the rest are counted). */
  private readonly renamed = new Set<number>();
  private renamedWritten = 0;
  /** Streamed: the written images whose name was flagged (their count, and the first MAX_PROBLEMS). */
  private flaggedWritten = 0;
  private readonly flaggedKept: { path: string; reason: string }[] = [];
  private readonly perSplit = { train: 0, val: 0, test: 0, none: 0 };
  private readonly problems: Problem[];
  private files = 0;
  private noSplit = 0;
  private missing = 0;
  private unreadable = 0;
  private withExif = 0;
  private withGps = 0;
  /** Images whose written name looks identifying: id -> [written path, reason]. */
  private readonly flagged = new Map<number, { path: string; reason: string }>();
  /** Anonymous names: each image's number (its place in the selection, from 1), and where it went. */
  private readonly ordinal = new Map<number, number>();
  /** Anonymous names only: each image's source and the outputs it was written to, for the mapping file. */
  readonly written = new Map<number, { source: string; outputs: string[] }>();
  /** Output-relative path → how its values go back to the modality unit (`window: none`). */
  private readonly rescales = new Map<string, Rescale>();
  private windowedForEncoding = 0;
  /** Holes of polygon regions left out by a format whose polygons cannot hold them. */
  private holesDropped = 0;
  private readonly redacted: CountOnce;
  /** Redacted images go through raw pixels, so they lose their metadata even when it is kept. */
  private readonly redactedWithoutMetadata: CountOnce;
  /** Lines an exporter adds to the summary's notes (addNote). */
  private readonly extraNotes: string[] = [];
  /** Set by the dicom exporter: what its de-identification did, for the report. */
  dicomPrivacy: ExportPrivacy['dicom'] | null = null;

  constructor(
    readonly plan: PreparedExport,
    /** The temporary output folder; renamed to `plan.out` when the exporter is done. */
    readonly dir: string,
    readonly job: JobContext,
  ) {
    this.problems = [...plan.selection.problems];
    this.streamed = plan.selection.streamed !== undefined;
    this.scratch = this.streamed ? new ScratchNames() : null;
    this.exported = new CountOnce(!this.streamed);
    this.redacted = new CountOnce(!this.streamed);
    this.redactedWithoutMetadata = new CountOnce(!this.streamed);
    if (plan.anonymousNames) plan.selection.items.forEach((item, i) => this.ordinal.set(item.id, i + 1));
  }

  get selection(): Selection {
    return this.plan.selection;
  }

  /**
   * Where the names of `scope` are kept: on disk for a streamed selection, else undefined (in
   * memory). A scope is an output folder, or another set of names (`keys:` for WebDataset keys).
   */
  registry(scope: string): NameRegistry | undefined {
    const scratch = this.scratch;
    if (!scratch) return undefined;
    return {
      has: (key) => scratch.has(scope, key),
      add: (key) => scratch.add(scope, key),
      lastSuffix: (name) => scratch.lastSuffix(scope, name),
      setLastSuffix: (name, n) => scratch.setLastSuffix(scope, name, n),
    };
  }

  /** Remove what the run kept on disk (the scratch names). */
  close(): void {
    this.scratch?.close();
  }

  /** The names of `folder` (relative to the output, `/` separators, '' for the top). */
  names(folder: string): NameAllocator {
    let a = this.allocators.get(folder);
    if (!a) {
      a = new NameAllocator(undefined, this.registry(`folder:${folder}`));
      if (folder === '') {
        a.reserve(EXPORT_MARKER);
        a.reserve(PRIVACY_REPORT);
        a.reserve(RESCALE_FILE);
      }
      this.allocators.set(folder, a);
    }
    return a;
  }

  /**
   * The output-relative path of `item`'s image inside `folder`. Call in item order: names depend on
   * it. `ext` ('.dcm') overrides the extension of the encoding, for an exporter that copies files.
   */
  nameIn(folder: string, item: ExportItem, ext?: string): string {
    const enc = this.encodingOf(item);
    const n = this.ordinal.get(item.id);
    let wanted: string;
    if (n !== undefined) wanted = anonymousFileName(n, enc);
    else {
      // A frame of a multi-frame file is named after its file and frame: `multi.dcm#2` → `multi_frame2.png`.
      const file = fileOfRow(item.path, item.frame);
      const own = wantedFileName(file, enc);
      const [stem, ownExt] = splitExtension(own);
      wanted = item.frame !== null && item.path !== file ? `${stem}_frame${item.frame}${ownExt}` : own;
    }
    if (ext !== undefined) wanted = `${splitExtension(wanted)[0]}${ext}`;
    const name = this.names(folder).take(wanted);
    if (n === undefined && splitExtension(name)[0] !== splitExtension(wanted)[0]) this.renamed.add(item.id);
    const rel = folder ? `${folder}/${name}` : name;
    if (n === undefined && !this.flagged.has(item.id)) {
      const reason = this.plan.nameCheck.reason(name);
      if (reason) this.flagged.set(item.id, { path: rel, reason });
    }
    return rel;
  }

  private encodingOf(item: ExportItem) {
    const enc = outputEncoding(item.format, this.plan.image.imageFormat, item.pixels, this.plan.image.window);
    return this.plan.jpegOrPng && enc !== 'jpeg' ? 'png' : enc;
  }

  /** Count an image left out because it has no split while others have one. */
  leaveOutNoSplit(_item: ExportItem): void {
    this.noSplit++;
  }

  /** Count `n` images left out for the same reason, counted without holding them (a streamed selection). */
  leaveOutNoSplits(n: number): void {
    this.noSplit += n;
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
    const encoded = await this.encodeImage(item);
    if (!encoded) return null;
    for (const rel of rels) {
      await this.ensureDir(path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel));
      // 'wx': two images must never be given the same name; if they were, fail loudly.
      await fs.promises.writeFile(path.join(this.dir, ...rel.split('/')), encoded.data, { flag: 'wx' });
    }
    this.countWritten(item, encoded, rels);
    return encoded.placement;
  }

  /**
   * The bytes of `item` as this export writes them, for a format that packs them itself (a tar
   * shard, a Parquet file), which then calls `countWritten`. Null when the file is gone or cannot
   * be decoded: the image is then left out and counted.
   */
  async encodeImage(item: ExportItem): Promise<EncodedImage | null> {
    try {
      const file = resolveInside(this.plan.root, fileOfRow(item.path, item.frame));
      const redact = item.redactions.length > 0 ? { shapes: item.redactions, mode: this.plan.image.redact } : null;
      return await encodeExportImage(file, item.pixels, item.frame, this.encodingOf(item), this.plan.image, redact);
    } catch (e) {
      const gone = (isLightboxError(e) && e.code === 'NOT_FOUND') || (e as { code?: string })?.code === 'ENOENT';
      if (gone) this.missing++;
      else this.unreadable++;
      this.forget(item);
      this.problem(item, gone ? 'file is gone from the dataset folder' : isLightboxError(e) ? e.message : decodeFailureReason(e));
      return null;
    }
  }

  /** Count `item` as written at each of `rels` (output-relative; inside a container `SHARD.tar/KEY.jpg`). */
  countWritten(item: ExportItem, encoded: EncodedImage, rels: readonly string[]): void {
    for (const rel of rels) {
      this.files++;
      if (encoded.rescale) this.rescales.set(rel, encoded.rescale);
    }
    if (encoded.windowedForEncoding) this.windowedForEncoding++;
    if (encoded.redacted) {
      this.redacted.add(item.id);
      if (!this.plan.image.stripMetadata) this.redactedWithoutMetadata.add(item.id);
    }
    if (this.exported.add(item.id)) {
      this.perSplit[item.split ?? 'none']++;
      if (encoded.source.exif) this.withExif++;
      if (encoded.source.gps) this.withGps++;
      this.settle(item);
    }
    // Only the name mapping reads where each image went: without it, 100,000 entries are not kept.
    if (!this.plan.anonymousNames) return;
    const w = this.written.get(item.id) ?? { source: item.path, outputs: [] };
    w.outputs.push(...rels);
    this.written.set(item.id, w);
  }

  /**
   * Streamed: `item` was written, so whether it was renamed or its name flagged is counted now,
   * and nothing about it stays behind.
   */
  private settle(item: ExportItem): void {
    if (!this.streamed) return;
    if (this.renamed.delete(item.id)) this.renamedWritten++;
    const f = this.flagged.get(item.id);
    if (f) {
      this.flagged.delete(item.id);
      this.flaggedWritten++;
      if (this.flaggedKept.length < MAX_PROBLEMS) this.flaggedKept.push(f);
    }
  }

  /** Streamed: `item` is left out, so what was noted about its name goes. */
  private forget(item: ExportItem): void {
    if (!this.streamed) return;
    this.renamed.delete(item.id);
    this.flagged.delete(item.id);
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
  forEach<T, R>(items: readonly T[], label: (item: T) => string, fn: (item: T) => Promise<R>): Promise<R[]> {
    return forEachParallel(this.job, items, PARALLEL, label, fn);
  }

  privacy(mappingFile: string | null): ExportPrivacy {
    const flagged = this.streamed ? this.flaggedKept : [...this.flagged].filter(([id]) => this.exported.has(id)).map(([, f]) => f);
    return {
      metadataStripped: this.plan.image.stripMetadata,
      withExif: this.withExif,
      withGps: this.withGps,
      flaggedNames: this.streamed ? this.flaggedWritten : flagged.length,
      flagged: flagged.slice(0, MAX_PROBLEMS),
      anonymousNames: this.plan.anonymousNames,
      mappingFile,
      ...(this.redacted.size > 0 ? { redactedImages: this.redacted.size, redactMode: this.plan.image.redact } : {}),
      ...(this.dicomPrivacy ? { dicom: this.dicomPrivacy } : {}),
    };
  }

  /** Count an image whose redactions were applied by an exporter writing pixels itself (dicom). */
  countRedacted(item: ExportItem): void {
    this.redacted.add(item.id);
  }

  /**
   * Record a file an exporter wrote itself (dicom copies), as writeImage does for images it encodes.
   * `rel` is output-relative.
   */
  async writeFile(items: readonly ExportItem[], rel: string, data: Uint8Array): Promise<void> {
    await this.ensureDir(path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel));
    await fs.promises.writeFile(path.join(this.dir, ...rel.split('/')), data, { flag: 'wx' });
    this.files++;
    for (const item of items) {
      if (this.exported.add(item.id)) {
        this.perSplit[item.split ?? 'none']++;
        this.settle(item);
      }
    }
    const first = items[0]!;
    const w = this.written.get(first.id) ?? { source: fileOfRow(first.path, first.frame), outputs: [] };
    w.outputs.push(rel);
    this.written.set(first.id, w);
  }

  /** A line for the summary's notes (what the person should know about this export). */
  addNote(text: string): void {
    this.extraNotes.push(text);
  }

  /** Count holes of polygon regions that a format whose polygons cannot hold them left out. */
  dropHoles(n: number): void {
    this.holesDropped += n;
  }

  /** Leave out an item that could not be written (a file refused by the dicom exporter), with its reason. */
  refuse(item: ExportItem, reason: string): void {
    this.unreadable++;
    this.forget(item);
    this.problem(item, reason);
  }

  /** `rescale.json` at the top, when values were written at 16 bits with a rescale: per image, value × slope + intercept. */
  async writeRescales(): Promise<void> {
    if (this.rescales.size === 0) return;
    const images = Object.fromEntries([...this.rescales].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const doc = { description: 'Modality value (HU for CT) = pixel value × slope + intercept, per image of this export', images };
    await fs.promises.writeFile(path.join(this.dir, RESCALE_FILE), `${JSON.stringify(doc, null, 1)}\n`, { flag: 'wx' });
  }

  summary(mappingFile: string | null = null): ExportSummary {
    const s = this.plan.selection;
    const notes: string[] = [];
    if (this.windowedForEncoding > 0) {
      notes.push(`${this.windowedForEncoding} 16-bit image(s) were windowed into 8 bits by their histogram (0.5–99.5 %), because ${this.plan.image.imageFormat.toUpperCase()} holds 8 bits only; export as PNG to keep the values.`);
    }
    notes.push(...this.extraNotes);
    if (this.holesDropped > 0) {
      notes.push(`${this.holesDropped} hole(s) of polygon regions were left out: ${this.plan.format} polygons cannot hold holes (export coco or masks to keep them).`);
    }
    if (this.redactedWithoutMetadata.size > 0) {
      notes.push(`${this.redactedWithoutMetadata.size} image(s) with redaction regions were written without their metadata, although it was kept for the others.`);
    }
    if (this.rescales.size > 0) notes.push(`Modality values were written as 16-bit PNG; ${RESCALE_FILE} gives each image's slope and intercept back to the modality unit.`);
    const renamed = this.streamed ? this.renamedWritten : [...this.renamed].filter((id) => this.exported.has(id)).length;
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
      privacy: this.privacy(mappingFile),
      ...(this.holesDropped > 0 ? { holesDropped: this.holesDropped } : {}),
      ...(notes.length ? { notes } : {}),
    };
  }
}

/**
 * Run `exporter` into `OUT.partial-PID-XXXX` beside the output folder, mark it as a Lightbox
 * export and rename it to OUT when it is complete. On failure or cancel the temporary folder (and
 * any parent folder made for it) is removed, and OUT is as it was.
 */
export async function runExport(plan: PreparedExport, exporter: Exporter, job: JobContext): Promise<ExportSummary> {
  let mapping: string | null = null;
  try {
    return await writeFolderAtomic(plan.out, replaceRule(plan.overwrite, true), async (tmp) => {
      const run = new ExportRun(plan, tmp, job);
      try {
        // A file named after its patient is flagged: the names come from the files now, never from the store.
        const dicom = plan.selection.streamed?.dicomFiles ?? plan.selection.items.filter((i) => i.pixels === 'dicom').map((i) => fileOfRow(i.path, i.frame));
        const dicomFiles = new Set(dicom.map((f) => resolveInside(plan.root, f)));
        if (dicomFiles.size > 0) plan.nameCheck.add(await patientNames([...dicomFiles]));
        await exporter.write(run);
      } finally {
        run.close();
      }
      job.checkCancelled();
      const now = new Date();
      await run.writeRescales();
      // The way back from img-000001 to a person's file name stays in the dataset, never in the export.
      if (plan.anonymousNames) mapping = writeNameMapping(plan.root, now, [...run.written.values()]);
      const summary = run.summary(mapping);
      await run.writeText(PRIVACY_REPORT, privacyReportText(summary.privacy, { format: plan.format, exported: summary.exported, exportedAt: now }));
      writeExportMarker(tmp, plan.format, plan.root, now);
      return summary;
    });
  } catch (e) {
    if (mapping) fs.rmSync(path.join(plan.root, ...(mapping as string).split('/')), { force: true });
    throw writeFailure(e, plan.out);
  } finally {
    plan.selection.streamed?.close();
  }
}
