import { LightboxError } from '../api/errors.js';
import { printable } from '../api/printable.js';
import { hasLiveRegion, unreadableCheck } from '../store/imageStateRepo.js';
import { assertImagesExist } from '../store/imagesRepo.js';
import type { Db } from '../store/openStore.js';
import { getSetting, setSetting } from '../store/settingsRepo.js';
import { tagsOf } from '../store/tagsRepo.js';
import type { Handlers } from './handlers.js';
import { assertSchemaOpen } from './packagesService.js';
import { applyCommand, assertLiveClass, type ImageState, stepHistory } from './labelCommands.js';
import type { Session } from './Session.js';

function labelMode(s: Session): 'single' | 'multi' {
  return getSetting(s.require().db, 'labelMode', 'single');
}

/**
 * The status model: in single-label mode, giving an image its class finishes it (to do → done),
 * unless the user turned the `autoDone` setting off; clearing that label makes it to do again.
 * Skipped stays skipped. In multi-label mode the user says when an image is done (the done key).
 */
function autoDone(s: Session): boolean {
  return labelMode(s) === 'single' && getSetting(s.require().db, 'autoDone', true);
}

function labeledStatus(st: ImageState, on: boolean): ImageState['status'] {
  return on && st.status === 'todo' ? 'done' : st.status;
}

/** The message for labels refused on an unreadable file: what is wrong and what to do. */
function unreadableError(p: { path: string; error: string }): LightboxError {
  return new LightboxError(
    'UNREADABLE',
    `"${printable(p.path)}" could not be read (${p.error}), so it cannot be labeled. Replace the file and rescan, or leave it out.`,
    { path: p.path },
  );
}

function assertReadable(db: Db, imageId: number): void {
  const bad = unreadableCheck(db)(imageId);
  if (bad) throw unreadableError(bad);
}

function changed(s: Session, imageId: number) {
  s.emit('images.changed', { ids: [imageId] });
  return { imageId, tags: tagsOf(s.require().db, imageId) };
}

export const labelsHandlers: Handlers<
  'labels.set' | 'labels.toggle' | 'labels.clear' | 'labels.bulkSet' | 'labels.undo' | 'labels.redo' | 'labels.mode' | 'labels.setMode'
> = {
  'labels.set': ({ imageId, classId }, s) => {
    const { db } = s.require();
    assertImagesExist(db, [imageId]);
    assertReadable(db, imageId);
    assertLiveClass(db, classId);
    const single = labelMode(s) === 'single';
    const done = autoDone(s);
    applyCommand(
      db,
      'labels.set',
      [imageId],
      (st) => ({ ...st, tags: single ? [classId] : [...new Set([...st.tags, classId])], status: labeledStatus(st, done) }),
      s.author(),
    );
    return changed(s, imageId);
  },
  'labels.toggle': ({ imageId, classId }, s) => {
    const { db } = s.require();
    assertImagesExist(db, [imageId]);
    assertReadable(db, imageId);
    assertLiveClass(db, classId);
    applyCommand(
      db,
      'labels.toggle',
      [imageId],
      (st) => ({ ...st, tags: st.tags.includes(classId) ? st.tags.filter((t) => t !== classId) : [...st.tags, classId] }),
      s.author(),
    );
    return changed(s, imageId);
  },
  'labels.clear': ({ imageId, classId }, s) => {
    const { db } = s.require();
    assertImagesExist(db, [imageId]);
    const done = autoDone(s);
    applyCommand(
      db,
      'labels.clear',
      [imageId],
      (st) => {
        const tags = classId === undefined ? [] : st.tags.filter((t) => t !== classId);
        // An image with nothing left on it is not done any more (what labeling it did is undone).
        const status = done && st.status === 'done' && tags.length === 0 && !hasLiveRegion(db, imageId) ? 'todo' : st.status;
        return { ...st, tags, status };
      },
      s.author(),
    );
    return changed(s, imageId);
  },
  'labels.bulkSet': ({ imageIds, classId }, s) => {
    const { db } = s.require();
    assertImagesExist(db, imageIds);
    assertLiveClass(db, classId);
    // A selection may hold unreadable files (select all): those are left out and counted, the rest labeled.
    const bad = unreadableCheck(db);
    const readable = imageIds.filter((id) => !bad(id));
    if (readable.length === 0) {
      const first = bad(imageIds[0]!)!;
      throw imageIds.length === 1
        ? unreadableError(first)
        : new LightboxError('UNREADABLE', `None of the ${imageIds.length} selected images could be read, so none can be labeled. Replace the files and rescan.`);
    }
    const single = labelMode(s) === 'single';
    const done = autoDone(s);
    const changes = applyCommand(
      db,
      'labels.bulkSet',
      readable,
      (st) => ({ ...st, tags: single ? [classId] : [...new Set([...st.tags, classId])], status: labeledStatus(st, done) }),
      s.author(),
    );
    s.emit('images.changed', { ids: changes.map((c) => c.imageId) });
    return { changed: changes.length, unreadable: imageIds.length - readable.length };
  },
  'labels.undo': (_p, s) => {
    const r = stepHistory(s.require().db, 'undo', s.author());
    if (r.applied) s.emit('images.changed', { ids: r.imageIds });
    return r;
  },
  'labels.redo': (_p, s) => {
    const r = stepHistory(s.require().db, 'redo', s.author());
    if (r.applied) s.emit('images.changed', { ids: r.imageIds });
    return r;
  },
  'labels.mode': (_p, s) => ({ mode: labelMode(s) }),
  'labels.setMode': ({ mode }, s) => {
    assertSchemaOpen(s);
    setSetting(s.require().db, 'labelMode', mode);
    return { mode };
  },
};
