import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Editor } from '../editor/Editor.js';
import { useSamModel, useSamPreview } from '../features/workspace/useSamPreview.js';
import './samPanel.css';
import { useErrorText } from '../i18n/errorText.js';

const fileName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/**
 * The SAM tool's panel over the stage: the model pair in use (or how to add one, with a path field
 * for each file), the embedding's progress on the first click of an image, and the preview's state.
 */
export function SamPanel({ editor, imageId }: { editor: Editor; imageId: number }) {
  const errorText = useErrorText();
  const { t } = useTranslation();
  const { model, save } = useSamModel();
  const [editing, setEditing] = useState(false);
  const status = useSamPreview(editor, imageId, editing ? null : model);
  if (model === undefined) return null;
  return (
    <div className="sam-panel" data-testid="sam-panel" aria-label={t('sam.panel')}>
      {!model || editing ? (
        <SamModelForm initial={model} onSave={async (m) => {
          await save(m);
          setEditing(false);
        }} />
      ) : (
        <>
          <span className="muted" data-testid="sam-model" title={`${model.encoder}\n${model.decoder}`}>
            {t('sam.model', { encoder: fileName(model.encoder), decoder: fileName(model.decoder) })}
          </span>
          <button type="button" onClick={() => setEditing(true)}>
            {t('sam.change')}
          </button>
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

function SamModelForm({ initial, onSave }: { initial: { encoder: string; decoder: string } | null; onSave: (m: { encoder: string; decoder: string }) => Promise<void> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [encoder, setEncoder] = useState(initial?.encoder ?? '');
  const [decoder, setDecoder] = useState(initial?.decoder ?? '');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="sam-model-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ encoder: encoder.trim(), decoder: decoder.trim() }).catch((err: unknown) => setError((err as Error)?.message ?? String(err)));
      }}
    >
      {!initial && <p data-testid="sam-no-model">{t('sam.noModel')}</p>}
      <label>
        {t('sam.encoder')} <input data-testid="sam-encoder" value={encoder} placeholder={t('sam.encoderPlaceholder')} onChange={(e) => setEncoder(e.target.value)} onKeyDown={(e) => e.stopPropagation()} />
      </label>
      <label>
        {t('sam.decoder')} <input data-testid="sam-decoder" value={decoder} placeholder={t('sam.decoderPlaceholder')} onChange={(e) => setDecoder(e.target.value)} onKeyDown={(e) => e.stopPropagation()} />
      </label>
      <button type="submit" disabled={encoder.trim() === '' || decoder.trim() === ''}>
        {t('sam.use')}
      </button>
      <span className="muted">{t('sam.referenced')}</span>
      {error && <span className="error">{errorText(error)}</span>}
    </form>
  );
}
