import fs from 'node:fs';
import path from 'node:path';
import { LightboxError } from '../api/errors.js';
import { printable } from '../dataset/pathSafety.js';
import type { ImportSource, PlanContext } from './importSource.js';
import { type SplitName } from './labeledImport.js';
import { vocPalette } from './pngWrite.js';
import { planImage, resolveImageRef } from './importedImages.js';
import type { ImportedRegion, RegionPlan } from './regionImport.js';
import { type XmlElement, child, childText, parseXml } from './xmlLite.js';

/**
 * Pascal VOC: `Annotations/*.xml` (a file with a DOCTYPE is refused), images in `JPEGImages/`
 * (by <filename>; <path> is never opened), splits from `ImageSets/Main/{train,val,test}.txt`,
 * and `SegmentationClass/STEM.png` read as one mask per class (pendingMasks.ts), its colours named by
 * `labelmap.txt` when present, else VOC's 20 classes. Objects a Lightbox export marked as drawn
 * from a polygon or mask are taken from that PNG instead of as boxes.
 */

const VOC_CLASSES = ['background', 'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow', 'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa', 'train', 'tvmonitor'];

function readSplits(root: string, source: ImportSource): Map<string, SplitName> {
  const out = new Map<string, SplitName>();
  for (const split of ['train', 'val', 'test'] as const) {
    const f = path.join(root, 'ImageSets', 'Main', `${split}.txt`);
    if (!fs.existsSync(f)) continue;
    for (const line of source.read(f).split(/\r?\n/)) {
      const stem = line.trim().split(/\s+/)[0];
      if (stem && !out.has(stem)) out.set(stem, split);
    }
  }
  return out;
}

/** Colour → class name, from labelmap.txt (`name:r,g,b::`) or the VOC palette and classes. */
function colourNames(root: string, source: ImportSource): Map<string, string> {
  const out = new Map<string, string>();
  const f = path.join(root, 'labelmap.txt');
  if (fs.existsSync(f)) {
    for (const line of source.read(f).split(/\r?\n/)) {
      if (!line.trim() || line.startsWith('#')) continue;
      const m = /^(.*):(\d+),(\d+),(\d+):/.exec(line);
      if (m) out.set(`${m[2]},${m[3]},${m[4]}`, m[1]!);
    }
    return out;
  }
  const palette = vocPalette();
  VOC_CLASSES.forEach((name, i) => out.set(palette[i]!.join(','), name));
  return out;
}

const int = (el: XmlElement | undefined, name: string) => {
  const t = childText(el, name);
  const v = t === undefined ? NaN : Number(t);
  return Number.isFinite(v) ? v : null;
};

export async function planVoc(from: string, ctx: PlanContext): Promise<RegionPlan> {
  const root = path.resolve(from);
  const annDir = path.join(root, 'Annotations');
  if (!fs.existsSync(annDir)) throw new LightboxError('BAD_FILE', `No Annotations folder in ${printable(root)}: choose the folder of a Pascal VOC dataset.`);
  const plan: RegionPlan = { format: 'voc', images: [], skipped: [] };
  const splits = readSplits(root, ctx.source);
  const names = colourNames(root, ctx.source);
  plan.classNames = [...names.values()].filter((n) => n !== 'background');
  const files = fs
    .readdirSync(annDir)
    .filter((f) => f.toLowerCase().endsWith('.xml'))
    .sort();
  for (const f of files) {
    const ref = `Annotations/${f}`;
    let doc: XmlElement;
    try {
      doc = parseXml(ctx.source.read(path.join(annDir, f), 64 * 1024 * 1024), f);
    } catch (e) {
      plan.skipped.push({ ref, reason: (e as Error).message });
      continue;
    }
    const fileName = childText(doc, 'filename');
    if (doc.name !== 'annotation' || !fileName) {
      plan.skipped.push({ ref, reason: 'not a VOC annotation (no <filename>)' });
      continue;
    }
    const stem = f.slice(0, -4);
    const segFile = path.join(root, 'SegmentationClass', `${stem}.png`);
    const hasSeg = fs.existsSync(segFile);
    const regions: ImportedRegion[] = [];
    doc.children
      .filter((c) => c.name === 'object')
      .forEach((o, n) => {
        const oref = `${ref}: object ${n + 1}`;
        const label = childText(o, 'name');
        const kind = childText(o, 'lightbox_shape');
        if (hasSeg && (kind === 'polygon' || kind === 'mask')) return; // its outline is in the PNG
        const b = child(o, 'bndbox');
        const [x0, y0, x1, y1] = [int(b, 'xmin'), int(b, 'ymin'), int(b, 'xmax'), int(b, 'ymax')];
        if (!label) return plan.skipped.push({ ref: oref, reason: 'an object has no <name>' });
        if (x0 === null || y0 === null || x1 === null || y1 === null) return plan.skipped.push({ ref: oref, reason: 'an object has no complete <bndbox>' });
        // VOC pixel indices are 1-based and inclusive.
        regions.push({ label, ref: oref, shape: { kind: 'box', x: x0 - 1, y: y0 - 1, w: x1 - x0 + 1, h: y1 - y0 + 1 } });
      });
    // Read now for the source's identity; decoded against the image (pendingMasks.ts).
    if (hasSeg) ctx.source.readBytes(segFile, 64 * 1024 * 1024);
    const size = child(doc, 'size');
    const w = int(size, 'width');
    const h = int(size, 'height');
    const resolution = resolveImageRef(fileName, [path.join(root, 'JPEGImages'), annDir], ctx.datasetRoot, ctx.byName);
    planImage(plan, path.basename(root), root, fileName, resolution, {
      split: splits.get(stem) ?? null,
      regions,
      ...(hasSeg ? { segmentation: { file: segFile, ref: `SegmentationClass/${stem}.png`, colours: names } } : {}),
      space: w && h ? { kind: 'pixels', width: w, height: h } : { kind: 'pixels', width: null, height: null },
    });
  }
  if (files.length === 0) throw new LightboxError('BAD_FILE', `No .xml files in ${printable(annDir)}.`);
  return plan;
}
