import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../shell/ApiContext.js';
import { Dialog } from '../shell/Dialog.js';

/** Assign train/val/test by ratio and seed, stratified by class. */
export function SplitDialog({ onClose, onError }: { onClose: () => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [ratios, setRatios] = useState<[number, number, number]>([0.8, 0.1, 0.1]);
  const [seed, setSeed] = useState(42);
  const [reassign, setReassign] = useState(false);
  const [result, setResult] = useState<{ train: number; val: number; test: number } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setResult(await api.call('images.assignSplits', { ratios, seed, reassign }));
    } catch (err) {
      onError(err);
    }
  };
  return (
    <Dialog title={t('splits.title')} onClose={onClose}>
      <form onSubmit={submit} className="form-grid">
        <label>
          {t('splits.ratios')}
          <span className="row">
            {ratios.map((r, i) => (
              <input
                key={i}
                type="number"
                step="0.05"
                min={0}
                max={1}
                value={r}
                onChange={(e) => setRatios((old) => old.map((x, j) => (j === i ? Number(e.target.value) : x)) as [number, number, number])}
              />
            ))}
          </span>
        </label>
        <label>
          {t('splits.seed')}
          <input type="number" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
        </label>
        <label className="row">
          <input type="checkbox" checked={reassign} onChange={(e) => setReassign(e.target.checked)} /> {t('splits.reassign')}
        </label>
        <div className="row end">
          <button type="submit" className="primary">
            {t('splits.assign')}
          </button>
        </div>
        {result && <p>{t('splits.result', result)}</p>}
      </form>
    </Dialog>
  );
}
