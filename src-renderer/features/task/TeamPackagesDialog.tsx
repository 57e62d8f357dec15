import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CreatedPackage, MergeSummary } from '../../../src-main/api/packages.js';
import { useApi } from '../shell/ApiContext.js';
import { Dialog } from '../shell/Dialog.js';
import { ProgressBar } from '../shell/ProgressBar.js';
import { useJob } from '../shell/useJob.js';
import { useErrorText } from '../../i18n/errorText.js';

const FILTERS = ['all', 'unlabeled', 'labeled'] as const;

/**
 * The owner's side of task packages, from the app (as `lightbox package create` and `package
 * merge`): packages for a list of annotators, with overlap and gold images; and results merged back,
 * one transaction and one undo. Paths are typed, as in the other dialogs.
 */
export function TeamPackagesDialog({ onClose, onError }: { onClose: () => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('teams.packages.title')} onClose={onClose} className="team-packages-dialog">
      <CreateForm onError={onError} />
      <MergeForm onError={onError} />
    </Dialog>
  );
}

/** A job started from a form: its progress, then its failure in words, or the form's own summary. */
function useFormJob() {
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const running = job?.state === 'running' || (jobId !== null && job === null);
  return { job, running, setJobId };
}

function JobFailure({ message }: { message: string | undefined }) {
  const errorText = useErrorText();
  return (
    <p role="alert" className="error" data-testid="team-packages-error">
      {errorText(message)}
    </p>
  );
}

function CreateForm({ onError }: { onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [out, setOut] = useState('');
  const [annotators, setAnnotators] = useState('');
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('all');
  const [overlap, setOverlap] = useState(0);
  const [gold, setGold] = useState(0);
  const [guidelines, setGuidelines] = useState('');
  const { job, running, setJobId } = useFormJob();
  const names = annotators.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const start = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const { jobId } = await api.call('packages.create', {
        out: out.trim(),
        annotators: names,
        filter,
        ...(overlap > 0 ? { overlap } : {}),
        ...(gold > 0 ? { gold } : {}),
        ...(guidelines.trim() ? { guidelines: guidelines.trim() } : {}),
      });
      setJobId(jobId);
    } catch (err) {
      onError(err);
    }
  };
  const created = job?.state === 'done' ? (job.result as z.infer<typeof CreatedPackage>[] | undefined) ?? [] : null;
  return (
    <section data-testid="team-packages-create">
      <h3>{t('teams.packages.create')}</h3>
      <form className="form-grid" onSubmit={start}>
        <label>
          {t('teams.packages.annotators')}
          <input value={annotators} onChange={(e) => setAnnotators(e.target.value)} placeholder="ana, ben, cy" spellCheck={false} data-testid="team-packages-annotators" />
        </label>
        <label>
          {t('teams.packages.out')}
          <input value={out} onChange={(e) => setOut(e.target.value)} placeholder={t('teams.packages.outPlaceholder')} spellCheck={false} data-testid="team-packages-out" />
        </label>
        <div className="row">
          <label>
            {t('teams.packages.filter')}{' '}
            <select value={filter} onChange={(e) => setFilter(e.target.value as typeof filter)}>
              {FILTERS.map((f) => (
                <option key={f} value={f}>
                  {t(`teams.packages.filters.${f}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('teams.packages.overlap')} <input type="number" min={0} max={100} value={overlap} onChange={(e) => setOverlap(Math.max(0, Math.min(100, Number(e.target.value) || 0)))} data-testid="team-packages-overlap" />
          </label>
          <label>
            {t('teams.packages.gold')} <input type="number" min={0} max={10000} value={gold} onChange={(e) => setGold(Math.max(0, Math.min(10_000, Math.round(Number(e.target.value)) || 0)))} />
          </label>
        </div>
        <label>
          {t('teams.packages.guidelines')}
          <input value={guidelines} onChange={(e) => setGuidelines(e.target.value)} placeholder={t('teams.packages.guidelinesPlaceholder')} spellCheck={false} />
        </label>
        <button type="submit" className="primary" disabled={running || names.length === 0 || out.trim() === ''} data-testid="team-packages-make">
          {t('teams.packages.make')}
        </button>
      </form>
      {running && job && <ProgressBar done={job.done} total={job.total} label={t('teams.packages.making', { done: job.done, total: job.total })} />}
      {job?.state === 'failed' && <JobFailure message={job.error?.message} />}
      {created && (
        <ul data-testid="team-packages-created">
          {created.map((c) => (
            <li key={c.file}>{t('teams.packages.made', { file: c.file, annotator: c.annotator, images: c.images })}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MergeForm({ onError }: { onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [files, setFiles] = useState('');
  const { job, running, setJobId } = useFormJob();
  const list = files.split('\n').map((f) => f.trim()).filter((f) => f !== '');
  const start = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setJobId((await api.call('packages.merge', { files: list })).jobId);
    } catch (err) {
      onError(err);
    }
  };
  const summary = job?.state === 'done' ? (job.result as MergeSummary | undefined) : undefined;
  return (
    <section data-testid="team-packages-merge">
      <h3>{t('teams.packages.merge')}</h3>
      <form className="form-grid" onSubmit={start}>
        <label>
          {t('teams.packages.results')}
          <textarea rows={3} value={files} onChange={(e) => setFiles(e.target.value)} placeholder={t('teams.packages.resultsPlaceholder')} spellCheck={false} data-testid="team-packages-results" />
        </label>
        <button type="submit" className="primary" disabled={running || list.length === 0} data-testid="team-packages-merge-start">
          {t('teams.packages.mergeStart')}
        </button>
      </form>
      {running && job && <ProgressBar done={job.done} total={job.total} label={t('teams.packages.merging', { done: job.done, total: job.total })} />}
      {job?.state === 'failed' && <JobFailure message={job.error?.message} />}
      {summary && (
        <p data-testid="team-packages-merged">
          {summary.changed ? t('teams.packages.merged', { single: summary.single, agreed: summary.agreed, majority: summary.majority, review: summary.review }) : t('teams.packages.alreadyMerged')}
        </p>
      )}
    </section>
  );
}
