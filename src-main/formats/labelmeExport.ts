import type { Region } from '../api/annotations.js';
import type { Exporter } from './exportRun.js';
import type { ExportItem, SplitName } from './exportSelection.js';
import { encodeGrayPng } from './pngWrite.js';
import { type ClassTable, classTable, groupBySplit, maskCropOf, num, polygonHoles, writeBinary, writeImagesWithRegions } from './regionSupport.js';
import { nameWithFreeStem } from './yoloExport.js';

/**
 * labelme: one JSON per image beside it (`{split}/NAME` and `{split}/STEM.json`, or flat with no
 * split), openable in labelme: `shapes` with `label`, `points`, `shape_type` (rectangle: two
 * corners; polygon; point; mask: its two corner pixels plus `mask`, a base64 PNG of the box),
 * `imagePath` (the image beside it), `imageData: null`, `imageHeight`, `imageWidth`. With
 * `--annotations all`, the dataset's own shapes come first, then each annotator's with an
 * `annotator` key, and `annotator_labels` lists each annotator's image classes.
 */

export const LABELME_VERSION = '5.5.0';

interface LabelmeShape {
  label: string;
  points: [number, number][];
  group_id: null;
  description: string;
  shape_type: 'rectangle' | 'polygon' | 'point' | 'mask';
  flags: Record<string, never>;
  mask: string | null;
}

export function labelmeShapes(regions: readonly Region[], classes: ClassTable): LabelmeShape[] {
  const out: LabelmeShape[] = [];
  for (const r of regions) {
    const c = classes.byId.get(r.classId);
    if (!c) continue;
    const base = { label: c.name, group_id: null, description: '', flags: {}, mask: null };
    const s = r.shape;
    if (s.kind === 'box') {
      out.push({ ...base, shape_type: 'rectangle', points: [[num(s.x), num(s.y)], [num(s.x + s.w), num(s.y + s.h)]] });
    } else if (s.kind === 'polygon') {
      out.push({ ...base, shape_type: 'polygon', points: s.points.map(([x, y]) => [num(x), num(y)]) });
    } else if (s.kind === 'point') {
      out.push({ ...base, shape_type: 'point', points: [[num(s.x), num(s.y)]] });
    } else {
      const crop = maskCropOf(s);
      const png = encodeGrayPng(crop.bits.map((b) => b * 255), crop.w, crop.h);
      out.push({ ...base, shape_type: 'mask', points: [[s.x, s.y], [s.x + s.w - 1, s.y + s.h - 1]], mask: png.toString('base64') });
    }
  }
  return out;
}

export const labelmeExporter: Exporter = {
  labeledBy: 'annotations',
  async write(run) {
    const classes = classTable(run.plan.db);
    const groups = groupBySplit(run, run.selection.items);
    const planned: { item: ExportItem; split: SplitName | null; rel: string; stem: string }[] = [];
    for (const [split, items] of groups) {
      const stems = new Set<string>();
      for (const item of items) planned.push({ item, split, ...nameWithFreeStem(run, split ?? '', item, stems) });
    }
    await writeImagesWithRegions(run, planned, async (p, placement, targets) => {
      // labelme polygons have no holes: they are left out, and counted.
      for (const t of targets) run.dropHoles(polygonHoles(t.regions));
      const doc = {
        version: LABELME_VERSION,
        flags: {},
        // labelme keeps keys it does not know (a shape's `annotator`, the file's `annotator_labels`) when it saves.
        shapes: targets.flatMap((t) => labelmeShapes(t.regions, classes).map((s) => (t.annotator === null ? s : { ...s, annotator: t.annotator }))),
        ...(p.item.answers ? { annotator_labels: p.item.answers.map((a) => ({ annotator: a.annotator, labels: a.labels })) } : {}),
        imagePath: p.rel.slice(p.rel.lastIndexOf('/') + 1),
        imageData: null,
        imageHeight: placement.height,
        imageWidth: placement.width,
      };
      await writeBinary(run, `${p.split ? `${p.split}/` : ''}${p.stem}.json`, Buffer.from(`${JSON.stringify(doc, null, 2)}\n`, 'utf8'));
    });
  },
};
