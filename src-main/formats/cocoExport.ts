import type { Region, RegionShape } from '../api/annotations.js';
import { polygonArea } from '../api/regionGeometry.js';
import { maskArea } from '../api/maskCodec.js';
import { cropToCocoRle } from './cocoRle.js';
import type { Exporter } from './exportRun.js';
import type { ExportItem, SplitName } from './exportSelection.js';
import { type ClassTable, classTable, groupBySplit, maskCropOf, num, shapeBox, writeImagesWithRegions } from './regionSupport.js';

/**
 * COCO instances: `images/{split}/NAME` and `annotations/instances_{split}.json` (or `images/NAME`
 * and `annotations/instances.json` when no image has a split). Boxes carry their rectangle as the
 * polygon `segmentation`; polygons a flat `[x1, y1, ...]`; masks COCO's compressed RLE
 * (`{"size": [h, w], "counts": "..."}`), all with `area`, `bbox` [x, y, w, h] and `iscrowd` 0.
 * Categories are every class in class order, ids from 1. Points have no COCO form and are left out.
 * Where the source gives its pixel spacing (DICOM PixelSpacing, else ImagerPixelSpacing), an image
 * carries `pixel_spacing` [row, col] in mm of the written image (scaled with any resize), and each
 * of its annotations `area_mm2`.
 */

export interface CocoImageEntry {
  /** Output file name, relative to the split's image folder. */
  fileName: string;
  width: number;
  height: number;
  regions: readonly Region[];
  /** Millimetres per pixel of the written image, [row, col], where known. */
  pixelSpacing?: [number, number] | null;
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
}

export interface CocoDocument {
  info: { description: string; version: string; date_created: string };
  licenses: never[];
  images: { id: number; file_name: string; width: number; height: number; pixel_spacing?: [number, number] }[];
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
    case 'polygon':
      return { segmentation: [shape.points.flatMap(([x, y]) => [num(x), num(y)])], area: num(polygonArea(shape.points)), bbox, iscrowd: 0 };
    case 'mask': {
      const crop = maskCropOf(shape);
      return { segmentation: cropToCocoRle(crop, width, height), area: maskArea(crop.bits), bbox, iscrowd: 0 };
    }
    default:
      return null;
  }
}

/** The JSON of one split (pure: the benchmark times it on generated rows). */
export function cocoDocument(entries: readonly CocoImageEntry[], classes: ClassTable, now = new Date()): CocoDocument {
  const doc: CocoDocument = {
    info: { description: 'Exported by Lightbox Studio', version: '1.0', date_created: now.toISOString() },
    licenses: [],
    images: [],
    annotations: [],
    categories: classes.list.map((c) => ({ id: c.index + 1, name: c.name, supercategory: '' })),
  };
  let annId = 1;
  entries.forEach((e, i) => {
    const imageId = i + 1;
    const sp = e.pixelSpacing ?? null;
    doc.images.push({ id: imageId, file_name: e.fileName, width: e.width, height: e.height, ...(sp ? { pixel_spacing: [num(sp[0], 6), num(sp[1], 6)] as [number, number] } : {}) });
    for (const r of e.regions) {
      const c = classes.byId.get(r.classId);
      const a = c && annotationOf(r.shape, e.width, e.height);
      if (a) doc.annotations.push({ id: annId++, image_id: imageId, category_id: c.index + 1, ...a, ...(sp ? { area_mm2: num(a.area * sp[0] * sp[1]) } : {}) });
    }
  });
  return doc;
}

export const cocoExporter: Exporter = {
  labeledBy: 'annotations',
  async write(run) {
    const classes = classTable(run.plan.db);
    const groups = groupBySplit(run, run.selection.items);
    const planned: { item: ExportItem; split: SplitName | null; rel: string }[] = [];
    for (const [split, items] of groups) {
      const folder = split ? `images/${split}` : 'images';
      for (const item of items) planned.push({ item, split, rel: run.nameIn(folder, item) });
    }
    const written = await writeImagesWithRegions(run, planned, (p, placement, regions) => ({
      split: p.split,
      entry: {
        fileName: p.rel.slice(p.rel.lastIndexOf('/') + 1),
        width: placement.width,
        height: placement.height,
        regions,
        // A resize by scale s makes each written pixel 1/s source pixels wide.
        pixelSpacing: p.item.spacing ? ([p.item.spacing[0] / placement.scaleY, p.item.spacing[1] / placement.scaleX] as [number, number]) : null,
      },
    }));
    const bySplit = new Map<SplitName | null, CocoImageEntry[]>();
    for (const w of written) {
      if (!w) continue; // unreadable: left out and counted by writeImage
      const list = bySplit.get(w.split) ?? [];
      list.push(w.entry);
      bySplit.set(w.split, list);
    }
    for (const [split, entries] of bySplit) {
      await run.writeText(`annotations/instances${split ? `_${split}` : ''}.json`, JSON.stringify(cocoDocument(entries, classes)));
    }
  },
};
