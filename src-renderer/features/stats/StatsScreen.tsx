import { useTranslation } from 'react-i18next';
import { ClassCounts } from '../shell/ClassCounts.js';
import { useStats } from '../shell/ApiContext.js';
import { ProgressBar } from '../shell/ProgressBar.js';
import { reasonText } from '../../i18n/reasons.js';

/**
 * Class balance, progress, split sizes and the annotator's pace. Every number is one of the
 * definitions in src-main/store/statsRepo.ts, the same the library and the class keys show.
 */
export function StatsScreen({ onError }: { onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const stats = useStats(onError);
  if (!stats) return <main className="stats" />;
  const max = Math.max(1, ...stats.perClass.map((c) => c.images));
  const maxRegions = Math.max(1, ...stats.perClass.map((c) => c.regions));
  const anyRegions = stats.perClass.some((c) => c.regions > 0);
  const splits = ['train', 'val', 'test', 'none'] as const;
  return (
    <main className="stats">
      <section>
        <h2>{t('stats.progress')}</h2>
        <ProgressBar done={stats.labeled} total={stats.readable} label={t('counts.labeledOf', { labeled: stats.labeled, total: stats.readable })} />
        <p className="muted" data-testid="stats-status">
          {t('status.todo')} {stats.byStatus.todo} · {t('status.done')} {stats.byStatus.done} · {t('status.skipped')} {stats.byStatus.skipped}
        </p>
        <p className="hint">{t('stats.statusHint')}</p>
        {stats.unreadable.length > 0 && <p className="hint">{t('stats.readableNote', { count: stats.unreadable.length })}</p>}
      </section>
      <section>
        <h2>{t('stats.balance')}</h2>
        <h3 className="muted">{t('counts.imagesWithClass')}</h3>
        <div className="bars" data-testid="class-balance">
          {stats.perClass.map((c) => (
            <div key={c.classId} className="bar-row">
              <span className="bar-name">{c.name}</span>
              <span className="bar" style={{ width: `${(c.images / max) * 100}%`, background: c.color }} />
              <span className="bar-count" title={t('counts.classTitle', { name: c.name, images: c.images, regions: c.regions })}>
                {c.images}
              </span>
            </div>
          ))}
        </div>
        {anyRegions && (
          <>
            <h3 className="muted">{t('counts.regionsPerClass')}</h3>
            <div className="bars" data-testid="class-regions">
              {stats.perClass.map((c) => (
                <div key={c.classId} className="bar-row">
                  <span className="bar-name">{c.name}</span>
                  <span className="bar" style={{ width: `${(c.regions / maxRegions) * 100}%`, background: c.color }} />
                  <ClassCounts name={c.name} images={c.images} regions={c.regions} compact />
                </div>
              ))}
            </div>
          </>
        )}
      </section>
      <section>
        <h2>{t('stats.splits')}</h2>
        <div className="bars">
          {splits.map((s) => (
            <div key={s} className="bar-row">
              <span className="bar-name">{t(`split.${s}`)}</span>
              <span className={`bar split-${s}`} style={{ width: `${(stats.perSplit[s] / Math.max(1, stats.readable)) * 100}%` }} />
              <span className="bar-count">{stats.perSplit[s]}</span>
            </div>
          ))}
        </div>
      </section>
      <section>
        <h2>{t('stats.rate')}</h2>
        <p className="big-number" data-testid="rate">
          {stats.annotator.lastHour}
        </p>
        <p className="muted">{stats.annotator.name}</p>
        <p className="hint">{t('stats.rateHint')}</p>
      </section>
      {stats.unreadable.length > 0 && (
        <section>
          <h2>{t('stats.unreadable')}</h2>
          <ul className="unreadable-list">
            {stats.unreadable.map((u) => (
              <li key={u.path}>
                <code>{u.path}</code> — {reasonText(t, u.reason)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
