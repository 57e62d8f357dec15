import type { Region, RegionShape } from '../../src-main/api/annotations.js';
import { decodeMask, encodeMask } from '../../src-main/api/maskCodec.js';
import type { Shape } from './types.js';

/** A region from the store as an editor shape. */
export function shapeFromRegion(r: Region): Shape {
  const base = { id: `r${r.id}`, classId: r.classId, remoteId: r.id, note: r.note ?? null };
  const s = r.shape;
  switch (s.kind) {
    case 'box':
      return { ...base, kind: 'box', x: s.x, y: s.y, w: s.w, h: s.h };
    case 'polygon':
      return { ...base, kind: 'polygon', points: s.points.map(([x, y]) => [x, y] as const), ...(s.holes?.length ? { holes: s.holes.map((h) => h.map(([x, y]) => [x, y] as const)) } : {}) };
    case 'point':
      return { ...base, kind: 'point', x: s.x, y: s.y };
    case 'mask':
      return { ...base, kind: 'mask', x: s.x, y: s.y, w: s.w, h: s.h, bits: decodeMask(s.counts, s.w, s.h) };
  }
}

/** An editor shape as the contract's geometry. */
export function regionShapeOf(s: Shape): RegionShape {
  switch (s.kind) {
    case 'box':
      return { kind: 'box', x: s.x, y: s.y, w: s.w, h: s.h };
    case 'polygon':
      return { kind: 'polygon', points: s.points.map(([x, y]) => [x, y]), ...(s.holes?.length ? { holes: s.holes.map((h) => h.map(([x, y]) => [x, y] as [number, number])) } : {}) };
    case 'point':
      return { kind: 'point', x: s.x, y: s.y };
    case 'mask':
      return { kind: 'mask', x: s.x, y: s.y, w: s.w, h: s.h, counts: encodeMask(s.bits) };
  }
}
