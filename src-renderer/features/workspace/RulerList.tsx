import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { type Spacing, segmentLength } from '../../../src-main/api/index.js';
import type { Editor } from '../../editor/Editor.js';
import { useApi } from '../shell/ApiContext.js';

/**
 * The image's rulers with their lengths (mm from the pixel spacing, px without one, said so), the
 * spacing they use, and a delete button each (undone with Ctrl+Z like any edit).
 */
export function RulerList({ editor, spacing, onError }: { editor: Editor; spacing: (Spacing & { source?: string }) | null; onError: (m: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  useSyncExternalStore(
    (l) => editor.subscribe(l),
    () => editor.version,
  );
  const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(2));
  return (
    <div className="ruler-list" data-testid="ruler-list">
      <p className="muted" data-testid="pixel-spacing">
        {spacing
          ? t(spacing.source === 'ImagerPixelSpacing' ? 'medical.spacingDetector' : 'medical.spacing', { row: spacing.row, col: spacing.col })
          : t('medical.noSpacing')}
      </p>
      {editor.rulers.length > 0 && (
        <ul>
          {editor.rulers.map((r, i) => {
            const len = segmentLength(r.from, r.to, spacing);
            return (
              <li key={r.remoteId ?? `new-${i}`} data-testid="ruler-row">
                {t('medical.rulerRow', { n: i + 1 })}:{' '}
                <span data-testid="ruler-length">{len.mm !== null ? t('medical.lengthMm', { mm: fmt(len.mm) }) : t('medical.lengthPx', { px: fmt(len.px) })}</span>{' '}
                <button
                  type="button"
                  disabled={r.remoteId === null}
                  title={t('medical.rulerDeleteHint')}
                  onClick={() => {
                    const id = r.remoteId;
                    if (id === null) return;
                    api.call('measurements.deleteRuler', { id }).then(
                      () => editor.setRulers(editor.rulers.filter((x) => x.remoteId !== id)),
                      (e: unknown) => onError((e as Error).message),
                    );
                  }}
                >
                  {t('medical.rulerDelete')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
