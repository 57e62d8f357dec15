import type { RegionShape } from '../api/annotations.js';
import type { Db } from '../store/openStore.js';
import { type ExportImageRow, openReadSnapshot, annotatedAmong, annotatedImageIds, classesInOrder, exportImageRows, exportImageRowsPage, liveTagsOfImages } from '../store/exportRowsRepo.js';
import { redactionsByImage, redactionsOfImages } from '../store/regionsRepo.js';
import { hasTeamAnswers, resolvedAuthorsOf } from '../store/teamsRepo.js';
import { fileOfRow } from '../dataset/imageFrames.js';
import { type AnnotatorAnswer, answerSource } from './exportAnswers.js';
import { annotatorSuffixes } from './exportNames.js';
import { getSetting } from '../store/settingsRepo.js';

/** Which images an export writes, and how many it leaves out for which reason. */

export type SplitName = 'train' | 'val' | 'test';

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
  /** 1-based frame of a multi-frame DICOM (the path is `FILE#N`), else null. */
  frame: number | null;
  /** What decides how the pixels are written: a DICOM frame, a 16-bit greyscale PNG/TIFF, or an ordinary image. */
  pixels: 'dicom' | 'grey16' | 'plain';
  /** Pixel spacing of the source, [row, col] in mm, where the file gives it. */
  spacing: [number, number] | null;
  /** Image-level tags, in class order. */
  classIds: number[];
  labels: string[];
  /** Who the labels came from, when an annotator's merged answer (issue 14); else null. */
  annotator?: string | null;
  /** `--annotations all`: each annotator's image classes beside the labels, annotators by name (their regions are read with the image's own). */
  answers?: AnnotatorAnswer[];
  /**
   * `--annotations all`: false for an image that is in the export for its annotators' answers
   * only (waiting for review): it has no labels of its own, which is not the same as "background".
   */
  resolved?: boolean;
  /** Shapes of redaction regions (upright source pixels): hidden in the written pixels, never labels. */
  redactions: RegionShape[];
}

export interface Problem {
  path: string;
  reason: string;
}

export interface Selection {
  /**
   * In path order (the store's binary order), so every run names and lists files the same way.
   * Empty for a streamed selection (`streamed`), whose items are read from the store a page at a time.
   */
  items: ExportItem[];
  /** Set when the items are not held but paged through the store (streamSelection). */
  streamed?: StreamedSelection;
  skippedMissing: number;
  skippedStatus: number;
  skippedUnlabeled: number;
  skippedUnreadable: number;
  problems: Problem[];
  /** Labels are sets: the project is in multi-label mode, or some image carries more than one tag. */
  multiLabel: boolean;
  /** Every class name, in class order (archived ones too): folder names are handed out in this order. */
  classNames: string[];
  /** `--annotations annotator:NAME`: whose regions are exported instead of the dataset's own (read a window at a time). */
  regionsOf?: string | null;
  /** The CSV export carries an `annotator` column (the dataset has merged answers, or they were asked for). */
  annotatorColumn?: boolean;
  /** `--annotations all`: every annotator with an answer on an exported image, by name, and the folder suffix of each (`-NAME` made safe). */
  annotators?: string[];
  annotatorSuffixes?: Map<string, string>;
}

/**
 * A selection that is not held in memory: what an export needs to know before it writes (how many
 * images, which splits in which order) is counted in one pass over the store, and the items are
 * read again a page at a time while the export writes them. The same images, in the same order,
 * as selectImages: a streamed export writes the same files.
 */
export interface StreamedSelection {
  /** Images selected. */
  count: number;
  /** Images per split (null: without one), in the order of each split's first image (path order). */
  splits: Map<SplitName | null, number>;
  /** Some selected image is a DICOM frame or a 16-bit greyscale image. */
  anyNotPlain: boolean;
  /** The files of the selected DICOM images (only those: their patient names are read to flag file names). */
  dicomFiles: string[];
  /** The selected images of `split` (all of them when undefined; null: those without a split), in path order. */
  items(split?: SplitName | null): Iterable<ExportItem>;
  /** End the read snapshot the items come from (runExport does, when the export ends). */
  close(): void;
}

/** What makes an image "labeled" for a format: image-level tags, or any live annotation (regions). */
export type LabeledBy = 'tags' | 'annotations';

/** Problems listed in a summary; the counts cover the rest. */
export const MAX_PROBLEMS = 100;

/**
 * An export holds its selection for the whole run, so an item is kept small: what many images have
 * in common is one shared value, not a copy per image (100,000 items held 32 MB, 338 bytes each,
 * with a fresh `'train'`, `'jpeg'` and three empty arrays per image). Items and their arrays are
 * shared and never changed by the formats.
 */
