import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LightboxError, SplitPreview } from '../../../src-main/api/index.js';
import { asLightboxError } from '../../bridge/Bridge.js';
import { useApi } from '../shell/ApiContext.js';
import { Dialog } from '../shell/Dialog.js';
import { useErrorText } from '../../i18n/errorText.js';

const SPLITS = ['train', 'val', 'test'] as const;

/**
 * Assign train/val/test by ratio and seed, stratified by class. Before anything is written it shows
 * what each split will get per class (images.planSplits), and warns of a class val or test would miss.
 */
export function SplitDialog({ onClose }: { onClose: () => void; onError?: (e: unknown) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const api = useApi();
  const [ratios, setRatios] = useState<[number, number, number]>([0.8, 0.1, 0.1]);
  const [seed, setSeed] = useState(42);
  const [reassign, setReassign] = useState(false);
  const [labeledOnly, setLabeledOnly] = useState(true);
  const [preview, setPreview] = useState<SplitPreview | null>(null);
  const [problem, setProblem] = useState<LightboxError | null>(null);
  const [result, setResult] = useState<{ train: number; val: number; test: number } | null>(null);
  const params = { ratios, seed, reassign, labeledOnly };
  const key = JSON.stringify(params);

  useEffect(() => {
    let live = true;
    setResult(null);
    api.call('images.planSplits', JSON.parse(key) as typeof params).then(
      (p) => {
        if (!live) return;
        setPreview(p);
        setProblem(null);
      },
      (e: unknown) => live && setProblem(asLightboxError(e)),
    );
    return () => {
      live = false;
    };
  }, [api, key]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setResult(await api.call('images.assignSplits', params));
      setProblem(null);
    } catch (err) {
      setProblem(asLightboxError(err));
    }
  };
  const splitName = (s: string) => t(`split.${s}`);
  const empty = preview !== null && preview.total.train + preview.total.val + preview.total.test === 0;
  return (
    <Dialog title={t('splits.title')} onClose={onClose} className="split-dialog">
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
                aria-label={splitName(SPLITS[i]!)}
                onChange={(e) => setRatios((old) => old.map((x, j) => (j === i ? Number(e.target.value) : x)) as [number, number, number])}
              />
            ))}
          </span>
        </label>
        <label>
          {t('splits.seed')}
          <input type="number" min={0} value={seed} onChange={(e) => setSeed(Number(e.target.value))} />
        </label>
        <label className="row" title={t('splits.labeledOnlyHint')}>
          <input type="checkbox" checked={labeledOnly} onChange={(e) => setLabeledOnly(e.target.checked)} data-testid="split-labeled-only" /> {t('splits.labeledOnly')}
        </label>
        <label className="row">
          <input type="checkbox" checked={reassign} onChange={(e) => setReassign(e.target.checked)} /> {t('splits.reassign')}
        </label>
        {preview && (
          <section data-testid="split-preview">
            <h3 className="muted">{t('splits.preview')}</h3>
            <table className="split-preview">
              <thead>
                <tr>
                  <th>{t('splits.class')}</th>
                  {SPLITS.map((s) => (
                    <th key={s}>{splitName(s)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.perClass.map((c) => (
                  <tr key={c.classId} data-class={c.name}>
                    <td>
                      <span className="swatch" style={{ background: c.color }} /> {c.name}
                    </td>
                    {SPLITS.map((s) => (
                      <td key={s} className={c[s] === 0 && s !== 'train' && ratios[SPLITS.indexOf(s)]! > 0 ? 'zero' : ''}>
                        {c[s]}
                      </td>
                    ))}
                  </tr>
                ))}
                <tr data-class="">
                  <td>
                    <strong>{t('splits.all')}</strong>
                  </td>
                  {SPLITS.map((s) => (
                    <td key={s}>
                      <strong>{preview.total[s]}</strong>
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
            {preview.missing.map((m) => (
              <p key={m.classId} className="split-warning" role="alert" data-testid="split-warning">
                ⚠ {t('splits.missing', { name: m.name, splits: m.splits.map(splitName).join(' / ') })}
              </p>
            ))}
            {empty && <p className="split-warning">{t('splits.nothing')}</p>}
            {preview.left > 0 && <p className="hint">{t('splits.left', { count: preview.left })}</p>}
          </section>
        )}
        {problem && (
          <p className="form-error" role="alert">
            {errorText(problem.message)}
          </p>
        )}
        <div className="row end">
          <button type="submit" className="primary" disabled={empty}>
            {t('splits.assign')}
          </button>
        </div>
        {result && <p data-testid="split-result">{t('splits.result', result)}</p>}
      </form>
    </Dialog>
  );
}
