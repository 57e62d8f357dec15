import type { Region, RegionShape } from '../api/annotations.js';
import { LightboxError } from '../api/errors.js';
import { checkRegionShape } from '../api/regionCheck.js';
import { imageSizeRow } from '../store/imageStateRepo.js';
import type { Db } from '../store/openStore.js';
import { getRegion, listRegions, shapeToStored, similarImagesWithout } from '../store/regionsRepo.js';
import type { Handlers } from './handlers.js';
import { refreshSeriesKeys } from './seriesKeysOf.js';
import { assertLiveClass } from './labelCommands.js';
import { createRegions, deleteRegions, setRegionNote, updateRegions } from './regionCommands.js';
import type { Session } from './Session.js';

/** The upright size of an image, which every region of it must fit. */
export function imageSize(db: Db, imageId: number): { width: number; height: number } {
  const r = imageSizeRow(db, imageId);
  if (!r) throw new LightboxError('NOT_FOUND', `There is no image with id ${imageId}.`);
  if (!r.width || !r.height || r.error) {
    throw new LightboxError('UNREADABLE', `This image could not be read${r.error ? ` (${r.error})` : ''}, so regions cannot be drawn on it.`);
  }
  return { width: r.width, height: r.height };
}

/** The shape as stored, or BAD_PARAMS with the reason it is refused. */
export function checkShape(db: Db, imageId: number, shape: RegionShape): RegionShape {
  const { width, height } = imageSize(db, imageId);
  // The same check an importer applies to a region read from a file.
  const n = checkRegionShape(shape, width, height);
  if (!n.ok) throw new LightboxError('BAD_PARAMS', `This ${shape.kind} cannot be saved: ${n.reason}.`);
  return n.shape;
}

/** Check every change (kind kept, class live, shape fits) before writing any, then write them as one command; returns each one's image. */
function applyUpdates(db: Db, changes: readonly { id: number; classId?: number; shape?: RegionShape }[], author: string): number[] {
  const planned = changes.map(({ id, classId, shape }) => {
    const current = getRegion(db, id);
    if (shape && shape.kind !== current.shape.kind) {
      throw new LightboxError('BAD_PARAMS', `A ${current.shape.kind} cannot become a ${shape.kind}: delete it and draw a new one.`);
    }
    const nextClass = classId ?? current.classId;
    if (nextClass !== current.classId) assertLiveClass(db, nextClass);
    const nextShape = shape ? checkShape(db, current.imageId, shape) : current.shape;
    return { id, imageId: current.imageId, after: shapeToStored(nextClass, nextShape) };
  });
  updateRegions(db, planned, author);
  return planned.map((p) => p.imageId);
}

function region(db: Db, id: number): Region {
  const { deleted: _deleted, ...r } = getRegion(db, id);
  return r;
}

/** Add one region as one undoable command: the door every new region goes through (drawn, or made by an assist). */
export function createRegion(s: Session, imageId: number, classId: number, shape: RegionShape): Region {
  const { db } = s.require();
  assertLiveClass(db, classId);
  const stored = shapeToStored(classId, checkShape(db, imageId, shape));
  const [id] = createRegions(db, [{ imageId, stored }], s.author());
  s.emit('images.changed', { ids: [imageId] });
  return region(db, id!);
}

export const annotationsHandlers: Handlers<
  | 'annotations.list'
  | 'annotations.create'
  | 'annotations.update'
  | 'annotations.updateMany'
  | 'annotations.setNote'
  | 'annotations.delete'
  | 'annotations.applyToSimilar'
> = {
  'annotations.list': ({ imageId }, s) => {
    const { db } = s.require();
    const size = imageSize(db, imageId);
    return { imageId, ...size, regions: listRegions(db, imageId) };
  },
  'annotations.create': ({ imageId, classId, shape }, s) => createRegion(s, imageId, classId, shape),
  'annotations.update': ({ id, classId, shape }, s) => {
    const { db } = s.require();
    const imageId = applyUpdates(db, [{ id, classId, shape }], s.author())[0]!;
    s.emit('images.changed', { ids: [imageId] });
    return region(db, id);
  },
  'annotations.updateMany': ({ changes }, s) => {
    const { db } = s.require();
    const images = applyUpdates(db, changes, s.author());
    s.emit('images.changed', { ids: [...new Set(images)] });
    return changes.map((c) => region(db, c.id));
  },
  'annotations.setNote': ({ id, note }, s) => {
    const { db } = s.require();
    const imageId = setRegionNote(db, id, note === null || note.trim() === '' ? null : note, s.author());
    s.emit('images.changed', { ids: [imageId] });
    return region(db, id);
  },
  'annotations.applyToSimilar': async ({ id }, s) => {
    const { db, root } = s.require();
    // A DICOM image's source is its series: the series of the images of its size are read first.
    await refreshSeriesKeys(db, root, getRegion(db, id).imageId);
    if (s.require().db !== db) throw new LightboxError('NOT_FOUND', 'The dataset was closed meanwhile: open it again and apply the region once more.');
    // The region as it is now, after the reads.
    const r = getRegion(db, id);
    assertLiveClass(db, r.classId);
    const stored = shapeToStored(r.classId, r.shape);
    // Same size, so the shape fits every one of them as it fits the first.
    const images = similarImagesWithout(db, r.imageId, stored);
    createRegions(db, images.map((imageId) => ({ imageId, stored })), s.author());
    if (images.length > 0) s.emit('images.changed', { ids: images });
    return { created: images.length, images };
  },
  'annotations.delete': ({ ids }, s) => {
    const { db } = s.require();
    const images = new Set<number>();
    for (const id of ids) images.add(getRegion(db, id, true).imageId);
    const deleted = deleteRegions(db, ids, s.author());
    s.emit('images.changed', { ids: [...images] });
    return { deleted: deleted.length };
  },
};
