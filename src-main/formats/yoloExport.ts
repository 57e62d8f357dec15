import type { Region } from '../api/annotations.js';
import type { ExportRun, Exporter } from './exportRun.js';
import type { ExportItem, SplitName } from './exportSelection.js';
import { maskOutlines } from './maskContour.js';
import { annotatorSuffixesOf, classTable, groupBySplit, maskCropOf, polygonHoles, writeImagesWithRegions } from './regionSupport.js';

/**
 * Ultralytics YOLO: `images/{train,val,test}/NAME`, `labels/{split}/STEM.txt`, `data.yaml`.
 * A box is a detection line `class cx cy w h`; a polygon a segmentation line `class x1 y1 ...`;
 * a mask one segmentation line per connected part (its outer contour); a polygon's holes have no
 * YOLO form (left out, counted in the summary). Coordinates are
 * normalised to the written (upright) image. When an image has a polygon or a mask, its boxes are
 * written as rectangles in the segmentation form too, since Ultralytics reads a file as all
 * detection or all segmentation. Points have no YOLO form and are left out. With no split
 * anywhere, everything is `train` and data.yaml points `val` at it too. With `--annotations all`,
 * each annotator's label files go in `labels-NAME/{split}/STEM.txt` (for the images they answered),
 * `labels/` holding the dataset's own (for the images that have some), and data.yaml's
 * `annotator_labels` maps each name to its folder: swap one in for `labels/` to train on it.
 */

const f = (v: number) => {
  const s = Math.min(1, Math.max(0, v)).toFixed(6);
  return s.replace(/\.?0+$/, '') || '0';
};

/** The label file of one image (pure). `index` is the YOLO class index of a class id. */
export function yoloLines(regions: readonly Region[], width: number, height: number, index: (classId: number) => number | undefined): string {
  const segmented = regions.some((r) => r.shape.kind === 'polygon' || r.shape.kind === 'mask');
  const lines: string[] = [];
  const poly = (c: number, pts: readonly (readonly [number, number])[]) => lines.push(`${c} ${pts.map(([x, y]) => `${f(x / width)} ${f(y / height)}`).join(' ')}`);
  for (const r of regions) {
    const c = index(r.classId);
    if (c === undefined) continue;
    const s = r.shape;
    if (s.kind === 'box') {
      if (segmented) {
        poly(c, [
          [s.x, s.y],
          [s.x + s.w, s.y],
          [s.x + s.w, s.y + s.h],
          [s.x, s.y + s.h],
        ]);
      } else {
        lines.push(`${c} ${f((s.x + s.w / 2) / width)} ${f((s.y + s.h / 2) / height)} ${f(s.w / width)} ${f(s.h / height)}`);
      }
    } else if (s.kind === 'polygon') {
      poly(c, s.points);
    } else if (s.kind === 'mask') {
      for (const outline of maskOutlines(maskCropOf(s))) if (outline.length >= 3) poly(c, outline);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Name an image so that its stem is free too (`a.jpg` and `a.png` would share `a.txt`). */
export function nameWithFreeStem(run: ExportRun, folder: string, item: ExportItem, stems: Set<string>): { rel: string; stem: string } {
  for (;;) {
    const rel = run.nameIn(folder, item);
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const key = stem.normalize('NFC').toLowerCase();
    if (!stems.has(key)) {
      stems.add(key);
      return { rel, stem };
    }
  }
}

/** YAML double-quoted scalar (JSON string syntax is valid YAML). */
const yamlString = (s: string) => JSON.stringify(s);

export const yoloExporter: Exporter = {
  labeledBy: 'annotations',
  async write(run) {
    const classes = classTable(run.plan.db);
    const groups = groupBySplit(run, run.selection.items);
    const planned: { item: ExportItem; split: SplitName; rel: string; label: string }[] = [];
    for (const [key, items] of groups) {
      const split = key ?? 'train';
      const stems = new Set<string>();
      for (const item of items) {
        const { rel, stem } = nameWithFreeStem(run, `images/${split}`, item, stems);
        planned.push({ item, split, rel, label: `labels/${split}/${stem}.txt` });
      }
    }
    const index = (id: number) => classes.byId.get(id)?.index;
    await writeImagesWithRegions(run, planned, async (p, placement, targets) => {
      // An image with no region still gets its (empty) file: a background image for YOLO.
      for (const t of targets) {
        run.dropHoles(polygonHoles(t.regions));
        await run.writeText(`labels${t.suffix}${p.label.slice('labels'.length)}`, yoloLines(t.regions, placement.width, placement.height, index));
      }
    });
    const suffixes = annotatorSuffixesOf(run);
    const splits = new Set(planned.map((p) => p.split));
    const yaml = [
      '# Ultralytics YOLO dataset, exported by Lightbox Studio. Paths are relative to this file.',
      `train: images/${splits.has('train') ? 'train' : [...splits][0] ?? 'train'}`,
      `val: images/${splits.has('val') ? 'val' : 'train'}`,
      ...(splits.has('test') ? ['test: images/test'] : []),
      `nc: ${classes.list.length}`,
      'names:',
      ...classes.list.map((c) => `  ${c.index}: ${yamlString(c.name)}`),
      ...(run.selection.annotators
        ? ['# --annotations all: labels/ holds the dataset\'s own labels, each annotator\'s are in their own folder beside it.', 'annotator_labels:', ...[...suffixes].map(([name, s]) => `  ${yamlString(name)}: ${yamlString(`labels${s}`)}`)]
        : []),
      '',
    ].join('\n');
    await run.writeText('data.yaml', yaml);
  },
};
