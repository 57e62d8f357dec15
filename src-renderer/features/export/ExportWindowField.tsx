import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportOptions } from '../../../src-main/api/index.js';
import { parseWindowText } from '../../editor/windowLevel.js';
import { useApi } from '../shell/ApiContext.js';

export type WindowChoice = NonNullable<ExportOptions['window']>;

/**
 * How DICOM and 16-bit images become pixels in the export (`--window file|auto|C,W|none`), shown
 * only when the dataset has such images. `onChange` gets the choice (undefined: the default), or
 * null while a typed centre/width is not a window yet.
 */
export function ExportWindowField({ onChange }: { onChange: (w: WindowChoice | undefined | null) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [counts, setCounts] = useState<{ dicom: number; sixteenBit: number } | null>(null);
  const [mode, setMode] = useState<'default' | 'file' | 'auto' | 'custom' | 'none'>('default');
  const [text, setText] = useState('40/400');
  useEffect(() => {
    let live = true;
    api.call('images.medicalCounts', {}).then(
      (c) => live && setCounts(c),
      () => live && setCounts(null),
    );
    return () => {
      live = false;
    };
  }, [api]);
  const custom = mode === 'custom' ? parseWindowText(text) : null;
  useEffect(() => {
    onChange(mode === 'default' ? undefined : mode === 'custom' ? custom : mode);
  }, [mode, custom?.center, custom?.width]);
  if (!counts || counts.dicom + counts.sixteenBit === 0) return null;
  return (
    <label data-testid="export-window">
      {t('medical.export.window', { dicom: counts.dicom, sixteen: counts.sixteenBit })}
      <span className="row">
        <select value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} data-testid="export-window-choice">
          <option value="default">{t('medical.export.default')}</option>
          <option value="file">{t('medical.export.file')}</option>
          <option value="auto">{t('medical.export.auto')}</option>
          <option value="custom">{t('medical.export.custom')}</option>
          <option value="none">{t('medical.export.none')}</option>
        </select>
        {mode === 'custom' && (
          <input value={text} size={10} aria-label={t('medical.wlField')} aria-invalid={custom === null} onChange={(e) => setText(e.target.value)} data-testid="export-window-cw" />
        )}
      </span>
      <span className="hint">{mode === 'custom' && custom === null ? t('medical.wlFieldBad') : t(`medical.export.hint.${mode}`)}</span>
    </label>
  );
}