const NONE: never[] = Object.freeze([]) as unknown as never[];
const SPLITS: Record<string, SplitName> = { train: 'train', val: 'val', test: 'test' };

/** One string per distinct value (SQLite hands out a new string per row). */
class Interned {
  private readonly seen = new Map<string, string>();
  take(s: string): string {
    const known = this.seen.get(s);
    if (known !== undefined) return known;
    this.seen.set(s, s);
    return s;
  }
}

/** One pair of arrays per distinct set of image tags: most images of a dataset share a few. */
class TagSets {
  private readonly seen = new Map<string, { ids: number[]; names: string[] }>();
  take(ids: number[], names: string[]): { ids: number[]; names: string[] } {
    const key = ids.join(',');
    let known = this.seen.get(key);
    if (!known) {
      known = { ids: Object.freeze(ids) as number[], names: Object.freeze(names) as string[] };
      this.seen.set(key, known);
    }
    return known;
  }
}

/** A selection with nothing in it yet, nothing skipped, for these classes. */
function emptySelection(classNames: string[], regionsOf: Selection['regionsOf'], annotatorColumn: Selection['annotatorColumn']): Selection {
  return { items: [], skippedMissing: 0, skippedStatus: 0, skippedUnlabeled: 0, skippedUnreadable: 0, problems: [], multiLabel: false, classNames, regionsOf, annotatorColumn };
}

/**
 * Choose the images that go out: not missing, not skipped, labeled, readable. Each image left out is
 * counted once, under the first of those reasons (so "unreadable" counts only labels that are lost).
 */
export function selectImages(db: Db, labeledBy: LabeledBy, annotations?: string): Selection {
  const rows = exportImageRows(db);
  const source = answerSource(db, annotations);
  const tags = new Map<number, { ids: number[]; names: string[] }>();
  for (const t of source.tags) {
    let entry = tags.get(t.imageId);
    if (!entry) {
      entry = { ids: [], names: [] };
      tags.set(t.imageId, entry);
    }
    if (!entry.ids.includes(t.classId)) {
      entry.ids.push(t.classId);
      entry.names.push(t.name);
    }
  }
  const tagSets = new TagSets();
  for (const [imageId, t] of tags) tags.set(imageId, tagSets.take(t.ids, t.names));
  const annotated = source.regionsOf !== null ? source.answered : labeledBy === 'annotations' ? annotatedImageIds(db) : null;
  const formats = new Interned();
  const redactions = redactionsByImage(db);
  const classNames = classesInOrder(db).map((c) => c.name);
  const sel = emptySelection(classNames, source.regionsOf, source.annotatorColumn);
  for (const r of rows) {
    const t = tags.get(r.id);
    const own = annotated ? annotated.has(r.id) : !!t;
    const labeled = own || (source.answers?.has(r.id) ?? false);
    const item = selectRow(sel, r, labeled, t, redactions.get(r.id), formats, source.annotatorOf.get(r.id) ?? null);
    if (!item) continue;
    if (source.answers) {
      item.answers = source.answers.get(r.id) ?? NONE;
      item.resolved = own;
    }
    sel.items.push(item);
  }
  if (source.answers) {
    sel.annotators = [...new Set(sel.items.flatMap((i) => (i.answers ?? []).map((a) => a.annotator)))].sort();
    sel.annotatorSuffixes = annotatorSuffixes(sel.annotators);
  }
  sel.multiLabel = getSetting<string>(db, 'labelMode', 'single') === 'multi' || sel.items.some((i) => i.labels.length > 1);
  return sel;
}

/**
 * One image row: counted in `sel` under the first reason it is left out, or the item that goes out.
 * `labeled`: it has labels of the kind the format exports; `tags` its image-level tags.
 */
