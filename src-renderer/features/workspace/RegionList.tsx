import { useEffect, useState, useSyncExternalStore } from 'react';
import { type TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type Spacing, areaMm2 } from '../../../src-main/api/index.js';
import type { Editor } from '../../editor/Editor.js';
import { shapeArea } from '../../editor/geometry/area.js';
import type { Shape } from '../../editor/types.js';
import { actions, drawingToolKeys } from '../../keymap/actions.js';
import { displayCombo } from '../../keymap/keys.js';
import { useApi } from '../shell/ApiContext.js';

const NOTE_MAX = 2000;

/**
 * Every region of the image, in drawing order: its class (colour and name), kind and area, an eye
 * to hide it (view state, not saved) and a note (saved with the region when the field is left).
 * Clicking a row selects the region on the canvas.
 */
export function RegionList({ editor, onError, spacing = null }: { editor: Editor; onError: (message: string) => void; spacing?: Spacing | null }) {
  const { t } = useTranslation();
  useSyncExternalStore(
    (l) => editor.subscribe(l),
    () => editor.version,
  );
  const shapes = editor.shapes;
  if (shapes.length === 0) return <p className="hint">{t('region.list.empty', { keys: drawingToolKeys(actions, displayCombo) })}</p>;
  return (
    <ol className="region-list" data-testid="region-list" aria-label={t('region.list.title')}>
      {shapes.map((s, i) => (
        <RegionRow key={s.id} editor={editor} shape={s} index={i + 1} onError={onError} spacing={spacing} />
      ))}
    </ol>
  );
}

function RegionRow({ editor, shape: s, index, onError, spacing }: { editor: Editor; shape: Shape; index: number; onError: (message: string) => void; spacing: Spacing | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const cls = editor.classById(s.classId);
  const hidden = editor.hiddenIds.has(s.id);
  const selected = editor.selectedIds.includes(s.id);
  const [note, setNote] = useState(s.note ?? '');
  // 'saved' once this row's last note change is on disk (for the person: the field stops saying "Saving…").
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  useEffect(() => setNote(s.note ?? ''), [s.note]);

  const save = () => {
    const next = note.trim() === '' ? null : note;
    if (next === (s.note ?? null) || s.remoteId === null) return;
    setState('saving');
    api.call('annotations.setNote', { id: s.remoteId, note: next }).then(
      (r) => {
        editor.setShapeNote(s.id, r.note ?? null);
        setState('saved');
      },
      (e: unknown) => {
        setState('idle');
        onError((e as Error).message);
      },
    );
  };

  return (
    <li className={`region-row${selected ? ' on' : ''}${hidden ? ' hidden' : ''}`} data-testid="region-row" data-region={s.id}>
      <div className="region-row-head">
        <button type="button" className="region-pick" aria-pressed={selected} onClick={() => !hidden && editor.select([s.id])} title={t('region.list.select')}>
          <span className="swatch" style={{ background: cls?.color ?? '#888' }} />
          <span className="cname">{cls?.name ?? t('region.noClass')}</span>
          <span className="muted">
            {index}. {t(`region.kind.${s.kind}`)} · <span data-testid="region-area">{s.kind === 'point' ? '—' : areaText(t, shapeArea(s), spacing)}</span>
          </span>
        </button>
        <button type="button" className="region-eye" aria-pressed={hidden} data-testid="region-hide" onClick={() => editor.toggleShapeHidden(s.id)} title={hidden ? t('region.list.show') : t('region.list.hide')}>
          {hidden ? t('region.list.show') : t('region.list.hide')}
        </button>
      </div>
      <textarea
        className="region-note"
        data-testid="region-note"
        data-state={state}
        rows={1}
        maxLength={NOTE_MAX}
        placeholder={s.remoteId === null ? t('region.list.saving') : t('region.list.notePlaceholder')}
        disabled={s.remoteId === null}
        aria-label={t('region.list.note', { n: index })}
        value={note}
        onChange={(e) => setNote(e.target.value.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, ''))}
        onBlur={save}
        onKeyDown={(e) => {
          // Enter keeps the note (Shift+Enter: a new line); Escape puts it back.
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            e.currentTarget.blur();
          } else if (e.key === 'Escape') {
            setNote(s.note ?? '');
            e.currentTarget.blur();
          }
        }}
      />
    </li>
  );
}

/** '125.0 mm² (500 px²)' with a pixel spacing, '500 px²' without. */
function areaText(t: TFunction, px: number, spacing: Spacing | null): string {
  const mm = areaMm2(px, spacing);
  return mm === null ? t('region.list.area', { px: Math.round(px) }) : t('medical.areaMm', { mm: mm.toFixed(1), px: Math.round(px) });
}
