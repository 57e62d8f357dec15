import { LightboxError } from '../api/errors.js';
import { labelFolders } from './exportNames.js';
import type { Exporter } from './exportRun.js';
import type { ExportItem } from './exportSelection.js';

/**
 * torchvision's `ImageFolder` layout: `OUT/{train,val,test}/CLASS/IMAGE`, or `OUT/CLASS/IMAGE`
 * when no image has a split. Where some images have a split, those without one are left out
 * and counted (they belong to no folder). Class folders are the class names made safe and unique.
 * A multi-label image is written into the folder of each of its classes. `--annotations all` is
 * refused: a folder cannot say whose answer an image's class is.
 */
export const imagefolderExporter: Exporter = {
  labeledBy: 'tags',
  refuseAllAnswers: () => {
    throw new LightboxError(
      'BAD_PARAMS',
      "ImageFolder says an image's class by the folder it sits in, so it cannot hold several annotators' answers for one image: export --annotations annotator:NAME once per annotator, or use csv, hf or coco for all of them.",
    );
  },
  async write(run) {
    const items = run.selection.items;
    const bySplit = items.some((i) => i.split !== null);
    // In class order, not image order: a clash of two class names ("a/b", "a_b") resolves the same way as images come and go.
    const folders = labelFolders(run.selection.classNames);
    const planned: { item: ExportItem; rels: string[] }[] = [];
    for (const item of items) {
      if (bySplit && item.split === null) {
        run.leaveOutNoSplit(item);
        continue;
      }
      const prefix = bySplit ? `${item.split}/` : '';
      planned.push({ item, rels: item.labels.map((l) => run.nameIn(`${prefix}${folders.get(l)!}`, item)) });
    }
    await run.forEach(
      planned,
      (p) => p.item.path,
      (p) => run.writeImage(p.item, p.rels),
    );
  },
};
