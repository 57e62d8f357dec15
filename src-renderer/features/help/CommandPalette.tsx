import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Action } from '../../keymap/actions.js';
import { displayCombo } from '../../keymap/keys.js';
import { Dialog } from '../shell/Dialog.js';

/** Ctrl+K: type to search every action of the keymap, Enter to run it. */
export function CommandPalette({ table, onRun, onClose }: { table: readonly Action[]; onRun: (a: Action) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [cursor, setCursor] = useState(0);
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = table.filter((a) => {
    const text = `${t(a.label, a.labelArgs ?? {})} ${a.id}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
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
        {matches.map((a, i) => (
          <li key={a.id} role="option" aria-selected={i === cursor} className={i === cursor ? 'active' : ''} onMouseDown={() => onRun(a)}>
            <span>{t(a.label, a.labelArgs ?? {})}</span>
            <span>
              {a.keys.map((k) => (
                <kbd key={k}>{displayCombo(k)}</kbd>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
