import fs from 'node:fs';
import path from 'node:path';
import type { Region, RegionShape } from '../api/annotations.js';
import { type MaskCrop, decodeMask, encodeMask, tightenCrop } from '../api/maskCodec.js';
import { polygonArea, shapeBounds } from '../api/regionGeometry.js';
import type { Db } from '../store/openStore.js';
import { classesInOrder, redactClassIds } from '../store/exportRowsRepo.js';
import { regionsByImage, regionsOfImageWindow } from '../store/regionsRepo.js';
import type { Placement } from '../imaging/exportImage.js';
import type { ExportRun } from './exportRun.js';
import { answerRegionsOf } from './exportAnswers.js';
import type { ExportItem, SplitName } from './exportSelection.js';

/**
 * What the region exporters (coco, yolo, voc, masks, labelme) share on top of exportRun.ts:
 * the class table, the regions of the exported images, and moving shapes into the written image
 * (which may be resized, cropped or padded: `Placement`).
 */

export interface ClassEntry {
  id: number;
  name: string;
  /** 0-based position in class order (archived classes keep their place). */
  index: number;
}

export interface ClassTable {
  byId: Map<number, ClassEntry>;
  /** Every class, in class order. */
  list: ClassEntry[];
}

export function classTable(db: Db): ClassTable {
  const list = classesInOrder(db).map((r, index) => ({ id: r.id, name: r.name, index }));
  return { byId: new Map(list.map((c) => [c.id, c])), list };
}

/** Live label regions of the given images, oldest first (the drawing order); redactions are never labels. */
export function regionsFor(db: Db, imageIds: readonly number[]): Map<number, Region[]> {
  return withoutRedactions(db, regionsByImage(db, imageIds));
}

function withoutRedactions(db: Db, all: Map<number, Region[]>): Map<number, Region[]> {
  const redact = redactClassIds(db);
  if (redact.size === 0) return all;
  for (const [id, list] of all) all.set(id, list.filter((r) => !redact.has(r.classId)));
  return all;
}

/**
 * The label regions of a window of an export's images, as that export counts them: one
 * annotator's answers when it asks for them (`--annotations annotator:NAME`), else the dataset's
 * live regions without redactions. One query through the image index (streaming exports read a
 * thousand images at a time).
 */
export function labelRegions(run: Pick<ExportRun, 'plan' | 'selection'>, imageIds: readonly number[]): Map<number, Region[]> {
  const of = run.selection.regionsOf ?? null;
  if (of !== null) {
    const theirs = answerRegionsOf(run.plan.db, imageIds, of);
    return new Map(imageIds.map((id) => [id, theirs.get(id)?.get(of) ?? []]));
  }
  return withoutRedactions(run.plan.db, regionsOfImageWindow(run.plan.db, imageIds));
}

