import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { Editor } from '../editor/Editor.js';
import { formatWindowLevel, isDefaultWindowLevel, parseWindowText, windowLevelPresets } from '../editor/windowLevel.js';
import { actions } from '../keymap/actions.js';
import { displayCombo } from '../keymap/keys.js';
import type { ValuesState } from './useImageValues.js';
import { useErrorText } from '../i18n/errorText.js';

/**
 * Window/level in the status bar: the current window, the presets of the image (a CT's windows,
 * its file's and the histogram's; the 8-bit ones for a photo), a typed centre/width, and for a
 * medical image the value under the cursor (HU for a CT).
 */
export function WindowControls({ editor, values }: { editor: Editor; values: ValuesState }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const wl = editor.windowLevel;
  const presets = editor.windowPresets ?? windowLevelPresets(editor.valueRange);
  return (
    <>
      <span data-testid="wl-status" title={t('region.wlHint')}>
        {formatWindowLevel(wl)}
      </span>
      <select
        aria-label={t('region.wlPreset')}
        data-testid="wl-preset"
        value={presets.find((p) => p.center === wl.center && p.width === wl.width)?.id ?? ''}
        onChange={(e) => {
          const p = presets.find((x) => x.id === e.target.value);
          if (p) editor.setWindowLevel(p);
        }}
      >
        <option value="">{t('region.wlCustom')}</option>
        {presets.map((p) => (
          <option key={p.id} value={p.id}>
            {t(p.label)}
          </option>
        ))}
      </select>
      {values.state !== 'none' && <WindowField editor={editor} />}
      {values.state === 'ready' && <ValueUnderCursor editor={editor} values={values} />}
      {values.state === 'loading' && <span className="muted">{t('medical.valuesLoading')}</span>}
      {values.state === 'fallback' && (
        <span className="muted" data-testid="values-fallback">
          {t('medical.valuesFallback', { reason: errorText(values.reason) })}
        </span>
      )}
    </>
  );
}

/** Centre/width typed as "40/400": Enter applies it, a malformed one is said so and left to fix. */
function WindowField({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const wl = editor.windowLevel;
  const current = `${round(wl.center)}/${round(wl.width)}`;
  const [text, setText] = useState(current);
  const [bad, setBad] = useState(false);
  useEffect(() => {
    setText(current);
    setBad(false);
  }, [current]);
  return (
    <input
      className={`wl-field${bad ? ' bad' : ''}`}
      data-testid="wl-field"
      size={9}
      aria-label={t('medical.wlField')}
      title={bad ? t('medical.wlFieldBad') : t('medical.wlFieldHint')}
      aria-invalid={bad}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          const w = parseWindowText(text);
          setBad(w === null);
          if (w) editor.setWindowLevel(w);
          e.currentTarget.blur();
        } else if (e.key === 'Escape') {
          setText(current);
          setBad(false);
          e.currentTarget.blur();
        }
        e.stopPropagation();
      }}
    />
  );
}

const round = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** The value at the pixel under the pointer, with its unit (HU) when it has one. */
function ValueUnderCursor({ editor, values }: { editor: Editor; values: Extract<ValuesState, { state: 'ready' }> }) {
  const { t } = useTranslation();
  const [x, y] = editor.pointer;
  const v = values.image.valueAt(x, y);
  if (v === null) return <span data-testid="value-under-cursor" className="value-readout muted">{t('medical.valueNone')}</span>;
  const at = { x: Math.floor(x), y: Math.floor(y), value: Number.isInteger(v) ? String(v) : v.toFixed(2) };
  return (
    <span data-testid="value-under-cursor" className="value-readout" data-value={v}>
      {values.units ? t('medical.value', { ...at, units: values.units }) : t('medical.valueRaw', at)}
    </span>
  );
}

const resetKey = actions.find((a) => a.id === 'region.resetLevel')?.keys[0];

/** Back to the image's own window (the file's, or the histogram's), or the whole range: R. */
export function WindowReset({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const wl = editor.windowLevel;
  const start = editor.initialWindow;
  return (
    <button
      type="button"
      data-testid="wl-reset"
      disabled={start ? wl.center === start.center && wl.width === start.width : isDefaultWindowLevel(wl, editor.valueRange)}
      onClick={() => editor.perform('resetLevel')}
    >
      {t('region.wlReset')} {resetKey && <kbd>{displayCombo(resetKey)}</kbd>}
    </button>
  );
}

/**
 * The window controls of the plain image view (a DICOM or 16-bit image classified without region
 * mode): they listen to the editor themselves, so the pointer moving over the image redraws the
 * readout and not the workspace.
 */
export function WindowStatus({ editor, values }: { editor: Editor; values: ValuesState }) {
  useSyncExternalStore(
    (l) => editor.subscribe(l),
    () => editor.version,
  );
  return (
    <span className="window-status" data-testid="window-status">
      <WindowControls editor={editor} values={values} />
      <WindowReset editor={editor} />
    </span>
  );
}
