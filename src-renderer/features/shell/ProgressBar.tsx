/** A labeled progress bar; `total` 0 shows an indeterminate bar. */
export function ProgressBar({ done, total, label, onCancel, cancelLabel }: { done: number; total: number; label: string; onCancel?: () => void; cancelLabel?: string }) {
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label={label}>
      <div className="progress-track">
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="progress-label">{label}</span>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {cancelLabel}
        </button>
      )}
    </div>
  );
}
