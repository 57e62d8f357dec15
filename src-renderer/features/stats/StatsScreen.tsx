import { useTranslation } from 'react-i18next';
import { useStats } from '../shell/ApiContext.js';
import { ProgressBar } from '../shell/ProgressBar.js';

/** Class balance, progress, split sizes and the annotator's pace. */
export function StatsScreen({ onError }: { onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const stats = useStats(onError);
  if (!stats) return <main className="stats" />;
  const max = Math.max(1, ...stats.perClass.map((c) => c.count));
  const splits = ['train', 'val', 'test', 'none'] as const;
  return (
    <main className="stats">
      <section>
        <h2>{t('stats.progress')}</h2>
        <ProgressBar done={stats.labeled} total={stats.images} label={t('library.labeled', { labeled: stats.labeled, total: stats.images })} />
        <p className="muted">
          {t('status.todo')} {stats.byStatus.todo} · {t('status.done')} {stats.byStatus.done} · {t('status.skipped')} {stats.byStatus.skipped}
        </p>
      </section>
      <section>
        <h2>{t('stats.balance')}</h2>
        <div className="bars" data-testid="class-balance">
          {stats.perClass.map((c) => (
            <div key={c.classId} className="bar-row">
              <span className="bar-name">{c.name}</span>
              <span className="bar" style={{ width: `${(c.count / max) * 100}%`, background: c.color }} />
              <span className="bar-count">{c.count}</span>
            </div>
          ))}
        </div>
      </section>
      <section>
        <h2>{t('stats.splits')}</h2>
        <div className="bars">
          {splits.map((s) => (
            <div key={s} className="bar-row">
              <span className="bar-name">{t(`split.${s}`)}</span>
              <span className={`bar split-${s}`} style={{ width: `${(stats.perSplit[s] / Math.max(1, stats.images)) * 100}%` }} />
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
      </section>
      {stats.unreadable.length > 0 && (
        <section>
          <h2>{t('stats.unreadable')}</h2>
          <ul className="unreadable-list">
            {stats.unreadable.map((u) => (
              <li key={u.path}>
                <code>{u.path}</code> — {u.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
