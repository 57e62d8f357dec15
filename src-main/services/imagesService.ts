import { LightboxError } from '../api/errors.js';
import { printable, toRelPath, unsafeReason } from '../dataset/pathSafety.js';
import { assertImagesExist, getImage, getImageByPath, listFolders, listImageIds, listImages } from '../store/imagesRepo.js';
import type { Handlers } from './handlers.js';
import { applyCommand } from './labelCommands.js';
import { unreadableCheck } from '../store/imageStateRepo.js';
import { splitImageIds, splitUnlabeledIds } from '../store/splitsRepo.js';
import { planSplits, previewSplits, saveSplitPlan, type SplitPlan } from './splitPlan.js';
import type { Session } from './Session.js';
import { patientOfImage, valuesOfImage } from './imageValues.js';
import { medicalImageCounts } from '../store/imageMetaRepo.js';

type SplitParams = { ratios: [number, number, number]; seed: number; reassign?: boolean; labeledOnly?: boolean };

function splitPlanOf(p: SplitParams): SplitPlan {
  return { ratios: p.ratios, seed: p.seed, labeledOnly: p.labeledOnly ?? true };
}

export const imagesHandlers: Handlers<
  'images.list' | 'images.ids' | 'images.folders' | 'images.get' | 'images.values' | 'images.patient' | 'images.medicalCounts' | 'images.byPath' | 'images.setStatus' | 'images.setSplit' | 'images.assignSplits' | 'images.planSplits'
> = {
  'images.list': (p, s) => listImages(s.require().db, p),
  'images.ids': (p, s) => ({ ids: listImageIds(s.require().db, p) }),
  'images.folders': (_p, s) => listFolders(s.require().db),
  'images.get': ({ id }, s) => getImage(s.require().db, id),
  'images.values': ({ id }, s) => valuesOfImage(s, id),
  'images.patient': ({ id }, s) => patientOfImage(s, id),
  'images.medicalCounts': (_p, s) => medicalImageCounts(s.require().db),
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
    const bad = unreadableCheck(db);
    applyCommand(db, 'images.setSplit', ids, (st, id) => (bad(id) ? st : { ...st, split }), s.author());
    s.emit('images.changed', { ids });
    return { ok: true };
  },
  'images.assignSplits': (p, s) => assignSplitsNow(s, p),
  'images.planSplits': (p, s) => {
    const { db } = s.require();
    const plan = splitPlanOf(p);
    return previewSplits(db, plan, planSplits(db, plan, p.reassign ?? false), p.reassign ?? false);
  },
};

/** Apply a split plan as one undoable command; a reassignment of labeled images only takes the split from unlabeled ones. */
function assignSplitsNow(s: Session, p: SplitParams): { train: number; val: number; test: number } {
  const { db } = s.require();
  const plan = splitPlanOf(p);
  const reassign = p.reassign ?? false;
  const planned = planSplits(db, plan, reassign);
  saveSplitPlan(db, plan);
  const dropped = reassign && plan.labeledOnly ? splitUnlabeledIds(db) : [];
  const bad = unreadableCheck(db);
  const unreadable = splitImageIds(db).filter((id) => bad(id));
  applyCommand(
    db,
    'images.assignSplits',
    [...planned.keys(), ...dropped, ...unreadable],
    (st, id) => ({ ...st, split: planned.get(id) ?? null }),
    s.author(),
  );
  const counts = { train: 0, val: 0, test: 0 };
  for (const v of planned.values()) counts[v]++;
  s.emit('images.changed', {});
  return counts;
}
