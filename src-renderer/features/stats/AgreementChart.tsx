import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgreementReport } from '../../../src-main/api/packages.js';
import { useApi, useEvent } from '../shell/ApiContext.js';

const fixed = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));

/** One bar per row, its length the value's share of `scale`; negative values draw as empty. */
function Bars({ rows, scale, testId }: { rows: { key: string; name: string; value: number | null; label: string }[]; scale: number; testId: string }) {
  return (
    <div className="bars" data-testid={testId}>
      {rows.map((r) => (
        <div key={r.key} className="bar-row">
          <span className="bar-name">{r.name}</span>
          <span className="bar" style={{ width: `${Math.max(0, (r.value ?? 0) / scale) * 100}%` }} />
          <span className="bar-count">{r.label}</span>
        </div>
      ))}
    </div>
  );
}

/** Each annotator's accuracy against a truth (gold images, or reviewed answers): nothing when there is none. */
function AccuracyBars({ title, testId, rows }: { title: string; testId: string; rows: AgreementReport['gold'] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <>
      <h3 className="muted">{title}</h3>
      <Bars testId={testId} scale={1} rows={rows.map((g) => ({ key: g.annotator, name: g.annotator, value: g.accuracy, label: t('teams.goldCount', { correct: g.correct, images: g.images }) }))} />
    </>
  );
}

/**
 * Agreement between annotators whose task packages were merged into this dataset (the numbers of
 * `lightbox agreement`): κ per pair and across everyone, region IoU, accuracy on gold images and against reviewed answers, throughput.
 * Nothing is shown in a dataset without merged answers.
 */
export function AgreementChart({ onError }: { onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [report, setReport] = useState<AgreementReport | null>(null);
  const [tick, setTick] = useState(0);
  useEvent('images.changed', () => setTick((n) => n + 1));
  useEffect(() => {
    api.call('packages.agreement', {}).then(setReport, onError);
  }, [api, tick, onError]);
  if (!report || report.annotators.length === 0) return null;
  const pairName = (p: { a: string; b: string }) => `${p.a} / ${p.b}`;
  const withRegions = report.pairs.filter((p) => p.meanIou !== null);
  const maxRate = Math.max(1, ...report.throughput.map((x) => x.perHour ?? 0));
  return (
    <section data-testid="agreement">
      <h2>{t('teams.agreement')}</h2>
      <p data-testid="agreement-fleiss">{t('teams.fleiss', { count: report.annotators.length, images: report.sharedImages, kappa: fixed(report.fleissKappa) })}</p>
      <p className="muted">{t('teams.states', report.states)}</p>
      <h3 className="muted">{t('teams.cohen')}</h3>
      <Bars testId="agreement-kappa" scale={1} rows={report.pairs.map((p) => ({ key: pairName(p), name: pairName(p), value: p.kappa, label: fixed(p.kappa) }))} />
      {withRegions.length > 0 && (
        <>
          <h3 className="muted">{t('teams.iou')}</h3>
          <Bars testId="agreement-iou" scale={1} rows={withRegions.map((p) => ({ key: pairName(p), name: pairName(p), value: p.meanIou, label: fixed(p.meanIou) }))} />
        </>
      )}
      <AccuracyBars title={t('teams.gold')} testId="agreement-gold" rows={report.gold} />
      <AccuracyBars title={t('teams.reviewed')} testId="agreement-reviewed" rows={report.reviewed} />
      {report.throughput.length > 0 && (
        <>
          <h3 className="muted">{t('teams.throughput')}</h3>
          <Bars testId="agreement-rate" scale={maxRate} rows={report.throughput.map((x) => ({ key: x.annotator, name: x.annotator, value: x.perHour, label: fixed(x.perHour, 0) }))} />
        </>
      )}
      <p className="hint">{t('teams.hint')}</p>
    </section>
  );
}