function selectRow(
  sel: Pick<Selection, 'skippedMissing' | 'skippedStatus' | 'skippedUnlabeled' | 'skippedUnreadable' | 'problems'>,
  r: ExportImageRow,
  labeled: boolean,
  tags: { ids: number[]; names: string[] } | undefined,
  redacted: { shape: RegionShape }[] | undefined,
  formats: Interned,
  annotator: string | null,
): ExportItem | null {
  if (r.missing === 1) sel.skippedMissing++;
  else if (r.status === 'skipped') sel.skippedStatus++;
  else if (!labeled) sel.skippedUnlabeled++;
  else if (r.error !== null || r.format === null) {
    sel.skippedUnreadable++;
    if (sel.problems.length < MAX_PROBLEMS) sel.problems.push({ path: r.path, reason: r.error ?? 'not a readable image' });
  } else {
    return {
      id: r.id,
      path: r.path,
      split: r.split === null ? null : (SPLITS[r.split] ?? r.split),
      format: formats.take(r.format),
      width: r.width,
      height: r.height,
      frame: r.frame,
      pixels: r.format === 'dicom' ? 'dicom' : (r.bitsStored ?? 0) > 8 ? 'grey16' : 'plain',
      spacing: r.spacingRow !== null && r.spacingCol !== null ? [r.spacingRow, r.spacingCol] : null,
      classIds: tags?.ids ?? NONE,
      labels: tags?.names ?? NONE,
      annotator,
      redactions: redacted ? redacted.map((x) => x.shape) : NONE,
    };
  }
  return null;
}

/** Rows read from the store at a time by a streamed selection. */
const PAGE = 500;

/**
 * The images selectImages would choose, for the dataset's own labels, without holding them: see
 * StreamedSelection. Who resolved an image from annotators' answers is read with its page. Both
 * passes read one snapshot of the store (openReadSnapshot), so an image labeled or moved to another
 * split while the export runs is neither written twice nor counted wrong.
 */
export function streamSelection(store: Db, labeledBy: LabeledBy): Selection {
  const snapshot = openReadSnapshot(store);
  try {
    return streamFrom(snapshot.db, labeledBy, snapshot.close);
  } catch (e) {
    snapshot.close();
    throw e;
  }
}

function streamFrom(db: Db, labeledBy: LabeledBy, close: () => void): Selection {
  const teams = hasTeamAnswers(db);
  const tagSets = new TagSets();
  const formats = new Interned();
  const page = (rows: ExportImageRow[], counts: Parameters<typeof selectRow>[0]): ExportItem[] => {
    const ids = rows.map((r) => r.id);
    const tags = new Map<number, { ids: number[]; names: string[] }>();
    for (const t of liveTagsOfImages(db, ids)) {
      let entry = tags.get(t.imageId);
      if (!entry) tags.set(t.imageId, (entry = { ids: [], names: [] }));
      if (!entry.ids.includes(t.classId)) {
        entry.ids.push(t.classId);
        entry.names.push(t.name);
      }
    }
    for (const [imageId, t] of tags) tags.set(imageId, tagSets.take(t.ids, t.names));
    const annotated = labeledBy === 'annotations' ? annotatedAmong(db, ids) : null;
    const redactions = redactionsOfImages(db, ids);
    const authors = teams ? resolvedAuthorsOf(db, ids) : null;
    const out: ExportItem[] = [];
    for (const r of rows) {
      const t = tags.get(r.id);
      const item = selectRow(counts, r, annotated ? annotated.has(r.id) : !!t, t, redactions.get(r.id), formats, authors?.get(r.id) ?? null);
      if (item) out.push(item);
    }
    return out;
  };
  function* pages(split: SplitName | null | undefined, counts: Parameters<typeof selectRow>[0]): Generator<ExportItem[]> {
    let after: string | null = null;
    for (;;) {
      const rows = exportImageRowsPage(db, after, PAGE, split);
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.path;
      yield page(rows, counts);
      if (rows.length < PAGE) return;
    }
  }
  const sel = emptySelection(classesInOrder(db).map((c) => c.name), null, teams);
  const splits = new Map<SplitName | null, number>();
  const dicomFiles: string[] = [];
  let count = 0;
  let anyNotPlain = false;
  let moreThanOneLabel = false;
  for (const items of pages(undefined, sel)) {
    for (const item of items) {
      count++;
      splits.set(item.split, (splits.get(item.split) ?? 0) + 1);
      if (item.pixels !== 'plain') anyNotPlain = true;
      if (item.pixels === 'dicom') {
        const file = fileOfRow(item.path, item.frame);
        if (dicomFiles[dicomFiles.length - 1] !== file) dicomFiles.push(file);
      }
      if (item.labels.length > 1) moreThanOneLabel = true;
    }
  }
  // The second pass reads the same rows: what it would count is counted already.
  const uncounted = () => ({ skippedMissing: 0, skippedStatus: 0, skippedUnlabeled: 0, skippedUnreadable: 0, problems: [] as Problem[] });
  sel.streamed = {
    count,
    splits,
    anyNotPlain,
    dicomFiles,
    *items(split) {
      for (const items of pages(split, uncounted())) yield* items;
    },
    close,
  };
  sel.multiLabel = getSetting<string>(db, 'labelMode', 'single') === 'multi' || moreThanOneLabel;
  return sel;
}
