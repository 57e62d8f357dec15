import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Preferences, RegisteredModel } from '../../../src-main/api/index.js';
import { LANGUAGES, type LanguageCode } from '../../i18n/i18n.js';
import type { Action } from '../../keymap/actions.js';
import { comboOf, displayCombo } from '../../keymap/keys.js';
import { PRESET_IDS, type KeymapConfig, type PresetId, bindKeymap, remap, resetKey } from '../../keymap/presets.js';
import { useApi } from '../shell/ApiContext.js';
import { Dialog } from '../shell/Dialog.js';
import { ExportFormat } from '../../../src-main/api/exports.js';
import { EXPORT_DEFAULTS, type ExportDefaults } from '../../../src-main/api/settings.js';
import { useErrorText } from '../../i18n/errorText.js';
import { MODELS_CHANGED } from '../workspace/samChoice.js';
import { ModelLabelMap } from './ModelLabelMap.js';

const MODIFIER_KEYS = new Set(['Control', 'Shift', 'Alt', 'Meta', 'AltGraph', 'CapsLock']);

interface Props {
  /** The action table without any preset or remap (actions.ts). */
  table: readonly Action[];
  preferences: Preferences;
  onPreferences: (p: Partial<Preferences>) => void;
  language: LanguageCode;
  onLanguage: (code: LanguageCode) => void;
  hasDataset: boolean;
  onClose: () => void;
  onError: (e: unknown) => void;
}

/** Annotator name, language, theme and keys; every change is kept at once (no Save button to forget). */
export function SettingsDialog({ table, preferences, onPreferences, language, onLanguage, hasDataset, onClose, onError }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('settings.title')} onClose={onClose} className="settings-dialog">
      <Annotator hasDataset={hasDataset} onError={onError} />
      <section className="settings-row">
        <label>
          {t('settings.language')}{' '}
          <select value={language} onChange={(e) => onLanguage(e.target.value as LanguageCode)}>
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('settings.theme')}{' '}
          <select value={preferences.theme} onChange={(e) => onPreferences({ theme: e.target.value as Preferences['theme'] })}>
            <option value="dark">{t('settings.themes.dark')}</option>
            <option value="light">{t('settings.themes.light')}</option>
          </select>
        </label>
      </section>
      <section className="settings-row">
        <label>
          <input type="checkbox" checked={preferences.showPatientData === true} onChange={(e) => onPreferences({ showPatientData: e.target.checked })} data-testid="settings-patient-data" />{' '}
          {t('settings.showPatientData')}
        </label>
        <span className="hint">{t('settings.showPatientDataHint')}</span>
      </section>
      <ExportDefaultsSection value={preferences.exportDefaults ?? EXPORT_DEFAULTS} onChange={(exportDefaults) => onPreferences({ exportDefaults })} />
      <ModelsSection hasDataset={hasDataset} onError={onError} />
      <KeysSection table={table} keymap={preferences.keymap} onKeymap={(keymap) => onPreferences({ keymap })} />
    </Dialog>
  );
}

