import fs from 'node:fs';
import path from 'node:path';
import type { Region, RegionShape } from '../api/annotations.js';
import { polygonArea } from '../api/regionGeometry.js';
import { maskArea } from '../api/maskCodec.js';
import { cropToCocoRle } from './cocoRle.js';
import { polygonCrop } from './rasterize.js';
import type { ExportRun, Exporter } from './exportRun.js';
import type { ExportItem, SplitName } from './exportSelection.js';
import type { Db } from '../store/openStore.js';
import { type ClassTable, answerRegions, classTable, groupBySplit, labelRegions, maskCropOf, num, placedRegions, shapeBox } from './regionSupport.js';

/**
 * COCO instances: `images/{split}/NAME` and `annotations/instances_{split}.json` (or `images/NAME`
 * and `annotations/instances.json` when no image has a split). Boxes carry their rectangle as the
 * polygon `segmentation`; polygons a flat `[x1, y1, ...]` (a polygon with holes its pixels as RLE,
 * since COCO polygons cannot hold holes); masks COCO's compressed RLE
 * (`{"size": [h, w], "counts": "..."}`), all with `area`, `bbox` [x, y, w, h] and `iscrowd` 0.
 * Categories are every class in class order, ids from 1. Points have no COCO form and are left out.
 * Where the source gives its pixel spacing (DICOM PixelSpacing, else ImagerPixelSpacing), an image
 * carries `pixel_spacing` [row, col] in mm of the written image (scaled with any resize), and each
 * of its annotations `area_mm2`. With `--annotations all`, each image also lists each annotator's
 * image classes (`annotator_labels`: annotator, category_ids) and whose answer its labels are
 * (`resolved_by`), and its annotations are the dataset's own (`annotator` null) followed by one
 * per region of each annotator's answer (`annotator` their name).
 */

export interface CocoImageEntry {
  /** Output file name, relative to the split's image folder. */
  fileName: string;
  width: number;
  height: number;
  regions: readonly Region[];
  /** Millimetres per pixel of the written image, [row, col], where known. */
  pixelSpacing?: [number, number] | null;
  /** `--annotations all`: each annotator's answer (regions placed in the written image), and whose answer the image took. */
  answers?: { annotator: string; classIds: readonly number[]; regions: readonly Region[] }[];
  resolvedBy?: string | null;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  segmentation: number[][] | { size: [number, number]; counts: string };
  area: number;
  bbox: [number, number, number, number];
  iscrowd: 0;
  area_mm2?: number;
  /** `--annotations all`: whose answer the region is (null: the dataset's own). */
  annotator?: string | null;
}

export interface CocoDocument {
  info: { description: string; version: string; date_created: string };
  licenses: never[];
  images: {
    id: number;
    file_name: string;
    width: number;
    height: number;
    pixel_spacing?: [number, number];
    /** `--annotations all`: each annotator's image classes, and whose answer the image's labels are (null: the owner's, or none). */
    annotator_labels?: { annotator: string; category_ids: number[] }[];
    resolved_by?: string | null;
  }[];
  annotations: CocoAnnotation[];
  categories: { id: number; name: string; supercategory: string }[];
}

function annotationOf(shape: RegionShape, width: number, height: number): Omit<CocoAnnotation, 'id' | 'image_id' | 'category_id'> | null {
  const b = shapeBox(shape);
  if (!b) return null;
  const bbox: [number, number, number, number] = [num(b.x), num(b.y), num(b.w), num(b.h)];
  switch (shape.kind) {
    case 'box': {
      const [x, y, w, h] = bbox;
      return { segmentation: [[x, y, num(x + w), y, num(x + w), num(y + h), x, num(y + h)]], area: num(shape.w * shape.h), bbox, iscrowd: 0 };
    }
    case 'polygon': {
      if (!shape.holes?.length) return { segmentation: [shape.points.flatMap(([x, y]) => [num(x), num(y)])], area: num(polygonArea(shape.points)), bbox, iscrowd: 0 };
      // COCO polygons cannot hold holes; its RLE can: a polygon with holes is written as its pixels.
      const crop = polygonCrop(shape, width, height);
      return crop ? { segmentation: cropToCocoRle(crop, width, height), area: maskArea(crop.bits), bbox, iscrowd: 0 } : null;
    }
    case 'mask': {
      const crop = maskCropOf(shape);
      return { segmentation: cropToCocoRle(crop, width, height), area: maskArea(crop.bits), bbox, iscrowd: 0 };
    }
    default:
      return null;
  }
}

type CocoImage = CocoDocument['images'][number];

