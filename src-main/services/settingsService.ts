import { getSetting, setSetting } from '../store/settingsRepo.js';
import type { Handlers } from './handlers.js';

export const settingsHandlers: Handlers<'settings.get' | 'settings.set'> = {
  'settings.get': ({ key }, s) => ({ value: getSetting<unknown>(s.require().db, key, null) }),
  'settings.set': ({ key, value }, s) => {
    setSetting(s.require().db, key, value);
    return { value };
  },
};
