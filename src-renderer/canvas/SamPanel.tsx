import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Editor } from '../editor/Editor.js';
import { useSamModels, useSamPreview } from '../features/workspace/useSamPreview.js';
import { actions } from '../keymap/actions.js';
import { displayCombo } from '../keymap/keys.js';
import './samPanel.css';
import { useErrorText } from '../i18n/errorText.js';

const fileName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/** The key that opens Settings, as the cheat sheet shows it. */
const settingsKeys = () => (actions.find((a) => a.id === 'dialog.settings')?.keys ?? []).map((k) => displayCombo(k)).join(', ');

/**
 * The SAM tool's panel over the stage: the registered SAM pair in use (Settings → Models lists
 * and adds them; the choice is remembered in the dataset), or how to add one; the embedding's
 * progress on the first click of an image, and the preview's state.
 */
export function SamPanel({ editor, imageId }: { editor: Editor; imageId: number }) {
  const errorText = useErrorText();
  const { t } = useTranslation();
  const { pairs, chosen, problem, choose } = useSamModels();
  const chosenId = chosen?.id;
  const model = useMemo(() => (chosenId ? { id: chosenId } : null), [chosenId]);
  const status = useSamPreview(editor, imageId, model);
  if (pairs === undefined) return null;
  return (
    <div className="sam-panel" data-testid="sam-panel" aria-label={t('sam.panel')}>
      {problem && (
        <span className="error" data-testid="sam-problem">
          {t('sam.oldSetting', { message: errorText(problem) })}
        </span>
      )}
      {!chosen ? (
        <p data-testid="sam-no-model">{t('sam.noModel', { keys: settingsKeys() })}</p>
      ) : (
        <>
          <label className="muted">
            {t('sam.modelLabel')}{' '}
            <select
              data-testid="sam-model"
              value={chosen.id}
              title={`${chosen.path}\n${chosen.decoderPath ?? ''}`}
              onChange={(e) => void choose(e.target.value)}
              onKeyDown={(e) => e.stopPropagation()}
            >
              {pairs.map((m) => (
                <option key={m.id} value={m.id}>
                  {t('sam.pair', { encoder: fileName(m.path), decoder: fileName(m.decoderPath ?? '') })}
                  {m.missing ? ` (${t('sam.missing')})` : ''}
                </option>
              ))}
            </select>
          </label>
          <span data-testid="sam-status" data-state={status.state} className={status.state === 'error' ? 'error' : undefined}>
            {status.state === 'idle' && t('sam.hint')}
            {status.state === 'embedding' && (
              <>
                {t('sam.embedding', { done: status.done, total: status.total })} <progress max={status.total} value={status.done} />
              </>
            )}
            {status.state === 'thinking' && t('sam.thinking')}
            {status.state === 'ready' && t('sam.ready', { area: status.area, score: status.score.toFixed(2) })}
            {status.state === 'nothing' && t('sam.nothing')}
            {status.state === 'error' && errorText(status.message)}
          </span>
        </>
      )}
    </div>
  );
}
