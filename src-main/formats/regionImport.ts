import fs from 'node:fs';
import path from 'node:path';
import type { ImportSummary } from '../api/acquire.js';
import type { RegionShape } from '../api/annotations.js';
import { LightboxError } from '../api/errors.js';
import { encodeMask, decodeMask, tightenCrop } from '../api/maskCodec.js';
import { normalizeShape } from '../api/regionGeometry.js';
import { ensureClass } from '../dataset/addImage.js';
import { printable } from '../dataset/pathSafety.js';
import type { Probe } from '../imaging/probe.js';
import type { JobContext } from '../jobs/JobManager.js';
import { recordCommand } from '../store/historyRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import { insertRegion, shapeToStored, touchImages } from '../store/regionsRepo.js';
import { type PlannedRef, placedImageRows, placeImages } from './importedImages.js';
import { labelProblem, type SplitName } from './labeledImport.js';

/**
 * What the region importers (coco, yolo, voc, labelme) share: a plan of images (resolved by
 * importedImages.ts) with their regions, and one pass that copies outside images in (or matches
 * them by content), converts each shape to upright pixels of its image, checks it, and writes every
 * region in one transaction recorded as one undoable command ('annotations.import').
 */

export const IMPORT_KIND = 'annotations.import';

export interface ImportedRegion {
  label: string;
  shape: RegionShape;
  /** Where it came from, for the summary ("file.json shape 3"). */
  ref: string;
}

export interface PlannedRegionImage extends PlannedRef {
  split: SplitName | null;
  regions: ImportedRegion[];
  /**
   * The coordinate space of the regions: 'normalized' (0–1, YOLO), or the pixel size the label
   * file gives (compared with the image, to catch files written for the unrotated image).
   */
  space: { kind: 'normalized' } | { kind: 'pixels'; width: number; height: number } | { kind: 'pixels'; width: null; height: null };
}

export interface RegionPlan {
  format: string;
  /** Class names the source declares, in its order: created first, so class order follows the source. */
  classNames?: string[];
  images: PlannedRegionImage[];
  skipped: { ref: string; reason: string }[];
}

// -------------------------------------------------------------------------------------------
// Reading

/** Read a label file, refusing what is too large to be one. */
export function readLabelFile(file: string, maxBytes = 512 * 1024 * 1024): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new LightboxError('NOT_FOUND', `Cannot read ${printable(file)}. Check the path and that the file exists.`);
  }
  if (!st.isFile()) throw new LightboxError('BAD_FILE', `${printable(file)} is a folder, not a label file.`);
  if (st.size > maxBytes) throw new LightboxError('BAD_FILE', `${printable(file)} is larger than ${maxBytes / 1024 / 1024} MB.`);
  return fs.readFileSync(file, 'utf8');
}

// -------------------------------------------------------------------------------------------
// Coordinates

/** A point of the stored (unrotated) image, given EXIF orientation and stored size, in the upright image. */
export function orientPoint(o: number, w: number, h: number, x: number, y: number): [number, number] {
  switch (o) {
    case 2:
      return [w - x, y];
    case 3:
      return [w - x, h - y];
    case 4:
      return [x, h - y];
    case 5:
      return [y, x];
    case 6:
      return [h - y, x];
    case 7:
      return [h - y, w - x];
    case 8:
      return [y, w - x];
    default:
      return [x, y];
  }
}

/** A shape in some pixel space moved by `map` (scaling, or orientation); masks are remapped pixel by pixel. */
function mapShape(shape: RegionShape, map: (x: number, y: number) => [number, number], outW: number, outH: number): RegionShape | null {
  switch (shape.kind) {
    case 'box': {
      const a = map(shape.x, shape.y);
      const b = map(shape.x + shape.w, shape.y + shape.h);
      return { kind: 'box', x: Math.min(a[0], b[0]), y: Math.min(a[1], b[1]), w: Math.abs(b[0] - a[0]), h: Math.abs(b[1] - a[1]) };
    }
    case 'point': {
      const [x, y] = map(shape.x, shape.y);
      return { kind: 'point', x, y };
    }
    case 'polygon':
      return { kind: 'polygon', points: shape.points.map(([x, y]) => map(x, y)) };
    case 'mask': {
      const bits = decodeMask(shape.counts, shape.w, shape.h);
      const full = new Uint8Array(outW * outH);
      for (let r = 0; r < shape.h; r++) {
        for (let c = 0; c < shape.w; c++) {
          if (bits[r * shape.w + c] !== 1) continue;
          const [x, y] = map(shape.x + c + 0.5, shape.y + r + 0.5);
          const i = Math.floor(x);
          const j = Math.floor(y);
          if (i >= 0 && j >= 0 && i < outW && j < outH) full[j * outW + i] = 1;
        }
      }
      const crop = tightenCrop({ x: 0, y: 0, w: outW, h: outH, bits: full });
      return crop && { kind: 'mask', x: crop.x, y: crop.y, w: crop.w, h: crop.h, counts: encodeMask(crop.bits) };
    }
  }
}

