import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../src-main/api/index.js';
import { useApi } from '../shell/ApiContext.js';
import { Dialog } from '../shell/Dialog.js';
import { useJob } from '../shell/useJob.js';
import { useErrorText } from '../../i18n/errorText.js';

type Task = NonNullable<Result<'packages.task'>>;

/**
 * The task of a working folder opened from a package: the owner's guidelines (shown as text,
 * never as HTML), the images the reviewer sent back with their comments, and the hand-in: the
 * answers written as a result file to give back to the owner.
 */
export function TaskDialog({ onClose, onError }: { onClose: () => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const api = useApi();
  const [task, setTask] = useState<Task | null | undefined>(undefined);
  const [out, setOut] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  useEffect(() => {
    api.call('packages.task', {}).then(setTask, onError);
    api.call('datasets.current', {}).then((d) => d && setOut(`${d.root}-result.lbx`), onError);
  }, [api, onError]);
  const handIn = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setJobId((await api.call('packages.return', { out })).jobId);
    } catch (err) {
      onError(err);
    }
  };
  const done = job?.state === 'done' ? (job.result as { out: string; answered: number; images: number }) : null;
  return (
    <Dialog title={t('teams.task')} onClose={onClose}>
      {task === null && <p>{t('teams.noTask')}</p>}
      {task && (
        <div data-testid="task">
          <p>{t('teams.taskFor', { annotator: task.annotator, images: task.images })}</p>
          <h3>{t('teams.guidelines')}</h3>
          {task.guidelines ? <pre className="guidelines" style={{ whiteSpace: 'pre-wrap' }} data-testid="guidelines">{task.guidelines}</pre> : <p className="muted">{t('teams.noGuidelines')}</p>}
          {task.notes.length > 0 && (
            <>
              <h3>{t('teams.sentBack')}</h3>
              <ul data-testid="task-notes">
                {task.notes.map((n) => (
                  <li key={n.path}>
                    <code>{n.path}</code> — {n.comment}
                  </li>
                ))}
              </ul>
            </>
          )}
          <form className="form-grid" onSubmit={handIn}>
            <label>
              {t('teams.resultFile')}
              <input value={out} onChange={(e) => setOut(e.target.value)} spellCheck={false} data-testid="result-path" />
            </label>
            <button type="submit" disabled={job?.state === 'running' || out.trim() === ''}>
              {t('teams.handIn')}
            </button>
          </form>
          {job?.state === 'failed' && <p role="alert">{errorText(job.error?.message)}</p>}
          {done && (
            <p data-testid="handed-in">{t('teams.handedIn', { out: done.out, answered: done.answered, images: done.images })}</p>
          )}
        </div>
      )}
    </Dialog>
  );
}