function cocoImage(e: CocoImageEntry, imageId: number, classes: ClassTable): CocoImage {
  const sp = e.pixelSpacing ?? null;
  const img: CocoImage = { id: imageId, file_name: e.fileName, width: e.width, height: e.height, ...(sp ? { pixel_spacing: [num(sp[0], 6), num(sp[1], 6)] as [number, number] } : {}) };
  if (e.answers) {
    const categoryOf = (id: number) => classes.byId.get(id)?.index;
    img.annotator_labels = e.answers.map((a) => ({
      annotator: a.annotator,
      category_ids: a.classIds.map(categoryOf).filter((i): i is number => i !== undefined).map((i) => i + 1),
    }));
    img.resolved_by = e.resolvedBy ?? null;
  }
  return img;
}

/**
 * The annotations of one image, ids from `firstId`, in its regions' order (under `--annotations
 * all` the dataset's own, then each annotator's, each saying whose it is); points and unknown classes left out.
 */
function cocoAnnotations(e: CocoImageEntry, imageId: number, firstId: number, classes: ClassTable): CocoAnnotation[] {
  const sp = e.pixelSpacing ?? null;
  const out: CocoAnnotation[] = [];
  const add = (regions: readonly Region[], who: { annotator?: string | null }) => {
    for (const r of regions) {
      const c = classes.byId.get(r.classId);
      const a = c && annotationOf(r.shape, e.width, e.height);
      if (a) out.push({ id: firstId + out.length, image_id: imageId, category_id: c.index + 1, ...a, ...(sp ? { area_mm2: num(a.area * sp[0] * sp[1]) } : {}), ...who });
    }
  };
  add(e.regions, e.answers ? { annotator: null } : {});
  for (const ans of e.answers ?? []) add(ans.regions, { annotator: ans.annotator });
  return out;
}

function cocoHead(now: Date): CocoDocument['info'] {
  return { description: 'Exported by Lightbox Studio', version: '1.0', date_created: now.toISOString() };
}

function cocoCategories(classes: ClassTable): CocoDocument['categories'] {
  return classes.list.map((c) => ({ id: c.index + 1, name: c.name, supercategory: '' }));
}

/** The JSON of one split (pure: the benchmark times it on generated rows). The export streams the same document (CocoSplitWriter). */
export function cocoDocument(entries: readonly CocoImageEntry[], classes: ClassTable, now = new Date()): CocoDocument {
  const doc: CocoDocument = { info: cocoHead(now), licenses: [], images: [], annotations: [], categories: cocoCategories(classes) };
  entries.forEach((e, i) => {
    doc.images.push(cocoImage(e, i + 1, classes));
    doc.annotations.push(...cocoAnnotations(e, i + 1, doc.annotations.length + 1, classes));
  });
  return doc;
}

/** Text written in pieces of about this size. */
const PIECE = 1 << 16;

/** A file written in order, a piece at a time, waiting when the disk is behind. */
class TextSink {
  private readonly stream: fs.WriteStream;
  private buffer = '';
  private failed: Error | null = null;

  constructor(readonly file: string) {
    // 'wx': never over another file of the export.
    this.stream = fs.createWriteStream(file, { flags: 'wx', encoding: 'utf8' });
    this.stream.on('error', (e) => (this.failed ??= e));
  }

  async write(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= PIECE) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    const text = this.buffer;
    this.buffer = '';
    if (!this.stream.write(text)) await new Promise<void>((resolve, reject) => {
      const done = (e?: Error) => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        if (e) reject(e);
        else resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
    });
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
    if (this.failed) throw this.failed;
  }

  /** Close without caring for what is left (the export failed; its folder is removed). */
  abandon(): void {
    this.stream.destroy();
  }
}

/**
 * One split's `instances*.json`, written as its images come (in their order), never held whole:
 * the images go into a list in memory (a few numbers each), the annotations straight into a part
 * file beside it; at the end the document is written as head, images, the part file, categories.
 * The bytes are those of `JSON.stringify(cocoDocument(...))`.
 */
class CocoSplitWriter {
  private readonly images: string[] = [];
  private readonly annotations: TextSink;
  private annotationCount = 0;

  constructor(
    private readonly file: string,
    private readonly classes: ClassTable,
    private readonly now: Date,
  ) {
    this.annotations = new TextSink(`${file}.annotations.part`);
  }

  async add(e: CocoImageEntry): Promise<void> {
    const imageId = this.images.length + 1;
    this.images.push(JSON.stringify(cocoImage(e, imageId, this.classes)));
    for (const a of cocoAnnotations(e, imageId, this.annotationCount + 1, this.classes)) {
      await this.annotations.write(`${this.annotationCount++ === 0 ? '' : ','}${JSON.stringify(a)}`);
    }
  }

