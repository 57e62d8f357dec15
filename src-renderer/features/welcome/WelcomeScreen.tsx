import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo, Result } from '../../../src-main/api/index.js';
import { useApi } from '../shell/ApiContext.js';

/** First screen: open a folder (dialog or typed path), a recent dataset, the sample, or a task package. */
export function WelcomeScreen({ onOpened, onOpenPackage, onError }: { onOpened: (info: DatasetInfo) => void; onOpenPackage: () => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [recent, setRecent] = useState<Result<'datasets.recent'>['items']>([]);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.call('datasets.recent', {}).then((r) => setRecent(r.items), onError);
  }, [api, onError]);

  const open = async (path: string) => {
    setBusy(true);
    try {
      onOpened(await api.call('datasets.open', { path }));
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const pick = async () => {
    try {
      const { path } = await api.call('datasets.pickFolder', {});
      if (path) await open(path);
    } catch (e) {
      onError(e);
    }
  };
  const sample = async () => {
    setBusy(true);
    try {
      onOpened(await api.call('datasets.openSample', {}));
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (typed.trim()) void open(typed.trim());
  };

  return (
    <main className="welcome">
      <h1>{t('app.name')}</h1>
      <p className="tagline">{t('app.tagline')}</p>
      <div className="welcome-actions">
        {api.transport === 'electron' && (
          <button type="button" className="primary" onClick={pick} disabled={busy}>
            {t('welcome.openFolder')}
          </button>
        )}
        <form onSubmit={submit} className="path-form">
          <label>
            {t('welcome.pathLabel')}
            <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={t('welcome.pathPlaceholder')} spellCheck={false} />
          </label>
          <button type="submit" disabled={busy || !typed.trim()}>
            {t('welcome.openPath')}
          </button>
        </form>
        <button type="button" onClick={sample} disabled={busy} data-testid="open-sample">
          {t('welcome.sample')}
        </button>
        <p className="hint">{t('welcome.sampleHint')}</p>
        <button type="button" onClick={onOpenPackage} disabled={busy} data-testid="open-package">
          {t('review.openPackage')}
        </button>
      </div>
      <section className="recent">
        <h2>{t('welcome.recent')}</h2>
        {recent.length === 0 ? (
          <p className="hint">{t('welcome.noRecent')}</p>
        ) : (
          <ul>
            {recent.map((r) => (
              <li key={r.path} className={r.exists ? '' : 'gone'} data-testid="recent-dataset">
                <button type="button" className="link" onClick={() => void open(r.path)} disabled={busy || !r.exists}>
                  <strong>{r.name}</strong> <span className="muted">{r.path}</span>
                </button>
                {!r.exists ? (
                  <span className="hint">{t('welcome.recentGone')}</span>
                ) : r.progress ? (
                  <span className="recent-progress">
                    <meter min={0} max={Math.max(1, r.progress.images)} value={r.progress.labeled} />
                    <span className="hint">{t('welcome.recentProgress', { labeled: r.progress.labeled, images: r.progress.images })}</span>
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
