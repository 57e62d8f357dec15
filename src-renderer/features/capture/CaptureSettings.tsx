import { useTranslation } from 'react-i18next';
import type { CapturePrefs } from '../../../src-main/api/index.js';
import type { CameraDevice } from './useCamera.js';

const RESOLUTIONS: [number, number][] = [
  [640, 480],
  [1280, 720],
  [1920, 1080],
];

/** Device, resolution, mirror, format and the rates of burst and hold-to-record. */
export function CaptureSettings({
  prefs,
  devices,
  actual,
  onChange,
}: {
  prefs: CapturePrefs;
  devices: CameraDevice[];
  actual: { width: number; height: number } | null;
  /** `restart` when the camera must be opened again (device or resolution changed). */
  onChange: (patch: Partial<CapturePrefs>, restart: boolean) => void;
}) {
  const { t } = useTranslation();
  const chosen = devices.find((d) => d.deviceId === prefs.deviceId)?.deviceId ?? devices[0]?.deviceId ?? '';
  return (
    <div className="side-section form-grid capture-settings">
      <label>
        {t('capture.device')}
        <select
          value={chosen}
          onChange={(e) => onChange({ deviceId: e.target.value, deviceLabel: devices.find((d) => d.deviceId === e.target.value)?.label ?? null }, true)}
          data-testid="camera-select"
        >
          {devices.length === 0 && <option value="">{t('capture.noDevices')}</option>}
          {devices.map((d) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('capture.resolution')}
        <select
          value={`${prefs.width}x${prefs.height}`}
          onChange={(e) => {
            const [width, height] = e.target.value.split('x').map(Number) as [number, number];
            onChange({ width, height }, true);
          }}
          data-testid="resolution-select"
        >
          {RESOLUTIONS.map(([w, h]) => (
            <option key={w} value={`${w}x${h}`}>
              {w} × {h}
            </option>
          ))}
        </select>
        {actual && <span className="hint">{t('capture.actual', { width: actual.width, height: actual.height })}</span>}
      </label>
      <div className="row">
        <label className="row">
          <input type="checkbox" checked={prefs.mirror} onChange={(e) => onChange({ mirror: e.target.checked }, false)} /> {t('capture.mirror')}
        </label>
        <label className="row" title={t('capture.proposeFacesHint')}>
          <input type="checkbox" checked={prefs.proposeFaces} onChange={(e) => onChange({ proposeFaces: e.target.checked }, false)} /> {t('capture.proposeFaces')}
        </label>
        <select value={prefs.format} onChange={(e) => onChange({ format: e.target.value as 'jpeg' | 'png' }, false)} aria-label={t('capture.format')}>
          <option value="jpeg">JPEG</option>
          <option value="png">PNG</option>
        </select>
      </div>
      <div className="row">
        <label>
          {t('capture.burstCount')}
          <input type="number" min={1} max={500} value={prefs.burstCount} onChange={(e) => onChange({ burstCount: Math.max(1, Number(e.target.value) || 1) }, false)} />
        </label>
        <label>
          {t('capture.burstInterval')}
          <input type="number" min={0} max={60000} step={50} value={prefs.burstIntervalMs} onChange={(e) => onChange({ burstIntervalMs: Math.max(0, Number(e.target.value) || 0) }, false)} />
        </label>
        <label>
          {t('capture.rateLabel')}
          <input
            type="number"
            min={0.5}
            max={30}
            step={0.5}
            value={prefs.rate}
            onChange={(e) => onChange({ rate: Math.min(30, Math.max(0.5, Number(e.target.value) || 1)) }, false)}
            data-testid="capture-rate-input"
          />
        </label>
      </div>
    </div>
  );
}