/**
 * The regions of an image in its upright pixels, or why the file's coordinates cannot be placed:
 * normalised ones are scaled; pixel ones must be for the upright size, or for the stored size of
 * a rotated image (a tool that ignored EXIF), which are turned upright.
 */
function toUpright(img: PlannedRegionImage, probe: Probe): { ok: true; map: ((s: RegionShape) => RegionShape | null) | null } | { ok: false; reason: string } {
  const { width: W, height: H, orientation } = probe;
  const sp = img.space;
  if (sp.kind === 'normalized') return { ok: true, map: (s) => mapShape(s, (x, y) => [x * W, y * H], W, H) };
  if (sp.width === null || (sp.width === W && sp.height === H)) return { ok: true, map: null };
  const swap = orientation >= 5 && orientation <= 8;
  const storedW = swap ? H : W;
  const storedH = swap ? W : H;
  if (orientation !== 1 && sp.width === storedW && sp.height === storedH) {
    return { ok: true, map: (s) => mapShape(s, (x, y) => orientPoint(orientation, storedW, storedH, x, y), W, H) };
  }
  return { ok: false, reason: `the label file is for a ${sp.width}×${sp.height} image, but this image is ${W}×${H}` };
}

// -------------------------------------------------------------------------------------------
// Writing

/**
 * Copy or match every planned image, then write all regions in one transaction (one undo takes
 * the whole import back). Regions that do not fit their image are listed, not written.
 */
export async function applyRegionPlan(root: string, db: Db, plan: RegionPlan, job: JobContext, author: string | null): Promise<ImportSummary> {
  const realRoot = fs.realpathSync(root);
  const skipped = [...plan.skipped];
  const total = plan.images.length;
  const { placed, imported, matched } = await placeImages(realRoot, db, plan.images, job);

  job.checkCancelled();
  const classesCreated: string[] = [];
  let labeled = 0;
  writeTx(db, () => {
    const setSplit = db.prepare('UPDATE images SET split = ?, updated_at = ? WHERE id = ?');
    const now = Date.now();
    const rowFor = placedImageRows(db, realRoot, now);
    const ids: number[] = [];
    const touched = new Set<number>();
    const classIds = new Map<string, number>();
    const classFor = (label: string): number => {
      let id = classIds.get(label.trim().toLowerCase());
      if (id === undefined) {
        const c = ensureClass(db, label);
        if (c.created) classesCreated.push(label.trim());
        id = c.id;
        classIds.set(label.trim().toLowerCase(), id);
      }
      return id;
    };
    const used = new Set(placed.flatMap((p) => p.item.regions.map((r) => r.label.trim().toLowerCase())));
    for (const name of plan.classNames ?? []) if (used.has(name.trim().toLowerCase()) && !labelProblem(name)) classFor(name);
    for (const p of placed) {
      const imageId = rowFor(p);
      if (p.item.split) setSplit.run(p.item.split, now, imageId);
      if (!p.probe) {
        if (p.item.regions.length > 0) skipped.push({ ref: printable(p.item.ref), reason: `its regions were not imported: ${p.error ?? 'unreadable image'}` });
        continue;
      }
      const upright = toUpright(p.item, p.probe);
      if (!upright.ok) {
        skipped.push({ ref: printable(p.item.ref), reason: `its regions were not imported: ${upright.reason}` });
        continue;
      }
      for (const r of p.item.regions) {
        const bad = labelProblem(r.label);
        if (bad) {
          skipped.push({ ref: printable(r.ref), reason: bad });
          continue;
        }
        const shape = upright.map ? upright.map(r.shape) : r.shape;
        const n = shape ? normalizeShape(shape, p.probe.width, p.probe.height) : { ok: false as const, reason: 'it lies outside the image' };
        if (!n.ok) {
          skipped.push({ ref: printable(r.ref), reason: n.reason });
          continue;
        }
        ids.push(insertRegion(db, imageId, shapeToStored(classFor(r.label), n.shape), author, now));
        touched.add(imageId);
        labeled++;
      }
    }
    touchImages(db, touched, now);
    if (ids.length > 0) recordCommand(db, IMPORT_KIND, { ids }, author);
  });
  job.progress(total, total);
  return { format: plan.format, imported, matched, labeled, classesCreated, skipped };
}
