import { LightboxError } from '../api/errors.js';
import { printable, toRelPath, unsafeReason } from '../dataset/pathSafety.js';
import { assertImagesExist, getImage, getImageByPath, listFolders, listImageIds, listImages } from '../store/imagesRepo.js';
import type { Handlers } from './handlers.js';
import { applyCommand } from './labelCommands.js';
import { planSplits, saveSplitPlan } from './splitPlan.js';

export const imagesHandlers: Handlers<'images.list' | 'images.ids' | 'images.folders' | 'images.get' | 'images.byPath' | 'images.setStatus' | 'images.setSplit' | 'images.assignSplits'> = {
  'images.list': (p, s) => listImages(s.require().db, p),
  'images.ids': (p, s) => ({ ids: listImageIds(s.require().db, p) }),
  'images.folders': (_p, s) => listFolders(s.require().db),
  'images.get': ({ id }, s) => getImage(s.require().db, id),
  'images.byPath': ({ path }, s) => {
    const reason = unsafeReason(path);
    if (reason) throw new LightboxError('UNSAFE_PATH', `Refused image path "${printable(path)}": it ${reason}.`);
    return getImageByPath(s.require().db, toRelPath(path)) ?? null;
  },
  'images.setStatus': ({ ids, status }, s) => {
    const { db } = s.require();
    assertImagesExist(db, ids);
    applyCommand(db, 'images.setStatus', ids, (st) => ({ ...st, status }), s.author());
    s.emit('images.changed', { ids });
    return { ok: true };
  },
  'images.setSplit': ({ ids, split }, s) => {
    const { db } = s.require();
    assertImagesExist(db, ids);
    applyCommand(db, 'images.setSplit', ids, (st) => ({ ...st, split }), s.author());
    s.emit('images.changed', { ids });
    return { ok: true };
  },
  'images.assignSplits': ({ ratios, seed, reassign }, s) => {
    const { db } = s.require();
    const plan = planSplits(db, { ratios, seed }, reassign ?? false);
    saveSplitPlan(db, { ratios, seed });
    applyCommand(db, 'images.assignSplits', [...plan.keys()], (st, id) => ({ ...st, split: plan.get(id) ?? st.split }), s.author());
    const counts = { train: 0, val: 0, test: 0 };
    for (const v of plan.values()) counts[v]++;
    s.emit('images.changed', {});
    return counts;
  },
};
