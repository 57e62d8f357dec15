import { type KeyboardEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Action, KeyContext } from '../../keymap/actions.js';
import { displayCombo } from '../../keymap/keys.js';
import { LANGUAGES } from '../../i18n/i18n.js';
import { Dialog } from '../shell/Dialog.js';
import { type PaletteEntry, type Translate, buildEntries, rankEntries, runsHere } from './paletteEntries.js';

/** The screen whose keys a context is, named in the palette for an action that runs elsewhere. */
const SCREEN: Record<KeyContext, string> = { global: 'nav.library', library: 'nav.library', workspace: 'nav.workspace', 'workspace.region': 'nav.workspace', capture: 'nav.capture', review: 'review.nav' };

interface Props {
  table: readonly Action[];
  classes: readonly { name: string; hotkey: string | null }[];
  /** Where the keys were when the palette opened: its actions come first. */
  context: KeyContext;
  onRun: (e: PaletteEntry) => void;
  onClose: () => void;
}

/** Ctrl+K: every action of the keymap, the screens and the settings, searched in both languages and by synonyms. */
export function CommandPalette({ table, classes, context, onRun, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const [cursor, setCursor] = useState(0);
  const entries = useMemo(() => {
    const langs = [i18n.language, ...LANGUAGES.map((l) => l.code).filter((c) => c !== i18n.language)];
    const translators = langs.map((l) => i18n.getFixedT(l) as unknown as Translate);
    return buildEntries(table, classes, translators);
  }, [table, classes, i18n, i18n.language]);
  const matches = rankEntries(entries, q, context);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setCursor((c) => Math.min(matches.length - 1, c + 1));
    else if (e.key === 'ArrowUp') setCursor((c) => Math.max(0, c - 1));
    else if (e.key === 'Enter' && matches[cursor]) onRun(matches[cursor]!);
    else return;
    e.preventDefault();
  };
  return (
    <Dialog title={t('actions.palette')} onClose={onClose} className="palette">
      <input
        autoFocus
        value={q}
        placeholder={t('keys.palette')}
        aria-label={t('keys.palette')}
        onChange={(e) => {
          setQ(e.target.value);
          setCursor(0);
        }}
        onKeyDown={onKey}
      />
      <ul role="listbox">
        {matches.length === 0 && <li className="hint">{t('keys.noMatch')}</li>}
        {matches.map((m, i) => (
          <li key={m.id} role="option" aria-selected={i === cursor} className={i === cursor ? 'active' : ''} onMouseDown={() => onRun(m)}>
            <span>
              {m.labels[0]}
              {!runsHere(m, context) && <small className="muted"> · {t('palette.elsewhere', { screen: t(SCREEN[m.when]) })}</small>}
            </span>
            <span>
              {m.keys.map((k) => (
                <kbd key={k}>{displayCombo(k)}</kbd>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
