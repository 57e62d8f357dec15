import type { Region } from '../api/annotations.js';
import { type CocoRle, cropToCocoRle } from './cocoRle.js';
import type { ExportItem, SplitName } from './exportSelection.js';
import type { Placement } from '../imaging/exportImage.js';
import { type ClassTable, maskCropOf, num, placedRegions, shapeBox } from './regionSupport.js';

/**
 * What a training sample says about its image, shared by webdataset (`KEY.json`) and parquet
 * (its columns and the `regions` JSON): labels as names and as class indices (0-based, in class
 * order, the order of `classes` in the export's dataset.json / ClassLabel names), the split, the
 * written size, and the regions in pixels of the written (upright, resized) image. Authors and
 * notes stay in the dataset: they can name people; annotators' names go out only under
 * `--annotations all`, which asks for each annotator's answer (`answers`).
 */

export interface SampleRegion {
  class: string;
  class_id: number;
  kind: 'box' | 'polygon' | 'mask' | 'point';
  /** [x, y, w, h] in pixels of the written image; absent for a point. */
  bbox?: [number, number, number, number];
  /** Polygon vertices [[x, y], ...]. */
  points?: [number, number][];
  /** A polygon's holes, each a ring like `points`; absent when it has none. */
  holes?: [number, number][][];
  /** A point's position. */
  x?: number;
  y?: number;
  /** A mask as COCO compressed RLE over the whole written image (pycocotools `mask.decode`). */
  rle?: CocoRle;
}

export interface SampleRecord {
  key: string;
  file_name: string;
  width: number;
  height: number;
  split: SplitName | null;
  /** Single-label: the label's name and class index; null when the image has regions only. */
  label?: string | null;
  class_id?: number | null;
  /** Multi-label project: every label and its class index. */
  labels?: string[];
  class_ids?: number[];
  regions: SampleRegion[];
  /** Millimetres per pixel of the written image, [row, col], where the source gives it. */
  pixel_spacing?: [number, number];
  /** `--annotations all`: each annotator's answer, by name (the labels and regions above are the dataset's own). */
  answers?: SampleAnswer[];
}

/** One annotator's answer for a sample (`--annotations all`): the names are theirs, so they are written only when asked for. */
export interface SampleAnswer {
  annotator: string;
  labels: string[];
  class_ids: number[];
  regions: SampleRegion[];
}

/**
 * `--annotations all`: each annotator's answer, `answers` being their regions of this image in
 * source pixels (placed here in the written image); undefined otherwise.
 */
export function sampleAnswers(item: ExportItem, placement: Placement, classes: ClassTable, answers: ReadonlyMap<string, Region[]> | undefined): SampleAnswer[] | undefined {
  return item.answers?.map((a) => ({
    annotator: a.annotator,
    labels: [...a.labels],
    class_ids: a.classIds.map((id) => classes.byId.get(id)?.index).filter((i): i is number => i !== undefined),
    regions: sampleRegions(placedRegions(answers?.get(a.annotator) ?? [], placement), classes, placement.width, placement.height),
  }));
}

export function sampleRegions(regions: readonly Region[], classes: ClassTable, width: number, height: number): SampleRegion[] {
  const out: SampleRegion[] = [];
  for (const r of regions) {
    const c = classes.byId.get(r.classId);
    if (!c) continue;
    const s = r.shape;
    const base = { class: c.name, class_id: c.index, kind: s.kind };
    if (s.kind === 'point') {
      out.push({ ...base, x: num(s.x), y: num(s.y) });
      continue;
    }
    const b = shapeBox(s)!;
    const bbox: [number, number, number, number] = [num(b.x), num(b.y), num(b.w), num(b.h)];
    if (s.kind === 'box') out.push({ ...base, bbox });
    else if (s.kind === 'polygon') {
      const ring = (r: readonly (readonly [number, number])[]) => r.map(([x, y]) => [num(x), num(y)] as [number, number]);
      out.push({ ...base, bbox, points: ring(s.points), ...(s.holes?.length ? { holes: s.holes.map(ring) } : {}) });
    }
    else out.push({ ...base, bbox, rle: cropToCocoRle(maskCropOf(s), width, height) });
  }
  return out;
}

/** Class indices of the image's tags, in class order. */
export function classIndices(item: ExportItem, classes: ClassTable): number[] {
  return item.classIds.map((id) => classes.byId.get(id)?.index).filter((i): i is number => i !== undefined);
}

export function sampleRecord(
  item: ExportItem,
  at: { key: string; fileName: string } & Placement,
  regions: readonly Region[],
  classes: ClassTable,
  multiLabel: boolean,
  answers?: ReadonlyMap<string, Region[]>,
): SampleRecord {
  const ids = classIndices(item, classes);
  const record: SampleRecord = { key: at.key, file_name: at.fileName, width: at.width, height: at.height, split: item.split, regions: [] };
  if (multiLabel) {
    record.labels = [...item.labels];
    record.class_ids = ids;
  } else {
    record.label = item.labels[0] ?? null;
    record.class_id = ids[0] ?? null;
  }
  record.regions = sampleRegions(regions, classes, at.width, at.height);
  // A resize by scale s makes each written pixel 1/s source pixels wide.
  if (item.spacing) record.pixel_spacing = [num(item.spacing[0] / at.scaleY, 6), num(item.spacing[1] / at.scaleX, 6)];
  const theirs = sampleAnswers(item, at, classes, answers);
  if (theirs) record.answers = theirs;
  return record;
}
