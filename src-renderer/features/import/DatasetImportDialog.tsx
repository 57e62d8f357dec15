import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ImportSummary, LabeledFormat } from '../../../src-main/api/index.js';
import { useApi } from '../shell/ApiContext.js';
import { Dialog } from '../shell/Dialog.js';
import { ProgressBar } from '../shell/ProgressBar.js';
import { useJob } from '../shell/useJob.js';
import { ProblemList } from './ProblemList.js';
import { useErrorText } from '../../i18n/errorText.js';

/** Import an existing labeled dataset: ImageFolder or CSV classes, or COCO/YOLO/VOC/labelme regions. */
export function DatasetImportDialog({ onClose, onError }: { onClose: () => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const api = useApi();
  const [format, setFormat] = useState<LabeledFormat>('imagefolder');
  const [from, setFrom] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const running = job?.state === 'running' || (jobId !== null && job === null);
  const summary = job?.state === 'done' ? (job.result as ImportSummary) : null;

  const pick = async () => {
    try {
      const { path } = await api.call('datasets.pickFolder', {});
      if (path) setFrom(path);
    } catch (e) {
      onError(e);
    }
  };
  const start = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setJobId((await api.call('acquire.importLabeled', { format, from: from.trim() })).jobId);
    } catch (err) {
      onError(err);
    }
  };
  return (
    <Dialog title={t('importDataset.title')} onClose={onClose}>
      <form className="form-grid" onSubmit={start}>
        <label>
          {t('export.format')}
          <select value={format} onChange={(e) => setFormat(e.target.value as LabeledFormat)} data-testid="import-format">
            {LabeledFormat.options.map((f) => (
              <option key={f} value={f}>
                {t(`importDataset.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {format === 'csv' ? t('importDataset.csvPath') : format === 'coco' || format === 'labelme' ? t('importDataset.fileOrFolderPath') : t('importDataset.folderPath')}
          <span className="row">
            <input className="grow" value={from} onChange={(e) => setFrom(e.target.value)} placeholder={t('export.outPlaceholder')} data-testid="import-from" />
            {format !== 'csv' && api.transport === 'electron' && (
              <button type="button" onClick={() => void pick()}>
                {t('welcome.openFolder')}
              </button>
            )}
          </span>
        </label>
        <p className="hint">{t(`importDataset.${format}Hint`)}</p>
        {job && running && <ProgressBar done={job.done} total={job.total} label={t('importDataset.progress', { done: job.done, total: job.total })} />}
        {job?.state === 'failed' && <p role="alert">{errorText(job.error?.message)}</p>}
        {summary && (
          <div data-testid="import-summary">
            {summary.alreadyImportedAt !== undefined ? (
              <p>{t('importDataset.alreadyImported', { date: new Date(summary.alreadyImportedAt).toLocaleString() })}</p>
            ) : (
              <p>
                {t('importDataset.summary', { imported: summary.imported, matched: summary.matched, labeled: summary.labeled, skipped: summary.skipped.length })}
              </p>
            )}
            {summary.resumed && <p>{t('importDataset.resumed')}</p>}
            {summary.classesCreated.length > 0 && <p>{t('importDataset.newClasses', { names: summary.classesCreated.join(', ') })}</p>}
            <ProblemList items={summary.skipped.map((k, i) => ({ key: i, what: <code>{k.ref}</code>, reason: k.reason }))} />
          </div>
        )}
        <div className="row end">
          <button type="button" onClick={onClose}>
            {t('export.close')}
          </button>
          <button type="submit" className="primary" disabled={running || from.trim() === ''}>
            {t('importDataset.start')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