/** What the export dialog starts with: format, size, image format, metadata, names, redaction. Kept at once, like the rest. */
function ExportDefaultsSection({ value, onChange }: { value: ExportDefaults; onChange: (v: ExportDefaults) => void }) {
  const { t } = useTranslation();
  const set = <K extends keyof ExportDefaults>(key: K, v: ExportDefaults[K]) => onChange({ ...value, [key]: v });
  const size = (v: string) => Math.max(1, Math.min(16384, Math.round(Number(v)) || 1));
  return (
    <section className="settings-row export-defaults" data-testid="settings-export">
      <h3>{t('settings.exportDefaults')}</h3>
      <label>
        {t('export.format')}{' '}
        <select value={value.format} onChange={(e) => set('format', e.target.value as ExportDefaults['format'])} data-testid="settings-export-format">
          {ExportFormat.options.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={value.resize} onChange={(e) => set('resize', e.target.checked)} /> {t('export.size')}
      </label>
      {value.resize && (
        <>
          <label>
            {t('export.width')} <input type="number" min={1} max={16384} value={value.width} onChange={(e) => set('width', size(e.target.value))} data-testid="settings-export-width" />
          </label>
          <label>
            {t('export.height')} <input type="number" min={1} max={16384} value={value.height} onChange={(e) => set('height', size(e.target.value))} />
          </label>
          <label>
            {t('export.fit')}{' '}
            <select value={value.fit} onChange={(e) => set('fit', e.target.value as ExportDefaults['fit'])}>
              <option value="cover">{t('export.fitCover')}</option>
              <option value="contain">{t('export.fitContain')}</option>
              <option value="fill">{t('export.fitFill')}</option>
            </select>
          </label>
        </>
      )}
      <label>
        {t('export.imageFormat')}{' '}
        <select value={value.imageFormat} onChange={(e) => set('imageFormat', e.target.value as ExportDefaults['imageFormat'])}>
          <option value="keep">{t('export.keep')}</option>
          <option value="jpeg">JPEG</option>
          <option value="png">PNG</option>
        </select>
      </label>
      <label>
        {t('deid.export.redact')}{' '}
        <select value={value.redact} onChange={(e) => set('redact', e.target.value as ExportDefaults['redact'])}>
          <option value="fill">{t('deid.export.redactFill')}</option>
          <option value="blur">{t('deid.export.redactBlur')}</option>
        </select>
      </label>
      <label>
        <input type="checkbox" checked={value.stripMetadata} onChange={(e) => set('stripMetadata', e.target.checked)} /> {t('export.strip')}
      </label>
      <label>
        <input type="checkbox" checked={value.anonymousNames} onChange={(e) => set('anonymousNames', e.target.checked)} data-testid="settings-export-anonymous" /> {t('export.anonymousNames')}
      </label>
    </section>
  );
}

function Annotator({ hasDataset, onError }: { hasDataset: boolean; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (!hasDataset) return;
    api.call('settings.get', { key: 'annotator' }).then((r) => setName(typeof r.value === 'string' ? r.value : ''), onError);
  }, [api, hasDataset, onError]);
  if (!hasDataset) return <p className="hint">{t('settings.annotatorNoDataset')}</p>;
  const save = () => {
    if (name === null || !dirty) return;
    const value = name.trim();
    setDirty(false);
    api.call('settings.set', { key: 'annotator', value: value === '' ? null : value }).then(() => setSaved(true), onError);
  };
  return (
    <section className="settings-row">
      <label>
        {t('settings.annotator')}{' '}
        <input
          value={name ?? ''}
          maxLength={100}
          placeholder={t('settings.annotatorPlaceholder')}
          onChange={(e) => {
            setName(e.target.value);
            setDirty(true);
            setSaved(false);
          }}
          onBlur={save}
          onKeyDown={(e) => e.key === 'Enter' && save()}
          aria-describedby="annotator-hint"
        />
      </label>
      {saved && <span className="hint">{t('settings.saved')}</span>}
      <p className="hint" id="annotator-hint">
        {t('settings.annotatorHint')}
      </p>
    </section>
  );
}

