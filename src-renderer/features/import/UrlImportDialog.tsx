import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UrlImportSummary } from '../../../src-main/api/index.js';
import { useApi } from '../shell/ApiContext.js';
import { Dialog } from '../shell/Dialog.js';
import { ProgressBar } from '../shell/ProgressBar.js';
import { useJob } from '../shell/useJob.js';
import { ProblemList } from './ProblemList.js';
import { useErrorText } from '../../i18n/errorText.js';

/** Paste or choose a URL list (one per line, optional ",label") and download it as a job. */
export function UrlImportDialog({ onClose, onError }: { onClose: () => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const api = useApi();
  const [text, setText] = useState('');
  const [allowPrivate, setAllowPrivate] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [resumed, setResumed] = useState(false);
  const job = useJob(jobId);
  const running = job?.state === 'running' || (jobId !== null && job === null);
  const summary = job?.state === 'done' ? (job.result as UrlImportSummary) : null;

  const choose = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };
  const start = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await api.call('acquire.importUrls', { text, allowPrivateNetwork: allowPrivate });
      setResumed(r.resumed);
      setJobId(r.jobId);
    } catch (err) {
      onError(err);
    }
  };
  return (
    <Dialog title={t('importUrls.title')} onClose={onClose}>
      <form className="form-grid" onSubmit={start}>
        <label>
          {t('importUrls.list')}
          <textarea
            className="url-list"
            rows={8}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('importUrls.placeholder')}
            spellCheck={false}
            data-testid="url-list"
          />
        </label>
        <label className="row">
          {t('importUrls.orFile')} <input type="file" accept=".txt,.csv,text/plain" onChange={(e) => void choose(e.target.files?.[0])} />
        </label>
        <label className="row">
          <input type="checkbox" checked={allowPrivate} onChange={(e) => setAllowPrivate(e.target.checked)} data-testid="allow-private" />{' '}
          {t('importUrls.allowPrivate')}
        </label>
        <p className="hint">{t('importUrls.privateHint')}</p>
        {job && running && (
          <ProgressBar
            done={job.done}
            total={job.total}
            label={t('importUrls.progress', { done: job.done, total: job.total })}
            onCancel={() => void api.call('jobs.cancel', { id: job.id })}
            cancelLabel={t('export.cancel')}
          />
        )}
        {resumed && running && <p className="hint">{t('importUrls.resumed')}</p>}
        {job?.state === 'cancelled' && <p>{t('importUrls.cancelled')}</p>}
        {job?.state === 'failed' && <p role="alert">{errorText(job.error?.message)}</p>}
        {summary && (
          <div data-testid="url-summary">
            <p>{t('importUrls.summary', { total: summary.total, saved: summary.saved, duplicates: summary.duplicates, failed: summary.failed.length })}</p>
            <ProblemList
              items={summary.failed.map((f) => ({
                key: f.line,
                what: (
                  <>
                    {t('importUrls.line', { line: f.line })} <code>{f.url}</code>
                  </>
                ),
                reason: f.reason,
              }))}
            />
          </div>
        )}
        <div className="row end">
          <button type="button" onClick={onClose}>
            {t('export.close')}
          </button>
          <button type="submit" className="primary" disabled={running || text.trim() === ''}>
            {t('importUrls.start')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
