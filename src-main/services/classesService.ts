import { addClass, archiveClass, deleteClass, listClasses, recolorClass, renameClass, reorderClasses, setClassHotkey, setClassRedact } from '../store/classesRepo.js';
import type { Handlers } from './handlers.js';
import { assertSchemaOpen } from './packagesService.js';
import type { Session } from './Session.js';

function changed<T>(s: Session, value: T): T {
  s.emit('classes.changed', {});
  return value;
}

export const classesHandlers: Handlers<
  'classes.list' | 'classes.add' | 'classes.rename' | 'classes.recolor' | 'classes.setHotkey' | 'classes.setRedact' | 'classes.reorder' | 'classes.archive' | 'classes.delete'
> = {
  'classes.list': ({ includeArchived }, s) => listClasses(s.require().db, includeArchived),
  'classes.add': (p, s) => {
    assertSchemaOpen(s);
    return changed(s, addClass(s.require().db, p));
  },
  'classes.rename': ({ id, name }, s) => {
    assertSchemaOpen(s);
    return changed(s, renameClass(s.require().db, id, name));
  },
  'classes.recolor': ({ id, color }, s) => changed(s, recolorClass(s.require().db, id, color)),
  'classes.setHotkey': ({ id, hotkey }, s) => changed(s, setClassHotkey(s.require().db, id, hotkey)),
  'classes.setRedact': ({ id, redact }, s) => changed(s, setClassRedact(s.require().db, id, redact)),
  'classes.reorder': ({ ids }, s) => {
    reorderClasses(s.require().db, ids);
    return changed(s, { ok: true as const });
  },
  'classes.archive': ({ id, archived }, s) => {
    assertSchemaOpen(s);
    return changed(s, archiveClass(s.require().db, id, archived));
  },
  'classes.delete': ({ id, confirm }, s) => {
    assertSchemaOpen(s);
    const r = deleteClass(s.require().db, id, confirm ?? false);
    s.emit('images.changed', {});
    return changed(s, r);
  },
};
