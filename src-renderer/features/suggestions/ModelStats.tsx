import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Evaluation } from '../../../src-main/api/index.js';
import { useApi, useClasses, useEvent } from '../shell/ApiContext.js';

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);

/**
 * The Stats screen's model section: the last classifier against the human labels of val and test
 * (accuracy, per-class precision/recall, the confusion matrix as a heat map) and the last detector's
 * precision/recall at IoU 0.5. Nothing when no model has run.
 */
export function ModelStats() {
  const { t } = useTranslation();
  const api = useApi();
  const { classes } = useClasses(true);
  const [e, setE] = useState<Evaluation | null>(null);
  const [tick, setTick] = useState(0);
  useEvent('images.changed', () => setTick((n) => n + 1));
  useEffect(() => {
    let live = true;
    api.call('suggestions.evaluate', {}).then((r) => live && setE(r), () => live && setE(null));
    return () => {
      live = false;
    };
  }, [api, tick]);
  if (!e || (!e.classify && !e.detect)) return null;
  const name = new Map(classes.map((c) => [c.id, c.name]));
  const c = e.classify;
  const max = c ? Math.max(1, ...c.matrix.flat()) : 1;
  return (
    <section data-testid="model-stats">
      <h2>{t('suggestions.stats.title')}</h2>
      {c && (
        <>
          <p>
            {t('suggestions.stats.classifier', { model: c.modelName, images: c.images })} <strong data-testid="model-accuracy">{pct(c.accuracy)}</strong>
          </p>
          {c.images > 0 && (
            <>
              <table className="confusion" data-testid="confusion-matrix">
                <caption className="muted">{t('suggestions.stats.matrix')}</caption>
                <thead>
                  <tr>
                    <th />
                    {c.classIds.map((id) => (
                      <th key={id}>{name.get(id) ?? id}</th>
                    ))}
                    <th>{t('suggestions.stats.recall')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.classIds.map((h, i) => (
                    <tr key={h}>
                      <th>{name.get(h) ?? h}</th>
                      {c.matrix[i]!.map((n, j) => (
                        <td key={j} className={i === j ? 'diag' : ''} style={{ background: `rgba(${i === j ? '46, 160, 67' : '220, 60, 60'}, ${n / max})` }}>
                          {n}
                        </td>
                      ))}
                      <td className="muted">{pct(c.perClass[i]?.recall ?? null)}</td>
                    </tr>
                  ))}
                  <tr>
                    <th>{t('suggestions.stats.precision')}</th>
                    {c.perClass.map((p) => (
                      <td key={p.classId} className="muted">
                        {pct(p.precision)}
                      </td>
                    ))}
                    <td />
                  </tr>
                </tbody>
              </table>
              <p className="hint">{t('suggestions.stats.hint')}</p>
            </>
          )}
        </>
      )}
      {e.detect && (
        <p data-testid="detector-stats">
          {t('suggestions.stats.detector', {
            model: e.detect.modelName,
            precision: pct(e.detect.precision),
            recall: pct(e.detect.recall),
            tp: e.detect.truePositives,
            fp: e.detect.falsePositives,
            fn: e.detect.falseNegatives,
          })}
        </p>
      )}
    </section>
  );
}
