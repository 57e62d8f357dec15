import { assertImagesExist } from '../store/imagesRepo.js';
import { getSetting, setSetting } from '../store/settingsRepo.js';
import { tagsOf } from '../store/tagsRepo.js';
import type { Handlers } from './handlers.js';
import { applyCommand, assertLiveClass, stepHistory } from './labelCommands.js';
import type { Session } from './Session.js';

function labelMode(s: Session): 'single' | 'multi' {
  return getSetting(s.require().db, 'labelMode', 'single');
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
    assertLiveClass(db, classId);
    const single = labelMode(s) === 'single';
    applyCommand(db, 'labels.set', [imageId], (st) => ({ ...st, tags: single ? [classId] : [...new Set([...st.tags, classId])] }), s.author());
    return changed(s, imageId);
  },
  'labels.toggle': ({ imageId, classId }, s) => {
    const { db } = s.require();
    assertImagesExist(db, [imageId]);
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
    applyCommand(db, 'labels.clear', [imageId], (st) => ({ ...st, tags: classId === undefined ? [] : st.tags.filter((t) => t !== classId) }), s.author());
    return changed(s, imageId);
  },
  'labels.bulkSet': ({ imageIds, classId }, s) => {
    const { db } = s.require();
    assertImagesExist(db, imageIds);
    assertLiveClass(db, classId);
    const single = labelMode(s) === 'single';
    const changes = applyCommand(
      db,
      'labels.bulkSet',
      imageIds,
      (st) => ({ ...st, tags: single ? [classId] : [...new Set([...st.tags, classId])] }),
      s.author(),
    );
    s.emit('images.changed', { ids: changes.map((c) => c.imageId) });
    return { changed: changes.length };
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
    setSetting(s.require().db, 'labelMode', mode);
    return { mode };
  },
};