  async finish(): Promise<void> {
    await this.annotations.close();
    const out = new TextSink(this.file);
    try {
      await out.write(`{"info":${JSON.stringify(cocoHead(this.now))},"licenses":[],"images":[`);
      for (const [i, img] of this.images.entries()) await out.write(i === 0 ? img : `,${img}`);
      await out.write('],"annotations":[');
      for await (const piece of fs.createReadStream(this.annotations.file, { encoding: 'utf8', highWaterMark: PIECE })) await out.write(piece as string);
      await out.write(`],"categories":${JSON.stringify(cocoCategories(this.classes))}}`);
      await out.close();
    } catch (e) {
      out.abandon();
      throw e;
    }
    await fs.promises.rm(this.annotations.file);
  }

  abandon(): void {
    this.annotations.abandon();
  }
}

/** Images in the regions loader's reach at once: their regions are read in one query, then let go. */
const REGION_WINDOW = 1_000;

export const cocoExporter: Exporter = {
  labeledBy: 'annotations',
  async write(run) {
    const classes = classTable(run.plan.db);
    const groups = groupBySplit(run, run.selection.items);
    const planned: { item: ExportItem; split: SplitName | null; rel: string; index: number }[] = [];
    for (const [split, items] of groups) {
      const folder = split ? `images/${split}` : 'images';
      for (const item of items) planned.push({ item, split, rel: run.nameIn(folder, item), index: planned.length });
    }
    // Each split's file is begun at its first written image, so a split with none gets no file, as before.
    const writers = new Map<SplitName | null, CocoSplitWriter>();
    const now = new Date();
    await fs.promises.mkdir(path.join(run.dir, 'annotations'), { recursive: true });
    const writerFor = (split: SplitName | null) => {
      let w = writers.get(split);
      if (!w) {
        w = new CocoSplitWriter(path.join(run.dir, 'annotations', `instances${split ? `_${split}` : ''}.json`), classes, now);
        writers.set(split, w);
      }
      return w;
    };
    // Images are written a few at a time and finish in any order; their entries go out in plan order.
    const ready = new Map<number, { split: SplitName | null; entry: CocoImageEntry } | null>();
    let next = 0;
    let writing = Promise.resolve();
    const drain = async () => {
      while (ready.has(next)) {
        const w = ready.get(next)!;
        ready.delete(next++);
        if (w) await writerFor(w.split).add(w.entry);
      }
    };
    const regions = new RegionWindows(run, planned.map((p) => p.item.id));
    try {
      await run.forEach(planned, (p) => p.item.path, async (p) => {
        const { own, answers } = regions.take(p.index);
        const placement = await run.writeImage(p.item, [p.rel]);
        ready.set(
          p.index,
          placement
            ? {
                split: p.split,
                entry: {
                  fileName: p.rel.slice(p.rel.lastIndexOf('/') + 1),
                  width: placement.width,
                  height: placement.height,
                  regions: placedRegions(own, placement),
                  // A resize by scale s makes each written pixel 1/s source pixels wide.
                  pixelSpacing: p.item.spacing ? ([p.item.spacing[0] / placement.scaleY, p.item.spacing[1] / placement.scaleX] as [number, number]) : null,
                  ...(p.item.answers
                    ? {
                        answers: p.item.answers.map((a) => ({ annotator: a.annotator, classIds: a.classIds, regions: placedRegions(answers?.get(a.annotator) ?? [], placement) })),
                        resolvedBy: p.item.annotator ?? null,
                      }
                    : {}),
                },
              }
            : null, // unreadable: left out and counted by writeImage
        );
        // Waiting for the entries before it to be written keeps what is held to a few images.
        writing = writing.then(drain);
        await writing;
      });
      for (const w of writers.values()) await w.finish();
    } catch (e) {
      for (const w of writers.values()) w.abandon();
      throw e;
    }
  },
};

/**
 * The live regions of the planned images (and under `--annotations all` each annotator's), read
 * REGION_WINDOW images at a time as the export reaches them and let go once each image has taken
 * its own, instead of every region of the dataset held from start to end.
 */
class RegionWindows {
  private readonly windows = new Map<number, { regions: Map<number, Region[]>; answers: Map<number, Map<string, Region[]>> | null; left: number }>();

  constructor(
    private readonly run: ExportRun,
    private readonly ids: readonly number[],
  ) {}

  /** The regions of the image at `index` of the plan, and its annotators'; each index is taken once. */
  take(index: number): { own: Region[]; answers: Map<string, Region[]> | undefined } {
    const n = Math.floor(index / REGION_WINDOW);
    let w = this.windows.get(n);
    if (!w) {
      const ids = this.ids.slice(n * REGION_WINDOW, (n + 1) * REGION_WINDOW);
      w = { regions: labelRegions(this.run, ids), answers: answerRegions(this.run, ids), left: ids.length };
      this.windows.set(n, w);
    }
    const id = this.ids[index]!;
    const own = w.regions.get(id) ?? [];
    const answers = w.answers?.get(id);
    if (--w.left === 0) this.windows.delete(n);
    return { own, answers };
  }
}
