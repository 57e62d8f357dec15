import { Preferences } from '../api/settings.js';
import { getSetting, setSetting } from '../store/settingsRepo.js';
import { saveConfig } from './appConfig.js';
import type { Handlers } from './handlers.js';
import type { Session } from './Session.js';

/** The saved preferences, each part checked: a hand-edited config loses only the part that is wrong. */
export function preferences(s: Session): Preferences {
  const c = s.config;
  const lang = Preferences.shape.language.safeParse(c.language);
  const theme = Preferences.shape.theme.safeParse(c.theme);
  const keymap = Preferences.shape.keymap.safeParse(c.keymap);
  const exportDefaults = Preferences.shape.exportDefaults.safeParse(c.exportDefaults);
  return {
    ...(lang.success && lang.data ? { language: lang.data } : {}),
    theme: theme.success ? theme.data : 'dark',
    keymap: keymap.success ? keymap.data : { preset: 'lightbox', overrides: {} },
    ...(exportDefaults.success && exportDefaults.data ? { exportDefaults: exportDefaults.data } : {}),
    // Anything but a saved `true` keeps patient data hidden.
    ...(c.showPatientData === true ? { showPatientData: true } : {}),
  };
}

export const settingsHandlers: Handlers<'settings.get' | 'settings.set' | 'settings.preferences' | 'settings.setPreferences'> = {
  'settings.preferences': (_p, s) => preferences(s),
  'settings.setPreferences': (p, s) => {
    s.config = { ...s.config, ...p };
    saveConfig(s.config, s.home);
    return preferences(s);
  },
  'settings.get': ({ key }, s) => ({ value: getSetting<unknown>(s.require().db, key, null) }),
  'settings.set': ({ key, value }, s) => {
    setSetting(s.require().db, key, value);
    return { value };
  },
};