function KeysSection({ table, keymap, onKeymap }: { table: readonly Action[]; keymap: KeymapConfig; onKeymap: (k: KeymapConfig) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [capturing, setCapturing] = useState<string | null>(null);
  const [clash, setClash] = useState<string | null>(null);
  const bound = useMemo(() => bindKeymap(table, keymap), [table, keymap]);

  // While waiting for a key, the key goes here and nowhere else (not to the app's keymap).
  useEffect(() => {
    if (!capturing) return;
    const onKey = (e: KeyboardEvent) => {
      if (MODIFIER_KEYS.has(e.key)) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      const combo = comboOf(e);
      if (combo === 'escape') {
        setCapturing(null);
        return;
      }
      const r = remap(table, keymap, capturing, [combo]);
      if (r.ok) {
        onKeymap(r.config);
        setClash(null);
      } else {
        setClash(t('settings.clash', { key: displayCombo(combo), action: t(r.clash.label, r.clash.labelArgs ?? {}) }));
      }
      setCapturing(null);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [capturing, keymap, onKeymap, t, table]);

  const q = query.trim().toLowerCase();
  const shown = bound.filter((a) => {
    if (!q) return true;
    const label = t(a.label, a.labelArgs ?? {}).toLowerCase();
    return label.includes(q) || a.id.toLowerCase().includes(q) || a.keys.some((k) => displayCombo(k).toLowerCase().includes(q));
  });
  const remapped = (id: string) => Object.prototype.hasOwnProperty.call(keymap.overrides, id);

  return (
    <section className="settings-keys">
      <h3>{t('settings.keymap')}</h3>
      <div className="row">
        <label>
          {t('settings.preset')}{' '}
          <select value={keymap.preset} onChange={(e) => onKeymap({ preset: e.target.value as PresetId, overrides: keymap.overrides })}>
            {PRESET_IDS.map((p) => (
              <option key={p} value={p}>
                {t(`settings.presets.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <button type="button" disabled={Object.keys(keymap.overrides).length === 0} onClick={() => onKeymap({ preset: keymap.preset, overrides: {} })}>
          {t('settings.resetAll')}
        </button>
      </div>
      <input type="search" placeholder={t('settings.search')} aria-label={t('settings.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
      {clash && (
        <p className="settings-clash" role="alert">
          {clash}
        </p>
      )}
      <table className="settings-key-table">
        <tbody>
          {shown.map((a) => (
            <tr key={a.id} data-action={a.id}>
              <td>
                {t(a.label, a.labelArgs ?? {})}
                {remapped(a.id) && <span className="hint"> · {t('settings.remapped')}</span>}
              </td>
              <td>{capturing === a.id ? <em>{t('settings.press')}</em> : a.keys.length > 0 ? a.keys.map((k) => <kbd key={k}>{displayCombo(k)}</kbd>) : <span className="hint">{t('settings.none')}</span>}</td>
              <td className="row end">
                <button type="button" onClick={() => setCapturing(a.id)} disabled={capturing !== null}>
                  {t('settings.change')}
                </button>
                {remapped(a.id) && (
                  <button type="button" onClick={() => onKeymap(resetKey(keymap, a.id))}>
                    {t('settings.reset')}
                  </button>
                )}
              </td>
            </tr>
          ))}
          {(!q || t('settings.windowLevel').toLowerCase().includes(q)) && (
            <tr>
              <td>{t('settings.windowLevel')}</td>
              <td>
                <span className="hint">{t('settings.rightDrag')}</span>
              </td>
              <td />
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

/** The user's models (classifiers, detectors, SAM pairs): referenced by path and hash, never copied into a dataset. */
function ModelsSection({ hasDataset, onError }: { hasDataset: boolean; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const api = useApi();
  const [models, setModels] = useState<RegisteredModel[]>([]);
  const [file, setFile] = useState('');
  const [decoder, setDecoder] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  /** The model whose labels are shown for mapping onto the open dataset's classes. */
  const [mapping, setMapping] = useState<string | null>(null);
  const load = useCallback(
    () =>
      void api.call('models.list', {}).then((list) => {
        setModels(list);
        // The SAM tool's model list follows the registry.
        window.dispatchEvent(new Event(MODELS_CHANGED));
      }, onError),
    [api, onError],
  );
  useEffect(load, [load]);
  const add = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const d = decoder.trim();
      await api.call('models.add', { path: file.trim(), ...(d ? { kind: 'sam' as const, decoderPath: d } : {}) });
      setFile('');
      setDecoder('');
      load();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="settings-models">
      <h3>{t('settings.models')}</h3>
      <p className="hint">{t('settings.modelsHint')}</p>
      {models.length === 0 ? (
        <p className="hint">{t('settings.noModels')}</p>
      ) : (
        <table className="settings-key-table">
          <tbody>
            {models.map((m) => (
              <tr key={m.id} data-model={m.name}>
                <td>
                  <strong>{m.name}</strong> <span className="hint">{t(`settings.modelKinds.${m.kind}`)}</span>
                  {m.missing && <span className="hint"> · {t('settings.modelMissing')}</span>}
                </td>
                <td>
                  <code title={m.path}>{m.path}</code>
                  <br />
                  <span className="hint" title={`sha256 ${m.sha256 ?? m.id}`}>sha256 {(m.sha256 ?? m.id).slice(0, 12)}…</span>
                </td>
                <td className="row end">
                  {m.kind !== 'sam' && !m.missing && (
                    <button type="button" disabled={!hasDataset} title={hasDataset ? t('modelMap.openHint') : t('modelMap.noDataset')} aria-expanded={mapping === m.id} onClick={() => setMapping(mapping === m.id ? null : m.id)}>
                      {t('modelMap.open')}
                    </button>
                  )}
                  <button type="button" onClick={() => void api.call('models.remove', { id: m.id }).then(load, onError)}>
                    {t('settings.removeModel')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasDataset && models.find((m) => m.id === mapping) && <ModelLabelMap key={mapping} model={models.find((m) => m.id === mapping)!} onError={onError} />}
      <div className="row">
        <input aria-label={t('settings.modelPath')} placeholder={t('settings.modelPath')} value={file} onChange={(e) => setFile(e.target.value)} />
        <input aria-label={t('settings.decoderPath')} placeholder={t('settings.decoderPath')} value={decoder} onChange={(e) => setDecoder(e.target.value)} />
        <button type="button" disabled={busy || file.trim() === ''} onClick={() => void add()}>
          {t('settings.addModel')}
        </button>
      </div>
      {problem && (
        <p className="settings-clash" role="alert">
          {errorText(problem)}
        </p>
      )}
    </section>
  );
}
