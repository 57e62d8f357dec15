import type { ImageRow } from '../api/images.js';
import { LightboxError } from '../api/errors.js';
import { type ImageMeasurements, MAX_RULERS_PER_IMAGE, type Ruler, areaMm2, polygonPerimeter, regionAreaPx, segmentLength } from '../api/measurements.js';
import { listClasses } from '../store/classesRepo.js';
import { recordCommand } from '../store/historyRepo.js';
import { getImage } from '../store/imagesRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import { regionsByImage } from '../store/regionsRepo.js';
import { type RulerRow, allRulers, countRulers, getRuler, insertRuler, rulersOf, setRulersDeleted } from '../store/rulersRepo.js';
import type { Handlers } from './handlers.js';
import type { HistoryKind } from './regionCommands.js';

/** History kinds of ruler commands: their payload is the ruler ids. */
export const RULER_KINDS = { add: 'measurements.addRuler', delete: 'measurements.deleteRuler' } as const;

const spacingOf = (img: ImageRow) => img.medical?.pixelSpacing ?? null;

function toRuler(r: RulerRow, spacing: ReturnType<typeof spacingOf>): Ruler {
  const from: [number, number] = [r.x1, r.y1];
  const to: [number, number] = [r.x2, r.y2];
  const len = segmentLength(from, to, spacing);
  return { id: r.id, imageId: r.imageId, from, to, lengthPx: len.px, lengthMm: len.mm, author: r.author, createdAt: r.createdAt };
}

const showHide = (hideOn: 'undo' | 'redo'): HistoryKind => ({
  step: (db, payload, direction) => setRulersDeleted(db, (payload as { ids: number[] }).ids, direction === hideOn),
});

/** How undo and redo step over ruler commands in the one history. */
export const rulerHistoryKinds: Record<string, HistoryKind> = {
  [RULER_KINDS.add]: showHide('undo'),
  [RULER_KINDS.delete]: showHide('redo'),
};

/** Regions and rulers of every image that has one, measured. */
function measureAll(db: Db): ImageMeasurements[] {
  const regions = regionsByImage(db);
  const rulers = allRulers(db);
  const names = new Map(listClasses(db, true).map((c) => [c.id, c.name]));
  const ids = [...new Set([...regions.keys(), ...rulers.keys()])].sort((a, b) => a - b);
  return ids.map((id) => {
    const img = getImage(db, id);
    const sp = spacingOf(img);
    return {
      imageId: id,
      path: img.path,
      spacing: sp,
      regions: (regions.get(id) ?? []).map((r) => {
        const px = regionAreaPx(r.shape);
        const perimeter = r.shape.kind === 'polygon' ? polygonPerimeter(r.shape, sp) : null;
        return {
          id: r.id,
          classId: r.classId,
          className: names.get(r.classId) ?? '',
          kind: r.shape.kind,
          areaPx: px,
          areaMm2: r.shape.kind === 'point' ? null : areaMm2(px, sp),
          perimeterPx: perimeter?.px ?? null,
          perimeterMm: perimeter?.mm ?? null,
        };
      }),
      rulers: (rulers.get(id) ?? []).map((r) => toRuler(r, sp)),
    };
  });
}

export const measurementsHandlers: Handlers<'measurements.rulers' | 'measurements.addRuler' | 'measurements.deleteRuler' | 'measurements.list'> = {
  'measurements.rulers': ({ imageId }, s) => {
    const { db } = s.require();
    const sp = spacingOf(getImage(db, imageId));
    return { spacing: sp, rulers: rulersOf(db, imageId).map((r) => toRuler(r, sp)) };
  },
  'measurements.addRuler': ({ imageId, from, to }, s) => {
    const { db } = s.require();
    const img = getImage(db, imageId);
    if (img.error || img.width === null || img.height === null) throw new LightboxError('UNREADABLE', `"${img.path}" cannot be read, so it cannot be measured.`);
    const inside = (p: readonly [number, number]) => p[0] <= img.width! && p[1] <= img.height!;
    if (!inside(from) || !inside(to)) throw new LightboxError('BAD_PARAMS', `A ruler must lie inside the image (${img.width}×${img.height} pixels).`);
    if (from[0] === to[0] && from[1] === to[1]) throw new LightboxError('BAD_PARAMS', 'A ruler needs two different ends: drag to measure.');
    const id = writeTx(db, () => {
      if (countRulers(db, imageId) >= MAX_RULERS_PER_IMAGE) throw new LightboxError('CONFLICT', `This image already has ${MAX_RULERS_PER_IMAGE} rulers: delete some first.`);
      const rid = insertRuler(db, imageId, { x1: from[0], y1: from[1], x2: to[0], y2: to[1] }, s.author(), Date.now());
      recordCommand(db, RULER_KINDS.add, { ids: [rid] }, s.author());
      return rid;
    });
    s.emit('images.changed', { ids: [imageId] });
    return toRuler(getRuler(db, id)!, spacingOf(img));
  },
  'measurements.deleteRuler': ({ id }, s) => {
    const { db } = s.require();
    const images = writeTx(db, () => {
      if (!getRuler(db, id)) throw new LightboxError('NOT_FOUND', `There is no ruler with id ${id}.`);
      const imgs = setRulersDeleted(db, [id], true);
      recordCommand(db, RULER_KINDS.delete, { ids: [id] }, s.author());
      return imgs;
    });
    s.emit('images.changed', { ids: images });
    return { ok: true };
  },
  'measurements.list': (_p, s) => ({ images: measureAll(s.require().db) }),
};
