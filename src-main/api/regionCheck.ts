/**
 * The one check every region passes before it is stored, whoever sends it: the renderer
 * (`annotations.create` / `update`), the CLI, or an importer reading someone else's file. The
 * contract's schema (kinds, coordinate limits, at most MAX_POLYGON_VERTICES vertices, masks at
 * whole pixels from 0), then the rules of the image it is drawn on (normalizeShape: clamped to
 * the image, no empty or degenerate shapes, masks inside the image and decodable).
 */
import { MAX_POLYGON_HOLES, MAX_POLYGON_VERTICES, RegionShape } from './annotations.js';
import { type Normalized, normalizeShape } from './regionGeometry.js';

export type Parsed = { ok: true; shape: RegionShape } | { ok: false; reason: string };

const count = (n: number) => n.toLocaleString('en-US');

/** The contract's schema alone (no image needed): cheap bounds first, so a huge shape costs nothing. */
export function parseRegionShape(shape: unknown): Parsed {
  const s = shape as { kind?: unknown; points?: unknown; holes?: unknown; x?: unknown; y?: unknown };
  if (s && s.kind === 'polygon' && Array.isArray(s.points)) {
    let n = s.points.length;
    if (Array.isArray(s.holes)) {
      if (s.holes.length > MAX_POLYGON_HOLES) return { ok: false, reason: `the polygon has ${count(s.holes.length)} holes; at most ${count(MAX_POLYGON_HOLES)} are allowed` };
      for (const h of s.holes) if (Array.isArray(h)) n += h.length;
    }
    if (n > MAX_POLYGON_VERTICES) return { ok: false, reason: `the polygon has ${count(n)} vertices; at most ${count(MAX_POLYGON_VERTICES)} are allowed` };
  }
  if (s && s.kind === 'mask' && ((typeof s.x === 'number' && s.x < 0) || (typeof s.y === 'number' && s.y < 0))) {
    return { ok: false, reason: 'the mask extends outside the image' };
  }
  const r = RegionShape.safeParse(shape);
  if (r.success) return { ok: true, shape: r.data };
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  const kind = typeof s?.kind === 'string' ? s.kind.slice(0, 20) : 'region';
  return { ok: false, reason: `the ${kind} is not valid (${where}${issue?.message ?? 'invalid'})`.slice(0, 300) };
}

/** The shape as the store keeps it on a width×height image, or why it is refused. */
export function checkRegionShape(shape: unknown, width: number, height: number): Normalized {
  const parsed = parseRegionShape(shape);
  return parsed.ok ? normalizeShape(parsed.shape, width, height) : parsed;
}
