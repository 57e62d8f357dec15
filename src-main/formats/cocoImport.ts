import fs from 'node:fs';
import path from 'node:path';
import { MAX_POLYGON_VERTICES, type RegionShape } from '../api/annotations.js';
import { LightboxError } from '../api/errors.js';
import { printable } from '../dataset/pathSafety.js';
import type { PlanContext } from './importSource.js';
import { type SplitName, splitOf } from './labeledImport.js';
import { planImage, resolveImageRef } from './importedImages.js';
import type { PendingShape } from './pendingMasks.js';
import type { ImportedRegion, RegionPlan } from './regionImport.js';
import { rectangleOf } from './regionSupport.js';

/**
 * COCO instances JSON (one file, or a folder whose `annotations/` holds one per split). Each
 * `images[].file_name` is looked for beside the JSON, then in the usual image folders of an
 * export (`images/{split}`, `images`, `{split}`), then in the dataset. Polygons become polygons
 * (a rectangle equal to the bbox becomes a box, which is how boxes travel in COCO), RLE masks
 * (compressed or not) become masks, an annotation with no segmentation becomes its bbox.
 */

interface CocoJson {
  images?: { id?: unknown; file_name?: unknown; width?: unknown; height?: unknown }[];
  annotations?: { id?: unknown; image_id?: unknown; category_id?: unknown; bbox?: unknown; segmentation?: unknown }[];
  categories?: { id?: unknown; name?: unknown }[];
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function jsonFiles(from: string): string[] {
  const st = fs.statSync(from, { throwIfNoEntry: false });
  if (!st) throw new LightboxError('NOT_FOUND', `${printable(from)} does not exist.`);
  if (st.isFile()) return [from];
  const dir = fs.existsSync(path.join(from, 'annotations')) ? path.join(from, 'annotations') : from;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.json'))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length === 0) throw new LightboxError('BAD_FILE', `No COCO JSON file in ${printable(dir)}.`);
  return files;
}

function splitOfFile(file: string): SplitName | null {
  const m = /(?:^|[_\-.])(train|training|val|valid|validation|test|testing)(?:\d{4})?(?:[_\-.]|$)/i.exec(path.basename(file, '.json'));
  return m ? splitOf(m[1]!) : null;
}

function shapesOf(a: NonNullable<CocoJson['annotations']>[number]): (RegionShape | PendingShape)[] | string {
  const bbox = Array.isArray(a.bbox) && a.bbox.length === 4 && a.bbox.every(isNum) ? (a.bbox as number[]) : null;
  const seg = a.segmentation;
  if (Array.isArray(seg) && seg.length > 0) {
    const out: RegionShape[] = [];
    for (const poly of seg) {
      if (Array.isArray(poly) && poly.length > 2 * MAX_POLYGON_VERTICES) {
        return `the polygon has ${(poly.length / 2).toLocaleString('en-US')} vertices; at most ${MAX_POLYGON_VERTICES.toLocaleString('en-US')} are allowed`;
      }
      if (!Array.isArray(poly) || poly.length < 6 || poly.length % 2 !== 0 || !poly.every(isNum)) return 'a polygon is not a list of x, y numbers';
      const points: [number, number][] = [];
      for (let i = 0; i < poly.length; i += 2) points.push([poly[i] as number, poly[i + 1] as number]);
      const rect = rectangleOf(points);
      const isBbox = rect && bbox && Math.abs(rect.x - bbox[0]!) < 1e-6 && Math.abs(rect.y - bbox[1]!) < 1e-6 && Math.abs(rect.w - bbox[2]!) < 1e-6 && Math.abs(rect.h - bbox[3]!) < 1e-6;
      out.push(isBbox && seg.length === 1 ? { kind: 'box', ...rect } : { kind: 'polygon', points });
    }
    return out;
  }
  if (seg && typeof seg === 'object' && !Array.isArray(seg)) {
    const rle = seg as { size?: unknown; counts?: unknown };
    if (!Array.isArray(rle.size) || rle.size.length !== 2 || !rle.size.every(isNum)) return 'an RLE mask has no valid size';
    if (typeof rle.counts !== 'string' && !(Array.isArray(rle.counts) && rle.counts.every(isNum))) return 'an RLE mask has no valid counts';
    // Decoded only once its size is known to be its image's.
    return [{ kind: 'cocoRle', size: rle.size as [number, number], counts: rle.counts as string | number[] }];
  }
  if (bbox) return [{ kind: 'box', x: bbox[0]!, y: bbox[1]!, w: bbox[2]!, h: bbox[3]! }];
  return 'no segmentation and no bbox';
}

export async function planCoco(from: string, ctx: PlanContext): Promise<RegionPlan> {
  const plan: RegionPlan = { format: 'coco', images: [], skipped: [] };
  for (const file of jsonFiles(path.resolve(from))) {
    let doc: CocoJson;
    try {
      doc = JSON.parse(ctx.source.read(file)) as CocoJson;
    } catch (e) {
      if (e instanceof LightboxError) throw e;
      throw new LightboxError('BAD_FILE', `${path.basename(file)} is not valid JSON: ${(e as Error).message}.`);
    }
    if (!doc || !Array.isArray(doc.images) || !Array.isArray(doc.annotations) || !Array.isArray(doc.categories)) {
      plan.skipped.push({ ref: path.basename(file), reason: 'not a COCO instances file (it needs images, annotations and categories)' });
      continue;
    }
    const split = splitOfFile(file);
    const dir = path.dirname(file);
    const top = path.basename(dir) === 'annotations' ? path.dirname(dir) : dir;
    const bases = [dir, ...(split ? [path.join(top, 'images', split), path.join(top, split)] : []), path.join(top, 'images'), top];
    const categories = new Map<number, string>();
    for (const c of doc.categories) if (isNum(c.id) && typeof c.name === 'string') categories.set(c.id, c.name);
    plan.classNames = [...(plan.classNames ?? []), ...[...categories.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n)];
    const byImage = new Map<number, ImportedRegion[]>();
    doc.annotations.forEach((a, n) => {
      const ref = `${path.basename(file)}: annotation ${isNum(a.id) ? `id ${a.id}` : n + 1}`;
      const label = isNum(a.category_id) ? categories.get(a.category_id) : undefined;
      if (!isNum(a.image_id)) return plan.skipped.push({ ref, reason: 'no image_id' });
      if (label === undefined) return plan.skipped.push({ ref, reason: `unknown category_id ${String(a.category_id)}` });
      const shapes = shapesOf(a);
      if (typeof shapes === 'string') return plan.skipped.push({ ref, reason: shapes });
      const list = byImage.get(a.image_id) ?? [];
      for (const shape of shapes) list.push({ label, shape, ref });
      byImage.set(a.image_id, list);
    });
    const sourceName = path.basename(top);
    for (const img of doc.images) {
      if (typeof img.file_name !== 'string' || !isNum(img.id)) {
        plan.skipped.push({ ref: path.basename(file), reason: 'an image entry has no file_name or id' });
        continue;
      }
      const resolution = resolveImageRef(img.file_name, bases, ctx.datasetRoot, ctx.byName);
      planImage(plan, sourceName, top, img.file_name, resolution, {
        split,
        regions: byImage.get(img.id) ?? [],
        space: isNum(img.width) && isNum(img.height) ? { kind: 'pixels', width: img.width, height: img.height } : { kind: 'pixels', width: null, height: null },
      });
    }
  }
  return plan;
}
