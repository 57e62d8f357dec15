import { type Ref, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CapturePrefs } from '../../../src-main/api/index.js';
import { useApi, useClasses } from '../shell/ApiContext.js';
import { CaptureClasses } from './CaptureClasses.js';
import { CaptureController, type CaptureState } from './CaptureController.js';
import { CaptureSettings } from './CaptureSettings.js';
import { grabFrame } from './grabFrame.js';
import { useCamera } from './useCamera.js';
import './capture.css';

/** What the keymap's capture actions call (App holds the ref). */
export interface CaptureHandle {
  shot(): void;
  burst(): void;
  /** Start recording into the class with hotkey `n`; releasing the key stops it. */
  hold(n: number): void;
  undo(): void;
}

/**
 * The camera screen: live preview of the chosen device, single shot (Space), burst (B) and
 * hold-to-record (hold 1–9), each frame saved by the main process with its class.
 */
export function CaptureScreen({ handle, onError }: { handle: Ref<CaptureHandle>; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const camera = useCamera();
  const { classes, reload } = useClasses();
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [prefs, setPrefs] = useState<CapturePrefs | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [state, setState] = useState<CaptureState | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const prefsRef = useRef(prefs);
  prefsRef.current = prefs;

  const controller = useMemo(
    () =>
      new CaptureController({
        grab: () => grabFrame(videoRef.current!, canvasRef.current!, prefsRef.current?.format ?? 'jpeg'),
        save: (classId, frame) => api.call('capture.save', { classId, format: frame.format, dataBase64: frame.dataBase64 }),
        undo: async () => (await api.call('capture.undoLast', {})).removed,
      }),
    [api],
  );
  useEffect(() => controller.subscribe(setState), [controller]);
  useEffect(() => {
    if (state?.error) onError(state.error);
  }, [state?.error, onError]);

  // The main process grants the camera only while this screen is open.
  useEffect(() => {
    let live = true;
    void (async () => {
      await api.call('capture.setActive', { active: true });
      const p = await api.call('capture.getPrefs', {});
      if (!live) return;
      setPrefs(p);
      await camera.start(p.deviceId, p.width, p.height);
    })().catch(onError);
    return () => {
      live = false;
      controller.stop();
      camera.stop();
      void api.call('capture.setActive', { active: false }).catch(() => undefined);
    };
  }, [api]);

  useEffect(() => {
    if (videoRef.current && videoRef.current.srcObject !== camera.stream) videoRef.current.srcObject = camera.stream;
    if (!camera.stream) controller.stop();
  }, [camera.stream, controller]);

  // Counts start from the store and follow every save and undo.
  useEffect(() => controller.setCounts(Object.fromEntries(classes.map((c) => [c.id, c.images]))), [classes, controller]);
  const live = classes.filter((c) => !c.archived);
  const target = selected ?? live[0]?.id ?? null;

  const updatePrefs = async (patch: Partial<CapturePrefs>, restart: boolean) => {
    try {
      const next = await api.call('capture.setPrefs', patch);
      setPrefs(next);
      if (restart) await camera.start(next.deviceId, next.width, next.height);
    } catch (e) {
      onError(e);
    }
  };

  const ready = camera.stream !== null;
  const need = (fn: (classId: number, p: CapturePrefs) => void) => () => {
    if (!ready || !prefs) return setMessage(t('capture.noStream'));
    if (target === null) return setMessage(t('capture.noClass'));
    setMessage(null);
    fn(target, prefs);
  };
  const heldKey = useRef<string | null>(null);
  useImperativeHandle(handle, () => ({
    shot: need((c) => void controller.shot(c)),
    burst: need((c, p) => void controller.burst(c, p.burstCount, p.burstIntervalMs)),
    hold: (n) => {
      const cls = live.find((c) => c.hotkey === String(n));
      if (!cls) return setMessage(t('capture.noClassForKey', { n }));
      if (!ready || !prefs) return setMessage(t('capture.noStream'));
      setSelected(cls.id);
      heldKey.current = String(n);
      void controller.record(cls.id, prefs.rate);
    },
    undo: () =>
      void controller.undo().then(
        (removed) => {
          setMessage(removed ? t('capture.undone') : t('capture.nothingToUndo'));
          reload();
        },
        onError,
      ),
  }));

  // Releasing the held class key (or leaving the window) ends the recording.
  useEffect(() => {
    const release = (e: KeyboardEvent) => {
      if (heldKey.current !== null && e.key === heldKey.current) {
        heldKey.current = null;
        controller.stop();
      }
    };
    const blur = () => {
      heldKey.current = null;
      controller.stop();
    };
    window.addEventListener('keyup', release);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keyup', release);
      window.removeEventListener('blur', blur);
    };
  }, [controller]);

  const recordingInto = state?.mode === 'recording' ? live.find((c) => c.id === state.classId) : undefined;
  return (
    <div className="capture">
      <div className="capture-stage">
        <video ref={videoRef} autoPlay muted playsInline className={prefs?.mirror ? 'mirrored' : ''} data-testid="capture-video" />
        <canvas ref={canvasRef} hidden />
        {camera.problem && (
          <div className="capture-problem" role="alert" data-testid="camera-problem">
            {t(`capture.problem.${camera.problem}`)}
          </div>
        )}
        {recordingInto && (
          <div className="capture-recording" data-testid="recording">
            ● {t('capture.recordingInto', { name: recordingInto.name })}
          </div>
        )}
      </div>
      <aside className="side capture-side">
        {prefs && (
          <CaptureSettings
            prefs={prefs}
            devices={camera.devices}
            actual={camera.actual}
            onChange={(patch, restart) => void updatePrefs(patch, restart)}
          />
        )}
        <CaptureClasses
          classes={live}
          counts={state?.counts ?? {}}
          selected={target}
          recording={state?.mode === 'recording' ? state.classId : null}
          onSelect={setSelected}
        />
        <div className="side-section capture-actions">
          <button type="button" className="primary" onClick={need((c) => void controller.shot(c))} disabled={!ready} data-testid="capture-shot">
            {t('capture.shot')} <kbd>Space</kbd>
          </button>
          <button type="button" onClick={need((c, p) => void controller.burst(c, p.burstCount, p.burstIntervalMs))} disabled={!ready || state?.mode !== 'idle'}>
            {t('capture.burst', { count: prefs?.burstCount ?? 0 })} <kbd>B</kbd>
          </button>
          <button type="button" onClick={() => (handle as { current: CaptureHandle | null }).current?.undo()} data-testid="capture-undo">
            {t('capture.undo')} <kbd>Ctrl+Z</kbd>
          </button>
          <p className="hint">{t('capture.holdHint')}</p>
        </div>
        <div className="status-line" data-testid="capture-status">
          <span>{t('capture.savedCount', { count: state?.saved ?? 0 })}</span>
          {state?.lastRate != null && <span data-testid="capture-rate">{t('capture.rate', { fps: state.lastRate.toFixed(1) })}</span>}
          {state?.last && <span title={state.last.path}>{state.last.path}</span>}
          {message && <span data-testid="capture-message">{message}</span>}
        </div>
      </aside>
    </div>
  );
}