/** `--annotations all`: every annotator's regions of a window of images, by image and annotator; null otherwise. */
export function answerRegions(run: Pick<ExportRun, 'plan' | 'selection'>, imageIds: readonly number[]): Map<number, Map<string, Region[]>> | null {
  return run.selection.annotators ? answerRegionsOf(run.plan.db, imageIds, null) : null;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Sutherland–Hodgman: the part of a polygon inside [0, w] × [0, h]. */
export function clipPolygon(points: readonly (readonly [number, number])[], w: number, h: number): [number, number][] {
  type P = [number, number];
  let out: P[] = points.map(([x, y]) => [x, y]);
  const edges: [(p: P) => boolean, (a: P, b: P) => P][] = [
    [(p) => p[0] >= 0, (a, b) => [0, a[1] + ((b[1] - a[1]) * (0 - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= w, (a, b) => [w, a[1] + ((b[1] - a[1]) * (w - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= 0, (a, b) => [a[0] + ((b[0] - a[0]) * (0 - a[1])) / (b[1] - a[1]), 0]],
    [(p) => p[1] <= h, (a, b) => [a[0] + ((b[0] - a[0]) * (h - a[1])) / (b[1] - a[1]), h]],
  ];
  for (const [inside, cut] of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i]!;
      const prev = input[(i + input.length - 1) % input.length]!;
      if (inside(cur)) {
        if (!inside(prev)) out.push(cut(prev, cur));
        out.push(cur);
      } else if (inside(prev)) {
        out.push(cut(prev, cur));
      }
    }
    if (out.length === 0) break;
  }
  return out;
}

const identity = (p: Placement) => p.scaleX === 1 && p.scaleY === 1 && p.offsetX === 0 && p.offsetY === 0;

/** A mask resampled (nearest neighbour) into the written image; null when nothing of it is left. */
export function placeMask(crop: MaskCrop, p: Placement): MaskCrop | null {
  if (identity(p)) return crop;
  const x0 = clamp(Math.floor(crop.x * p.scaleX + p.offsetX), 0, p.width);
  const y0 = clamp(Math.floor(crop.y * p.scaleY + p.offsetY), 0, p.height);
  const x1 = clamp(Math.ceil((crop.x + crop.w) * p.scaleX + p.offsetX), 0, p.width);
  const y1 = clamp(Math.ceil((crop.y + crop.h) * p.scaleY + p.offsetY), 0, p.height);
  const w = x1 - x0;
  const h = y1 - y0;
  if (w <= 0 || h <= 0) return null;
  const bits = new Uint8Array(w * h);
  for (let v = 0; v < h; v++) {
    const sy = Math.floor((y0 + v + 0.5 - p.offsetY) / p.scaleY) - crop.y;
    if (sy < 0 || sy >= crop.h) continue;
    for (let u = 0; u < w; u++) {
      const sx = Math.floor((x0 + u + 0.5 - p.offsetX) / p.scaleX) - crop.x;
      if (sx >= 0 && sx < crop.w && crop.bits[sy * crop.w + sx] === 1) bits[v * w + u] = 1;
    }
  }
  return tightenCrop({ x: x0, y: y0, w, h, bits });
}

/** A region's shape in the pixels of the written image, clipped to it; null when nothing is left. */
export function placeShape(shape: RegionShape, p: Placement): RegionShape | null {
  const X = (x: number) => x * p.scaleX + p.offsetX;
  const Y = (y: number) => y * p.scaleY + p.offsetY;
  switch (shape.kind) {
    case 'box': {
      const x0 = clamp(X(shape.x), 0, p.width);
      const y0 = clamp(Y(shape.y), 0, p.height);
      const x1 = clamp(X(shape.x + shape.w), 0, p.width);
      const y1 = clamp(Y(shape.y + shape.h), 0, p.height);
      return x1 > x0 && y1 > y0 ? { kind: 'box', x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
    }
    case 'point': {
      const x = X(shape.x);
      const y = Y(shape.y);
      return x >= 0 && y >= 0 && x <= p.width && y <= p.height ? { kind: 'point', x, y } : null;
    }
    case 'polygon': {
      const place = (ring: readonly (readonly [number, number])[]) => {
        const moved = ring.map(([x, y]) => [X(x), Y(y)] as [number, number]);
        return identity(p) ? moved : clipPolygon(moved, p.width, p.height);
      };
      const pts = place(shape.points);
      if (pts.length < 3 || polygonArea(pts) <= 0) return null;
      const holes = (shape.holes ?? []).map(place).filter((h) => h.length >= 3 && polygonArea(h) > 0);
      return holes.length > 0 ? { kind: 'polygon', points: pts, holes } : { kind: 'polygon', points: pts };
    }
    case 'mask': {
      const placed = placeMask(maskCropOf(shape), p);
      return placed && { kind: 'mask', x: placed.x, y: placed.y, w: placed.w, h: placed.h, counts: encodeMask(placed.bits) };
    }
  }
}

export function maskCropOf(shape: Extract<RegionShape, { kind: 'mask' }>): MaskCrop {
  return { x: shape.x, y: shape.y, w: shape.w, h: shape.h, bits: decodeMask(shape.counts, shape.w, shape.h) };
}

/** The tight axis-aligned box of a shape in pixels (a mask's pixel box; a point has none). */
export function shapeBox(shape: RegionShape): { x: number; y: number; w: number; h: number } | null {
  return shape.kind === 'point' ? null : shapeBounds(shape);
}

/** Holes of the polygon regions: what a format whose polygons cannot hold holes leaves out (and says so). */
export function polygonHoles(regions: readonly Region[]): number {
  let n = 0;
  for (const r of regions) if (r.shape.kind === 'polygon') n += r.shape.holes?.length ?? 0;
  return n;
}

/** A number for a label file: at most `digits` decimals, no trailing zeros, no "-0". */
export function num(v: number, digits = 3): number {
  const r = Math.round(v * 10 ** digits) / 10 ** digits;
  return r === 0 ? 0 : r;
}

/** True when a polygon is exactly an axis-aligned rectangle (how boxes travel in polygon-only formats). */
export function rectangleOf(points: readonly (readonly [number, number])[]): { x: number; y: number; w: number; h: number } | null {
  if (points.length !== 4) return null;
  const xs = [...new Set(points.map((p) => p[0]))];
  const ys = [...new Set(points.map((p) => p[1]))];
  if (xs.length !== 2 || ys.length !== 2) return null;
  // Each vertex shares x with one neighbour and y with the other.
  for (let i = 0; i < 4; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % 4]!;
    if (a[0] !== b[0] && a[1] !== b[1]) return null;
  }
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
}

/** Write a binary label file (a PNG) at `rel` in the export's temporary folder; never over another file. */
export async function writeBinary(run: ExportRun, rel: string, data: Uint8Array): Promise<void> {
  const file = path.join(run.dir, ...rel.split('/'));
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await fs.promises.writeFile(file, data, { flag: 'wx' });
}

/** Regions moved into the written image (resized, cropped or padded), dropping what falls outside. */
export function placedRegions(regions: readonly Region[], p: Placement): Region[] {
  const out: Region[] = [];
  for (const r of regions) {
    const shape = placeShape(r.shape, p);
    if (shape) out.push({ ...r, shape });
  }
  return out;
}

/** Items grouped by output split; with no split anywhere, everything goes in one unnamed group. */
export function groupBySplit(run: { leaveOutNoSplit(item: ExportItem): void }, items: readonly ExportItem[]): Map<SplitName | null, ExportItem[]> {
  const bySplit = items.some((i) => i.split !== null);
  const groups = new Map<SplitName | null, ExportItem[]>();
  for (const item of items) {
    if (bySplit && item.split === null) {
      run.leaveOutNoSplit(item);
      continue;
    }
    const key = bySplit ? item.split : null;
    let group = groups.get(key);
    if (!group) {
      group = [];
      groups.set(key, group);
    }
    group.push(item);
  }
  return groups;
}

/**
 * Whose labels one label file holds. Without `--annotations all` there is one target, the export's
 * regions (`annotator` null, `suffix` ''). With it, the dataset's own labels (for images that
 * have some), then one per annotator who answered the image, in name order: `suffix` is `-NAME`
 * made safe (annotatorSuffixes), for formats that write each annotator's files into a folder of
 * their own beside the dataset's (`labels-ana/` beside `labels/`). Regions are placed in the written image.
 */
export interface LabelTarget {
  annotator: string | null;
  suffix: string;
  regions: Region[];
}

/** The folder suffix of each annotator of an `all` export (the same for every image of it); empty otherwise. */
export function annotatorSuffixesOf(run: Pick<ExportRun, 'selection'>): ReadonlyMap<string, string> {
  return run.selection.annotatorSuffixes ?? new Map();
}

/**
 * The label targets of one written image (see LabelTarget); `own` are its regions, placed;
 * `answers` each annotator's regions of it (answerRegions), in source pixels.
 */
export function labelTargets(run: Pick<ExportRun, 'selection'>, item: ExportItem, placement: Placement, own: Region[], answers?: ReadonlyMap<string, Region[]>): LabelTarget[] {
  if (!item.answers) return [{ annotator: null, suffix: '', regions: own }];
  const suffixes = annotatorSuffixesOf(run);
  const out: LabelTarget[] = item.resolved === false ? [] : [{ annotator: null, suffix: '', regions: own }];
  for (const a of item.answers) out.push({ annotator: a.annotator, suffix: suffixes.get(a.annotator)!, regions: placedRegions(answers?.get(a.annotator) ?? [], placement) });
  return out;
}

/**
 * Write every planned image and hand each one written to `write` with its placement and its label
 * targets (LabelTarget: its own regions, and under `--annotations all` each annotator's), regions
 * moved into the written image; an image left out as unreadable (counted by writeImage) gives null.
 */
export function writeImagesWithRegions<P extends { item: ExportItem; rel: string }, R>(
  run: ExportRun,
  planned: readonly P[],
  write: (p: P, placement: Placement, targets: LabelTarget[]) => R | Promise<R>,
): Promise<(R | null)[]> {
  const ids = planned.map((p) => p.item.id);
  const regions = labelRegions(run, ids);
  const answers = answerRegions(run, ids);
  return run.forEach(planned, (p) => p.item.path, async (p) => {
    const placement = await run.writeImage(p.item, [p.rel]);
    return placement ? write(p, placement, labelTargets(run, p.item, placement, placedRegions(regions.get(p.item.id) ?? [], placement), answers?.get(p.item.id))) : null;
  });
}
