import type { Exporter } from './exportRun.js';
import type { ExportItem, SplitName } from './exportSelection.js';
import { encodeGrayPng } from './pngWrite.js';
import { fillShape } from './rasterize.js';
import { classTable, groupBySplit, writeBinary, writeImagesWithRegions } from './regionSupport.js';
import { nameWithFreeStem } from './yoloExport.js';

/**
 * Semantic masks: `images/{split}/NAME` and `masks/{split}/STEM.png`, a grayscale PNG where every
 * box, polygon and mask is filled with its class index (class position + 1; 0 is background; 16
 * bits when there are more than 255 classes), later shapes over earlier ones, plus `classes.txt`
 * ("index name" per line). With `instanceMasks`, also `instances/{split}/STEM/NNN_CLASS.png`, one
 * 0/255 PNG per region. Points cover no pixels and are left out. With `--annotations all`, each
 * annotator's masks go in `masks-NAME/` (and `instances-NAME/`) for the images they answered,
 * `masks/` holding the dataset's own for the images that have some.
 */
export const masksExporter: Exporter = {
  labeledBy: 'annotations',
  async write(run) {
    const classes = classTable(run.plan.db);
    const wide = classes.list.length > 255;
    const instances = run.plan.instanceMasks;
    const groups = groupBySplit(run, run.selection.items);
    const planned: { item: ExportItem; split: SplitName | null; rel: string; stem: string }[] = [];
    for (const [split, items] of groups) {
      const stems = new Set<string>();
      for (const item of items) planned.push({ item, split, ...nameWithFreeStem(run, split ? `images/${split}` : 'images', item, stems) });
    }
    await writeImagesWithRegions(run, planned, async (p, { width, height }, targets) => {
      const folder = p.split ? `${p.split}/` : '';
      for (const t of targets) {
        const placed = t.regions.filter((r) => r.shape.kind !== 'point' && classes.byId.has(r.classId));
        const img = wide ? new Uint16Array(width * height) : new Uint8Array(width * height);
        for (const r of placed) fillShape(img, width, height, r.shape, classes.byId.get(r.classId)!.index + 1);
        await writeBinary(run, `masks${t.suffix}/${folder}${p.stem}.png`, encodeGrayPng(img, width, height));
        if (!instances) continue;
        let n = 0;
        const dir = `instances${t.suffix}/${folder}${p.stem}`;
        for (const r of placed) {
          const one = new Uint8Array(width * height);
          fillShape(one, width, height, r.shape, 255);
          const name = run.names(dir).take(`${String(++n).padStart(3, '0')}_${classes.byId.get(r.classId)!.name}.png`);
          await writeBinary(run, `${dir}/${name}`, encodeGrayPng(one, width, height));
        }
      }
    });
    await run.writeText('classes.txt', ['0 background', ...classes.list.map((c) => `${c.index + 1} ${c.name}`), ''].join('\n'));
  },
};
