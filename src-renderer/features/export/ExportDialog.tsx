import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ExportFormat, type ExportOptions, type ExportSummary, ExportFormat as Formats, type LightboxError } from '../../../src-main/api/index.js';
import { EXPORT_DEFAULTS, type ExportDefaults } from '../../../src-main/api/settings.js';
import { asLightboxError } from '../../bridge/Bridge.js';
import { useApi } from '../shell/ApiContext.js';
import { Dialog } from '../shell/Dialog.js';
import { ProgressBar } from '../shell/ProgressBar.js';
import { useJob } from '../shell/useJob.js';
import { ExportWindowField, type WindowChoice } from './ExportWindowField.js';
import { parentFolder, resolveOutputPath } from './outputPath.js';
import { useErrorText } from '../../i18n/errorText.js';

/**
 * Export the dataset as a job with a progress bar and cancel; the summary says what was left out.
 * What stops an export is said here, in the dialog, next to the field to change: the folder is
 * checked (exports.check) as it is typed, a relative one resolved against the dataset's parent.
 */
export function ExportDialog({ defaults = EXPORT_DEFAULTS, onClose, onError }: { defaults?: ExportDefaults; onClose: () => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const api = useApi();
  // Settings → Export defaults say what the form starts with.
  const [format, setFormat] = useState<ExportFormat>(defaults.format);
  const [out, setOut] = useState('');
  const [resize, setResize] = useState(defaults.resize);
  const [width, setWidth] = useState(defaults.width);
  const [height, setHeight] = useState(defaults.height);
  const [fit, setFit] = useState<ExportDefaults['fit']>(defaults.fit);
  const [imageFormat, setImageFormat] = useState<ExportDefaults['imageFormat']>(defaults.imageFormat);
  const [strip, setStrip] = useState(defaults.stripMetadata);
  const [overwrite, setOverwrite] = useState(false);
  const [anonymous, setAnonymous] = useState(defaults.anonymousNames);
  // DICOM and 16-bit images: undefined the default, null a typed window that is not one yet.
  const [voiWindow, setVoiWindow] = useState<WindowChoice | undefined | null>(undefined);
  // webdataset and parquet: a shard ends at this many images or megabytes, whichever comes first.
  const [shardSize, setShardSize] = useState(10_000);
  const [shardMegabytes, setShardMegabytes] = useState(512);
  const sharded = format === 'webdataset' || format === 'parquet';
  const [redact, setRedact] = useState<ExportDefaults['redact']>(defaults.redact);
  const [dates, setDates] = useState<'shift' | 'remove'>('shift');
  const [jobId, setJobId] = useState<string | null>(null);
  const [root, setRoot] = useState<string | null>(null);
  // Why the export cannot start (or why it stopped); cleared by a change that passes the check and by a run that starts.
  const [problem, setProblem] = useState<{ error: LightboxError; failed: boolean } | null>(null);
  // The job's state, also when it ended before its events could reach this dialog.
  const job = useJob(jobId);

  useEffect(() => {
    let live = true;
    api.call('datasets.current', {}).then((d) => live && setRoot(d?.root ?? null), onError);
    return () => {
      live = false;
    };
  }, [api, onError]);
  useEffect(() => {
    if (job?.state !== 'failed') return;
    setJobId(null);
    setProblem({ error: asLightboxError(job.error ?? { code: 'INTERNAL', message: 'Export failed.' }), failed: true });
  }, [job]);
  const phase = jobId === null || job?.state === 'failed' ? 'form' : (job?.state ?? 'running');

  const summary = job?.state === 'done' ? (job.result as ExportSummary) : null;

  const target = root ? resolveOutputPath(root, out) : out.trim();
  const options = (): ExportOptions => {
    const opts: ExportOptions = { format, out: target, fit, imageFormat, stripMetadata: strip, overwrite, anonymousNames: anonymous, redact };
    if (format === 'dicom') opts.dates = dates;
    if (resize) opts.size = { width, height };
    if (voiWindow) opts.window = voiWindow;
    if (sharded) Object.assign(opts, { shardSize, shardBytes: shardMegabytes * 1024 * 1024 });
    return opts;
  };

  // Check the folder as it is typed (after a pause), so the problem shows before Export is pressed.
  useEffect(() => {
    if (!target || !root) {
      setProblem(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api.call('exports.check', options()).then(
        () => live && setProblem(null),
        (err: unknown) => live && setProblem({ error: asLightboxError(err), failed: false }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // options() reads these and the size fields, which do not change what the check refuses.
  }, [api, root, target, format, overwrite]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const started = await api.call('exports.run', options());
      setProblem(null);
      setJobId(started.jobId);
    } catch (err) {
      setProblem({ error: asLightboxError(err), failed: false });
    }
  };
  const choose = async () => {
    try {
      const { path } = await api.call('datasets.pickFolder', {});
      if (path) setOut(path);
    } catch (err) {
      onError(err);
    }
  };

  return (
    <Dialog title={t('export.title')} onClose={onClose} className="export-dialog">
      {phase === 'form' && (
        <form onSubmit={submit} className="form-grid">
          <label>
            {t('export.format')}
            <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} data-testid="export-format">
              {Formats.options.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
            {sharded && (
              <span className="hint" data-testid="export-format-hint">
                {t(`trainExport.hint.${format}`)}
              </span>
            )}
          </label>
          {sharded && (
            <div className="row">
              <label>
                {t('trainExport.shardSize')}
                <input type="number" min={1} max={10_000_000} value={shardSize} onChange={(e) => setShardSize(Number(e.target.value))} data-testid="export-shard-size" />
              </label>
              <label>
                {t('trainExport.shardMegabytes')}
                <input type="number" min={1} max={65536} value={shardMegabytes} onChange={(e) => setShardMegabytes(Number(e.target.value))} />
              </label>
              <span className="hint">{t('trainExport.shardHint')}</span>
            </div>
          )}
          <label>
            {t('export.out')}
            <span className="row">
              <input
                value={out}
                onChange={(e) => setOut(e.target.value)}
                placeholder={t('export.outPlaceholder')}
                spellCheck={false}
                required
                aria-invalid={problem !== null}
                aria-describedby="export-out-hint"
                data-testid="export-out"
              />
              {api.transport === 'electron' && (
                <button type="button" onClick={choose}>
                  …
                </button>
              )}
            </span>
            <span id="export-out-hint" className="hint">
              {target && target !== out.trim() ? t('export.willWrite', { path: target }) : t('export.outHint', { parent: root ? parentFolder(root) : '' })}
            </span>
          </label>
          {problem && (
            <p className="form-error" role="alert" data-testid="export-problem">
              <strong>{t(problem.failed ? 'export.failed' : 'export.problem')}</strong> {errorText(problem.error.message)}
            </p>
          )}
          <label className="row">
            <input type="checkbox" checked={resize} onChange={(e) => setResize(e.target.checked)} /> {t('export.size')}
          </label>
          {resize && (
            <div className="row">
              <label>
                {t('export.width')}
                <input type="number" min={1} max={16384} value={width} onChange={(e) => setWidth(Number(e.target.value))} />
              </label>
              <label>
                {t('export.height')}
                <input type="number" min={1} max={16384} value={height} onChange={(e) => setHeight(Number(e.target.value))} />
              </label>
              <label>
                {t('export.fit')}
                <select value={fit} onChange={(e) => setFit(e.target.value as typeof fit)}>
                  <option value="cover">{t('export.fitCover')}</option>
                  <option value="contain">{t('export.fitContain')}</option>
                  <option value="fill">{t('export.fitFill')}</option>
                </select>
              </label>
            </div>
          )}
          <label>
            {t('export.imageFormat')}
            <select value={imageFormat} onChange={(e) => setImageFormat(e.target.value as typeof imageFormat)}>
              <option value="keep">{t('export.keep')}</option>
              <option value="jpeg">JPEG</option>
              <option value="png">PNG</option>
            </select>
          </label>
          <ExportWindowField onChange={setVoiWindow} />
          <label>
            {t('deid.export.redact')}
            <select value={redact} onChange={(e) => setRedact(e.target.value as typeof redact)} data-testid="export-redact">
              <option value="fill">{t('deid.export.redactFill')}</option>
              <option value="blur">{t('deid.export.redactBlur')}</option>
            </select>
          </label>
          {format === 'dicom' && (
            <label>
              {t('deid.export.dates')}
              <select value={dates} onChange={(e) => setDates(e.target.value as typeof dates)} data-testid="export-dates">
                <option value="shift">{t('deid.export.datesShift')}</option>
                <option value="remove">{t('deid.export.datesRemove')}</option>
              </select>
              <span className="hint">{t('deid.export.dicomHint')}</span>
            </label>
          )}
          <label className="row">
            <input type="checkbox" checked={strip} onChange={(e) => setStrip(e.target.checked)} /> {t('export.strip')}
          </label>
          <label className="row">
            <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> {t('export.anonymousNames')}
          </label>
          <label className="row">
            <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} /> {t('export.overwrite')}
          </label>
          <div className="row end">
            <button type="submit" className="primary" disabled={!out.trim() || voiWindow === null || (problem !== null && !problem.failed)}>
              {t('export.run')}
            </button>
          </div>
        </form>
      )}
      {phase === 'running' && (
        <ProgressBar
          done={job?.done ?? 0}
          total={job?.total ?? 0}
          label={t('export.running', { done: job?.done ?? 0, total: job?.total ?? 0 })}
          onCancel={() => jobId && void api.call('jobs.cancel', { id: jobId }).catch(onError)}
          cancelLabel={t('export.cancel')}
        />
      )}
      {phase === 'done' && summary && (
        <div data-testid="export-summary">
          <p>{t('export.done', { exported: summary.exported, out: summary.out })}</p>
          <p className="muted">
            {t('export.skipped', { unlabeled: summary.skippedUnlabeled, skipped: summary.skippedStatus, unreadable: summary.skippedUnreadable })}
          </p>
          <p className="muted" data-testid="export-privacy">
            {t(summary.privacy.metadataStripped ? 'export.privacyRemoved' : 'export.privacyKept', { exif: summary.privacy.withExif, gps: summary.privacy.withGps })}
          </p>
          {summary.privacy.mappingFile && <p className="muted">{t('export.privacyAnonymous', { file: summary.privacy.mappingFile })}</p>}
          {summary.privacy.redactedImages ? <p className="muted">{t('deid.export.redacted', { count: summary.privacy.redactedImages })}</p> : null}
          {summary.privacy.dicom && <p className="muted">{t('deid.export.dicom', { files: summary.privacy.dicom.files, refused: summary.privacy.dicom.refused })}</p>}
          {(summary.notes ?? []).map((note) => (
            <p key={note} className="muted">
              {errorText(note)}
            </p>
          ))}
          {summary.privacy.flaggedNames > 0 && <p className="muted">{t('export.privacyFlagged', { count: summary.privacy.flaggedNames })}</p>}
          <button type="button" onClick={onClose}>
            {t('export.close')}
          </button>
        </div>
      )}
      {phase === 'cancelled' && <p>{t('export.cancelled')}</p>}
    </Dialog>
  );
}
