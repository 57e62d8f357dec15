import type { RegionShape } from '../api/annotations.js';
import { encodeMask, decodeMask, tightenCrop } from '../api/maskCodec.js';
import { checkRegionShape, parseRegionShape } from '../api/regionCheck.js';
import { printable } from '../dataset/pathSafety.js';
import type { Probe } from '../imaging/probe.js';
import type { ReadyRegion, Skip } from './importProtocol.js';
import type { PlannedRef } from './importedImages.js';
import { labelProblem, type SplitName } from './labeledImport.js';
import { type PendingShape, resolvePending, type Segmentation, segmentationRegions } from './pendingMasks.js';

/**
 * What the region importers (coco, yolo, voc, labelme) plan, and how each planned region is made
 * ready in the planning thread: its image probed, its shape moved to upright pixels of the image
 * and put through the check `annotations.create` applies (api/regionCheck.ts). Masks a file only
 * declares (COCO RLE, labelme and VOC PNGs) are decoded only once their declared size is known to
 * fit the image. Writing is importWrite.ts.
 */

export interface ImportedRegion {
  label: string;
  /** A shape in the label file's space, or a mask still to be decoded against the image. */
  shape: RegionShape | PendingShape;
  /** Where it came from, for the summary ("labels/a.json: shape 3"). */
  ref: string;
}

export interface PlannedRegionImage extends PlannedRef {
  split: SplitName | null;
  regions: ImportedRegion[];
  /** A VOC class-colour PNG of the image, read into one mask per class. */
  segmentation?: Segmentation;
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
  skipped: Skip[];
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
type Upright =
  | { ok: true; map: ((s: RegionShape) => RegionShape | null) | null; size: { width: number; height: number } | null }
  | { ok: false; reason: string };

/** `size`: the label file's pixel space, which a declared mask must match (null: normalised). */
function toUpright(img: PlannedRegionImage, probe: Probe): Upright {
  const { width: W, height: H, orientation } = probe;
  const sp = img.space;
  if (sp.kind === 'normalized') return { ok: true, map: (s) => mapShape(s, (x, y) => [x * W, y * H], W, H), size: null };
  if (sp.width === null || (sp.width === W && sp.height === H)) return { ok: true, map: null, size: { width: W, height: H } };
  const swap = orientation >= 5 && orientation <= 8;
  const storedW = swap ? H : W;
  const storedH = swap ? W : H;
  if (orientation !== 1 && sp.width === storedW && sp.height === storedH) {
    return { ok: true, map: (s) => mapShape(s, (x, y) => orientPoint(orientation, storedW, storedH, x, y), W, H), size: { width: storedW, height: storedH } };
  }
  return { ok: false, reason: `the label file is for a ${sp.width}×${sp.height} image, but this image is ${W}×${H}` };
}

// -------------------------------------------------------------------------------------------
// Ready

/**
 * The regions of a planned image as they will be stored, each refusal added to `skipped` with its
 * entry. `keyOf` gives each region its key in the source (importProtocol.ts ReadyRegion).
 */
export async function readyRegions(img: PlannedRegionImage, probe: Probe | null, probeError: string | null, skipped: Skip[], keyOf: (ref: string) => string): Promise<ReadyRegion[]> {
  if (img.regions.length === 0 && !img.segmentation) return [];
  if (!probe) {
    skipped.push({ ref: printable(img.ref), reason: `its regions were not imported: ${probeError ?? 'unreadable image'}` });
    return [];
  }
  const upright = toUpright(img, probe);
  if (!upright.ok) {
    skipped.push({ ref: printable(img.ref), reason: `its regions were not imported: ${upright.reason}` });
    return [];
  }
  const regions = img.segmentation ? [...img.regions, ...(await segmentationRegions(img.segmentation, upright.size, skipped))] : img.regions;
  const out: ReadyRegion[] = [];
  for (const r of regions) {
    const refuse = (reason: string) => void skipped.push({ ref: printable(r.ref), reason });
    const bad = labelProblem(r.label);
    if (bad) {
      refuse(bad);
      continue;
    }
    const declared = await resolvePending(r.shape, upright.size);
    if (typeof declared === 'string') {
      refuse(declared);
      continue;
    }
    let shape: RegionShape | null = declared;
    if (upright.map) {
      // The contract's bounds before anything is moved (a 5-million-vertex polygon stops here).
      const parsed = parseRegionShape(declared);
      if (!parsed.ok) {
        refuse(parsed.reason);
        continue;
      }
      shape = upright.map(parsed.shape);
    }
    const n = shape ? checkRegionShape(shape, probe.width, probe.height) : { ok: false as const, reason: 'it lies outside the image' };
    if (!n.ok) {
      refuse(n.reason);
      continue;
    }
    out.push({ label: r.label.trim(), shape: n.shape, key: keyOf(r.ref) });
  }
  return out;
}
