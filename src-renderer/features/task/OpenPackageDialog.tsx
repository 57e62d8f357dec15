import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetInfo } from '../../../src-main/api/index.js';
import { useApi } from '../shell/ApiContext.js';
import { Dialog } from '../shell/Dialog.js';
import { ProgressBar } from '../shell/ProgressBar.js';
import { useJob } from '../shell/useJob.js';

/**
 * Open a task package (.lbx) from the app: it is unpacked (every entry checked, as by `lightbox
 * package open`) into a new or empty working folder, which then opens as the dataset, showing only
 * the task. The paths are typed; on the desktop both can also be chosen in the system's dialogs.
 */
export function OpenPackageDialog({ onOpened, onClose, onError }: { onOpened: (info: DatasetInfo) => void; onClose: () => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [file, setFile] = useState('');
  const [into, setInto] = useState('');
  // Until the user types a folder, it follows the package's name (task-ana.lbx → task-ana/).
  const [intoTouched, setIntoTouched] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const running = job?.state === 'running' || (jobId !== null && job === null);

  const handedOver = useRef(false);
  useEffect(() => {
    if (job?.state !== 'done' || handedOver.current) return;
    handedOver.current = true;
    api.call('datasets.current', {}).then((info) => info && onOpened(info), onError);
  }, [api, job?.state, onOpened, onError]);

  const pickFile = async () => {
    try {
      const { path } = await api.call('packages.pickFile', {});
      if (path) {
        setFile(path);
        if (!intoTouched) setInto(path.replace(/\.lbx$/i, ''));
      }
    } catch (e) {
      onError(e);
    }
  };
  const pick = async () => {
    try {
      const { path } = await api.call('datasets.pickFolder', {});
      if (path) {
        setInto(path);
        setIntoTouched(true);
      }
    } catch (e) {
      onError(e);
    }
  };
  const start = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setJobId((await api.call('packages.open', { file: file.trim(), into: into.trim() })).jobId);
    } catch (err) {
      onError(err);
    }
  };
  return (
    <Dialog title={t('review.packageTitle')} onClose={onClose}>
      <p className="hint">{t('review.packageIntro')}</p>
      <form className="form-grid" onSubmit={start}>
        <label>
          {t('review.packageFile')}
          <span className="row">
            <input
              className="grow"
              value={file}
              onChange={(e) => {
                setFile(e.target.value);
                if (!intoTouched) setInto(e.target.value.trim().replace(/\.lbx$/i, ''));
              }}
              placeholder={t('review.packageFilePlaceholder')}
              spellCheck={false}
              data-testid="package-file"
            />
            {api.transport === 'electron' && (
              <button type="button" onClick={() => void pickFile()}>
                {t('review.chooseFile')}
              </button>
            )}
          </span>
        </label>
        <label>
          {t('review.workFolder')}
          <span className="row">
            <input
              className="grow"
              value={into}
              onChange={(e) => {
                setInto(e.target.value);
                setIntoTouched(true);
              }}
              placeholder={t('review.workFolderPlaceholder')}
              spellCheck={false}
              data-testid="package-folder"
            />
            {api.transport === 'electron' && (
              <button type="button" onClick={() => void pick()}>
                {t('review.chooseFolder')}
              </button>
            )}
          </span>
        </label>
        <button type="submit" className="primary" disabled={running || file.trim() === '' || into.trim() === ''} data-testid="package-open">
          {t('review.unpack')}
        </button>
      </form>
      {running && job && <ProgressBar done={job.done} total={job.total} label={t('review.unpacking', { done: job.done, total: job.total })} />}
      {job?.state === 'failed' && (
        <p role="alert" data-testid="package-error">
          {job.error?.message}
        </p>
      )}
    </Dialog>
  );
}
