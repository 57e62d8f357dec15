import fs from 'node:fs';
import path from 'node:path';
import { MAX_POLYGON_VERTICES, type RegionShape } from '../api/annotations.js';
import { LightboxError } from '../api/errors.js';
import { printable } from '../dataset/pathSafety.js';
import type { PlanContext } from './importSource.js';
import { splitOf } from './labeledImport.js';
import { planImage, resolveImageRef } from './importedImages.js';
import type { PendingShape } from './pendingMasks.js';
import type { ImportedRegion, RegionPlan } from './regionImport.js';

/**
 * labelme JSON files (one file, or every .json under a folder). `imagePath` is resolved relative
 * to the JSON's folder (then the dataset); embedded `imageData` is never used. rectangle, polygon,
 * point and mask shapes are read; circles and lines have no Lightbox form and are listed.
 */

interface LabelmeJson {
  shapes?: { label?: unknown; points?: unknown; shape_type?: unknown; mask?: unknown }[];
  imagePath?: unknown;
  imageWidth?: unknown;
  imageHeight?: unknown;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function findJson(from: string): string[] {
  const st = fs.statSync(from, { throwIfNoEntry: false });
  if (!st) throw new LightboxError('NOT_FOUND', `${printable(from)} does not exist.`);
  if (st.isFile()) return [from];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.json')) out.push(p);
    }
  };
  walk(from);
  return out;
}

export async function planLabelme(from: string, ctx: PlanContext): Promise<RegionPlan> {
  const abs = path.resolve(from);
  const files = findJson(abs);
  const top = fs.statSync(abs).isFile() ? path.dirname(abs) : abs;
  const plan: RegionPlan = { format: 'labelme', images: [], skipped: [] };
  for (const file of files) {
    const fref = path.relative(top, file).split(path.sep).join('/') || path.basename(file);
    let doc: LabelmeJson;
    try {
      doc = JSON.parse(ctx.source.read(file, 256 * 1024 * 1024)) as LabelmeJson;
    } catch (e) {
      plan.skipped.push({ ref: fref, reason: e instanceof LightboxError ? e.message : 'not valid JSON' });
      continue;
    }
    if (!doc || typeof doc.imagePath !== 'string' || !Array.isArray(doc.shapes)) {
      plan.skipped.push({ ref: fref, reason: 'not a labelme file (it needs imagePath and shapes)' });
      continue;
    }
    const regions: ImportedRegion[] = [];
    for (const [n, s] of doc.shapes.entries()) {
      const ref = `${fref}: shape ${n + 1}`;
      if (Array.isArray(s.points) && s.points.length > MAX_POLYGON_VERTICES) {
        plan.skipped.push({ ref, reason: `the polygon has ${s.points.length.toLocaleString('en-US')} vertices; at most ${MAX_POLYGON_VERTICES.toLocaleString('en-US')} are allowed` });
        continue;
      }
      const pts = Array.isArray(s.points) && s.points.every((p) => Array.isArray(p) && p.length === 2 && isNum(p[0]) && isNum(p[1])) ? (s.points as [number, number][]) : null;
      if (typeof s.label !== 'string' || !pts) {
        plan.skipped.push({ ref, reason: 'a shape needs a label and points' });
        continue;
      }
      const type = typeof s.shape_type === 'string' ? s.shape_type : 'polygon';
      let shape: RegionShape | PendingShape | string;
      if (type === 'rectangle' && pts.length === 2) {
        const [[x1, y1], [x2, y2]] = pts as [[number, number], [number, number]];
        shape = { kind: 'box', x: Math.min(x1, x2), y: Math.min(y1, y2), w: Math.abs(x2 - x1), h: Math.abs(y2 - y1) };
      } else if (type === 'polygon') {
        shape = pts.length >= 3 ? { kind: 'polygon', points: pts } : 'a polygon needs three points';
      } else if (type === 'point' && pts.length === 1) {
        shape = { kind: 'point', x: pts[0]![0], y: pts[0]![1] };
      } else if (type === 'mask' && pts.length === 2 && typeof s.mask === 'string') {
        // Decoded only once the PNG is known to fit the image (pendingMasks.ts).
        shape = { kind: 'pngMask', x: Math.round(Math.min(pts[0]![0], pts[1]![0])), y: Math.round(Math.min(pts[0]![1], pts[1]![1])), png: s.mask };
      } else {
        shape = `shape_type "${printable(type)}" is not imported (Lightbox has boxes, polygons, points and masks)`;
      }
      if (typeof shape === 'string') plan.skipped.push({ ref, reason: shape });
      else regions.push({ label: s.label, shape, ref });
    }
    const dir = path.dirname(file);
    const split = splitOf(path.basename(dir));
    const resolution = resolveImageRef(doc.imagePath, [dir], ctx.datasetRoot, ctx.byName);
    planImage(plan, path.basename(top), top, doc.imagePath, resolution, {
      split,
      regions,
      space: isNum(doc.imageWidth) && isNum(doc.imageHeight) ? { kind: 'pixels', width: doc.imageWidth, height: doc.imageHeight } : { kind: 'pixels', width: null, height: null },
    });
  }
  if (files.length === 0) throw new LightboxError('BAD_FILE', `No labelme JSON file in ${printable(abs)}.`);
  return plan;
}
