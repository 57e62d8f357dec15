import { forwardRef, useImperativeHandle, useState } from 'react';
import { type TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { FaceProposalSummary } from '../../../src-main/api/index.js';
import { useApi } from '../shell/ApiContext.js';
import { ProgressBar } from '../shell/ProgressBar.js';
import { useJob } from '../shell/useJob.js';

export interface FaceProposalsHandle {
  /** Start a face-proposal run over the dataset (a no-op while one runs). */
  start(): void;
}

/**
 * The face-proposal job as the app shows it (started from the library's button or the palette):
 * a progress bar with Cancel while it runs, on every screen, then what it found and how to review
 * it, until dismissed. Nothing is hidden until the user accepts each box in the workspace.
 */
export const FaceProposals = forwardRef<FaceProposalsHandle, { onError: (e: unknown) => void }>(function FaceProposals({ onError }, ref) {
  const { t } = useTranslation();
  const api = useApi();
  const [jobId, setJobId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const job = useJob(jobId);
  const running = starting || (jobId !== null && (!job || job.state === 'running'));
  useImperativeHandle(ref, () => ({
    start: () => {
      if (running) return;
      setStarting(true);
      api.call('privacy.proposeFaces', {}).then(
        (r) => setJobId(r.jobId),
        (e: unknown) => onError(e),
      ).finally(() => setStarting(false));
    },
  }));
  if (!running && (!job || jobId === null)) return null;
  const close = () => setJobId(null);
  return (
    <div className="face-proposals" data-testid="face-proposals">
      {running ? (
        <ProgressBar
          done={job?.done ?? 0}
          total={job?.total ?? 0}
          label={t('faces.progress', { done: job?.done ?? 0, total: job?.total ?? 0 })}
          onCancel={() => jobId && void api.call('jobs.cancel', { id: jobId }).catch(onError)}
          cancelLabel={t('faces.cancel')}
        />
      ) : job?.state === 'done' ? (
        <span data-testid="face-proposals-result">{resultText(t, job.result as FaceProposalSummary)}</span>
      ) : (
        <span className="error" data-testid="face-proposals-result">
          {job?.state === 'cancelled' ? t('faces.cancelled') : t('faces.failed', { reason: job?.error?.message ?? '' })}
        </span>
      )}
      {!running && (
        <button type="button" onClick={close}>
          {t('faces.dismiss')}
        </button>
      )}
    </div>
  );
});

function resultText(t: TFunction, r: FaceProposalSummary): string {
  if (r.looked === 0 && r.failedCount === 0) return t('faces.nothingNew', { count: r.skipped });
  const parts = [t('faces.found', { faces: r.faces, looked: r.looked, className: r.className })];
  if (r.skipped > 0) parts.push(t('faces.skipped', { count: r.skipped }));
  if (r.failedCount > 0) parts.push(t('faces.unreadable', { count: r.failedCount }));
  if (r.faces > 0) parts.push(t('faces.review'));
  return parts.join(' ');
}
