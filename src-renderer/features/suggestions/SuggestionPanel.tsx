import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassRow, Suggestion } from '../../../src-main/api/index.js';
import { actions } from '../../keymap/actions.js';
import { displayCombo } from '../../keymap/keys.js';
import { useErrorText } from '../../i18n/errorText.js';

interface Props {
  suggestions: Suggestion[];
  /** The suggestion Tab picked: Y/X decide it alone. Null: they decide all. */
  picked: number | null;
  onPick: (id: number | null) => void;
  classes: ClassRow[];
  onDecide: (op: 'accept' | 'reject') => Promise<void>;
}

const keyOf = (id: string) => displayCombo(actions.find((a) => a.id === id)?.keys[0] ?? '');

/** The current image's pending suggestions in the side panel: dashed chips with their scores, and the keys that decide them. */
export function SuggestionPanel({ suggestions, picked, onPick, classes, onDecide }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  if (suggestions.length === 0) return null;
  const decide = (op: 'accept' | 'reject') => {
    setError(null);
    onDecide(op).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const byId = new Map(classes.map((c) => [c.id, c]));
  const models = [...new Set(suggestions.map((s) => s.modelName))].join(', ');
  return (
    <div className="side-section suggestion-panel" data-testid="suggestions">
      <h3>{t('suggestions.title')}</h3>
      <ul className="suggestion-chips">
        {suggestions.slice(0, 12).map((s) => {
          const c = byId.get(s.classId);
          return (
            <li
              key={s.id}
              className={s.id === picked ? 'suggestion-chip picked' : 'suggestion-chip'}
              style={{ borderColor: c?.color }}
              data-kind={s.kind}
              aria-selected={s.id === picked}
              onClick={() => onPick(s.id === picked ? null : s.id)}
            >
              <span className="cname">{c?.name ?? '?'}</span> <span className="muted">{t('suggestions.score', { pct: Math.round(s.score * 100) })}</span>
              {s.box && <span className="muted"> ▭</span>}
            </li>
          );
        })}
      </ul>
      <p className="muted" title={t('suggestions.from', { model: models })}>
        {t('suggestions.keys', { accept: keyOf('suggestions.accept'), reject: keyOf('suggestions.reject') })}
        {suggestions.length > 1 && ` · ${t(picked === null ? 'suggestions.pickKeys' : 'suggestions.picked', { next: keyOf('suggestions.pickNext'), accept: keyOf('suggestions.accept'), reject: keyOf('suggestions.reject') })}`}
      </p>
      <div className="suggestion-buttons">
        <button type="button" onClick={() => decide('accept')} data-testid="suggestion-accept">
          {t('suggestions.accept')}
        </button>
        <button type="button" onClick={() => decide('reject')} data-testid="suggestion-reject">
          {t('suggestions.reject')}
        </button>
      </div>
      {error && <p className="error">{errorText(error)}</p>}
    </div>
  );
}
