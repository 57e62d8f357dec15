import type { Region } from '../api/annotations.js';
import type { Exporter } from './exportRun.js';
import type { ExportItem, SplitName } from './exportSelection.js';
import { encodeIndexedPng, vocPalette } from './pngWrite.js';
import { fillShape } from './rasterize.js';
import { type ClassTable, classTable, groupBySplit, shapeBox, writeBinary, writeImagesWithRegions } from './regionSupport.js';
import { nameWithFreeStem } from './yoloExport.js';

/**
 * Pascal VOC: `JPEGImages/NAME`, `Annotations/STEM.xml` (one <object> per box, polygon and mask,
 * with its <bndbox> in VOC's 1-based inclusive pixel indices), `ImageSets/Main/{split}.txt`, and
 * when an image has polygons or masks, `SegmentationClass/STEM.png` in the VOC palette (index =
 * class position + 1, 0 background) listed in `ImageSets/Segmentation/`. `labelmap.txt` names the
 * palette entries (CVAT's form). Objects drawn from a polygon or mask say so in <lightbox_shape>,
 * so an import takes their outline from the PNG rather than a second, box-shaped copy. With
 * `--annotations all`, each annotator's answers get the same three folders of their own,
 * `Annotations-NAME/`, `SegmentationClass-NAME/` and `ImageSets-NAME/`, for the images they
 * answered; the unsuffixed ones hold the dataset's own labels, for the images that have some.
 */

export const VOC_MAX_CLASSES = 254;

const xml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** The XML of one image (pure). */
export function vocXml(fileName: string, width: number, height: number, regions: readonly Region[], classes: ClassTable, segmented: boolean): string {
  const objects: string[] = [];
  for (const r of regions) {
    const c = classes.byId.get(r.classId);
    const b = shapeBox(r.shape);
    if (!c || !b) continue;
    const xmin = Math.min(width, Math.round(b.x) + 1);
    const ymin = Math.min(height, Math.round(b.y) + 1);
    const xmax = Math.max(xmin, Math.round(b.x + b.w));
    const ymax = Math.max(ymin, Math.round(b.y + b.h));
    const truncated = b.x <= 0 || b.y <= 0 || b.x + b.w >= width || b.y + b.h >= height ? 1 : 0;
    const kind = r.shape.kind === 'box' ? '' : `\n    <lightbox_shape>${r.shape.kind}</lightbox_shape>`;
    objects.push(
      `  <object>\n    <name>${xml(c.name)}</name>\n    <pose>Unspecified</pose>\n    <truncated>${truncated}</truncated>\n    <difficult>0</difficult>${kind}\n` +
        `    <bndbox>\n      <xmin>${xmin}</xmin>\n      <ymin>${ymin}</ymin>\n      <xmax>${xmax}</xmax>\n      <ymax>${ymax}</ymax>\n    </bndbox>\n  </object>`,
    );
  }
  return [
    '<annotation>',
    '  <folder>JPEGImages</folder>',
    `  <filename>${xml(fileName)}</filename>`,
    '  <source>\n    <database>Lightbox Studio</database>\n  </source>',
    `  <size>\n    <width>${width}</width>\n    <height>${height}</height>\n    <depth>3</depth>\n  </size>`,
    `  <segmented>${segmented ? 1 : 0}</segmented>`,
    ...objects,
    '</annotation>',
    '',
  ].join('\n');
}

export const vocExporter: Exporter = {
  labeledBy: 'annotations',
  async write(run) {
    const classes = classTable(run.plan.db);
    const groups = groupBySplit(run, run.selection.items);
    const stems = new Set<string>();
    const planned: { item: ExportItem; split: SplitName | null; rel: string; stem: string }[] = [];
    for (const [split, items] of groups) for (const item of items) planned.push({ item, split, ...nameWithFreeStem(run, 'JPEGImages', item, stems) });
    const palette = vocPalette();
    const done = await writeImagesWithRegions(run, planned, async (p, { width, height }, targets) => {
      const out: { sets: string; split: SplitName | null; stem: string; segmented: boolean }[] = [];
      for (const t of targets) {
        const placed = t.regions;
        const seg = placed.filter((r) => (r.shape.kind === 'polygon' || r.shape.kind === 'mask') && (classes.byId.get(r.classId)?.index ?? 1e9) < VOC_MAX_CLASSES);
        if (seg.length > 0) {
          const img = new Uint8Array(width * height);
          for (const r of seg) fillShape(img, width, height, r.shape, classes.byId.get(r.classId)!.index + 1);
          await writeBinary(run, `SegmentationClass${t.suffix}/${p.stem}.png`, encodeIndexedPng(img, width, height, palette));
        }
        await run.writeText(`Annotations${t.suffix}/${p.stem}.xml`, vocXml(p.rel.slice(p.rel.lastIndexOf('/') + 1), width, height, placed, classes, seg.length > 0));
        out.push({ sets: `ImageSets${t.suffix}`, split: p.split, stem: p.stem, segmented: seg.length > 0 });
      }
      return out;
    });
    const lists = new Map<string, string[]>();
    const add = (file: string, stem: string) => {
      const list = lists.get(file);
      if (list) list.push(stem);
      else lists.set(file, [stem]);
    };
    for (const d of done.flatMap((x) => x ?? [])) {
      const name = d.split ?? 'trainval';
      add(`${d.sets}/Main/${name}.txt`, d.stem);
      if (d.segmented) add(`${d.sets}/Segmentation/${name}.txt`, d.stem);
    }
    for (const [file, stems] of lists) await run.writeText(file, `${stems.join('\n')}\n`);
    const labelmap = ['# label:color_rgb:parts:actions', 'background:0,0,0::', ...classes.list.slice(0, VOC_MAX_CLASSES).map((c) => `${c.name}:${palette[c.index + 1]!.join(',')}::`)];
    await run.writeText('labelmap.txt', `${labelmap.join('\n')}\n`);
  },
};
