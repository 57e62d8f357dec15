import { useTranslation } from 'react-i18next';
import type { ClassRow } from '../../../src-main/api/index.js';

/** The classes to capture into, with their keys and live image counts. */
export function CaptureClasses({
  classes,
  counts,
  selected,
  recording,
  onSelect,
}: {
  classes: ClassRow[];
  counts: Record<number, number>;
  selected: number | null;
  recording: number | null;
  onSelect: (id: number) => void;
}) {
  const { t } = useTranslation();
  if (classes.length === 0) return <p className="side-section hint">{t('capture.noClass')}</p>;
  return (
    <ul className="side-section class-keys capture-classes" aria-label={t('capture.classes')}>
      {classes.map((c) => (
        <li key={c.id}>
          <button
            type="button"
            className={`capture-class ${c.id === selected ? 'on' : ''} ${c.id === recording ? 'recording' : ''}`}
            onClick={() => onSelect(c.id)}
            aria-pressed={c.id === selected}
            data-testid="capture-class"
            data-name={c.name}
          >
            {c.hotkey ? <kbd>{c.hotkey}</kbd> : <span className="kbd-gap" />}
            <span className="swatch" style={{ background: c.color }} />
            <span className="capture-class-name">{c.name}</span>
            <span className="capture-count" data-testid={`capture-count`}>
              {counts[c.id] ?? c.images}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
