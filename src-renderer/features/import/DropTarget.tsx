import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AddFilesSummary, MAX_UPLOAD_CHUNK_BASE64 } from '../../../src-main/api/index.js';
import { blobToBase64 } from '../capture/grabFrame.js';
import { useApi } from '../shell/ApiContext.js';
import { ProgressBar } from '../shell/ProgressBar.js';
import { collectDropped, type DroppedFile } from './collectDropped.js';
import { useJob } from '../shell/useJob.js';
import './import.css';
import { problemText } from '../../i18n/errorText.js';

/** Raw bytes per upload call: three quarters of the base64 limit. */
const CHUNK_BYTES = (MAX_UPLOAD_CHUNK_BASE64 / 4) * 3;

/** A desktop host may expose the real path of a dropped file; the browser never does. */
function pathOf(file: File): string | null {
  const bridge = (window as { lightbox?: { pathForFile?: (f: File) => string } }).lightbox;
  try {
    return bridge?.pathForFile?.(file) || null;
  } catch {
    return null;
  }
}

function merge(a: AddFilesSummary, b: AddFilesSummary): AddFilesSummary {
  return {
    copied: a.copied + b.copied,
    inPlace: a.inPlace + b.inPlace,
    duplicates: a.duplicates + b.duplicates,
    skipped: [...a.skipped, ...b.skipped],
    imageIds: [...a.imageIds, ...b.imageIds],
  };
}
const EMPTY: AddFilesSummary = { copied: 0, inPlace: 0, duplicates: 0, skipped: [], imageIds: [] };

/**
 * Files and folders dropped anywhere on the window go into the open dataset, with a progress bar:
 * by path where the host knows paths (a job in the main process), else by their bytes.
 */
export function DropTarget({ onError }: { onError: (e: unknown) => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [over, setOver] = useState(false);
  const [upload, setUpload] = useState<{ done: number; total: number } | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [summary, setSummary] = useState<AddFilesSummary | null>(null);
  const job = useJob(jobId);
  const depth = useRef(0);

  useEffect(() => {
    if (job?.state === 'done') setSummary(job.result as AddFilesSummary);
  }, [job]);

  const send = async (items: DroppedFile[]) => {
    const paths = items.map((i) => pathOf(i.file));
    if (paths.length > 0 && paths.every((p) => p)) {
      setJobId((await api.call('acquire.addFiles', { paths: paths as string[] })).jobId);
      return;
    }
    let total = EMPTY;
    setUpload({ done: 0, total: items.length });
    for (const [n, item] of items.entries()) {
      let uploadId: string | undefined;
      let offset = 0;
      do {
        const piece = item.file.slice(offset, offset + CHUNK_BYTES);
        offset += CHUNK_BYTES;
        const last = offset >= item.file.size;
        const r = await api.call('acquire.uploadFile', { uploadId, name: item.relPath.replace(/\//g, '_'), dataBase64: await blobToBase64(piece), last });
        uploadId = r.uploadId;
        if (r.result) total = merge(total, r.result);
      } while (offset < item.file.size);
      setUpload({ done: n + 1, total: items.length });
    }
    setUpload(null);
    setSummary(total);
  };

  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current++;
      setOver(true);
    };
    const leave = () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    };
    const dragover = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setOver(false);
      setSummary(null);
      void collectDropped(e.dataTransfer!)
        .then(send)
        .catch((err) => {
          setUpload(null);
          onError(err);
        });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', dragover);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', dragover);
      window.removeEventListener('drop', drop);
    };
  }, [api]);

  const running = upload ?? (job?.state === 'running' ? { done: job.done, total: job.total } : null);
  return (
    <>
      {over && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <p>{t('drop.here')}</p>
        </div>
      )}
      {(running || summary) && (
        <div className="drop-status" data-testid="drop-status">
          {running && <ProgressBar done={running.done} total={running.total} label={t('drop.progress', running)} />}
          {!running && summary && (
            <>
              <span>{t('drop.summary', { copied: summary.copied + summary.inPlace, duplicates: summary.duplicates, skipped: summary.skipped.length })}</span>
              {summary.skipped.length > 0 && (
                <span className="hint" title={summary.skipped.map((s) => `${s.path}: ${problemText(t, i18n.language, s.reason)}`).join('\n')}>
                  {summary.skipped
                    .slice(0, 3)
                    .map((s) => `${s.path.split('/').pop()}: ${problemText(t, i18n.language, s.reason)}`)
                    .join('; ')}
                </span>
              )}
              <button type="button" onClick={() => setSummary(null)}>
                {t('errors.dismiss')}
              </button>
            </>
          )}
        </div>
      )}
    </>
  );
}
