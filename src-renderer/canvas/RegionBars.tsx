import { useTranslation } from 'react-i18next';
import type { Editor, ToolId } from '../editor/Editor.js';
import { formatWindowLevel, isDefaultWindowLevel, windowLevelPresets } from '../editor/windowLevel.js';

const TOOLS: { id: ToolId; key: string }[] = [
  { id: 'select', key: 'V' },
  { id: 'box', key: 'B' },
  { id: 'polygon', key: 'P' },
  { id: 'brush', key: 'M' },
  { id: 'eraser', key: 'E' },
  { id: 'point', key: 'K' },
];

/** The tool buttons over the stage (each also has its key). */
export function RegionToolbar({ editor, onExit }: { editor: Editor; onExit: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="region-toolbar" role="toolbar" aria-label={t('region.tools')}>
      {TOOLS.map((tool) => (
        <button
          key={tool.id}
          type="button"
          className={editor.toolId === tool.id ? 'on' : ''}
          aria-pressed={editor.toolId === tool.id}
          title={`${t(`region.tool.${tool.id}`)} (${tool.key})`}
          onClick={() => editor.setTool(tool.id)}
        >
          {t(`region.tool.${tool.id}`)} <kbd>{tool.key}</kbd>
        </button>
      ))}
      <button type="button" onClick={onExit} title={t('region.exitHint')}>
        {t('region.exit')}
      </button>
    </div>
  );
}

/** Notice values, with a history kind ("annotations.update") put in words. */
function useDescribe(): (v: Record<string, string | number> | undefined) => Record<string, string | number> {
  const { t } = useTranslation();
  return (v) => {
    if (!v || typeof v.what !== 'string') return v ?? {};
    const what = v.what;
    // i18next reads dots as nesting: look the kind up in the flat table by hand.
    const table = t('region.commands', { returnObjects: true }) as Record<string, string>;
    return { ...v, what: table[what] ?? t([`commands.${what.split('.').pop()}`, 'region.commands.other']) };
  };
}

/** The status bar under the stage: tool, class, brush, window/level, mask opacity, visibility, saving. */
export function RegionStatusBar({ editor, pending, error }: { editor: Editor; pending: number; error: string | null }) {
  const { t } = useTranslation();
  const describe = useDescribe();
  const cls = editor.classById(editor.activeClassId);
  const wl = editor.windowLevel;
  const presets = windowLevelPresets(editor.valueRange);
  const brush = editor.toolId === 'brush' || editor.toolId === 'eraser';
  return (
    <div className="region-status" data-testid="region-status">
      <span data-testid="region-tool">{t(`region.tool.${editor.toolId}`)}</span>
      <span>
        {cls ? <span className="swatch" style={{ background: cls.color }} /> : null} {cls?.name ?? t('region.noClass')}
      </span>
      {brush && <span>{t('region.brushSize', { px: editor.brushRadius * 2 })}</span>}
      <span data-testid="wl-status" title={t('region.wlHint')}>
        {formatWindowLevel(wl)}
      </span>
      <select
        aria-label={t('region.wlPreset')}
        value={presets.find((p) => p.center === wl.center && p.width === wl.width)?.id ?? ''}
        onChange={(e) => {
          const p = presets.find((x) => x.id === e.target.value);
          if (p) editor.setWindowLevel(p);
        }}
      >
        <option value="">{t('region.wlCustom')}</option>
        {presets.map((p) => (
          <option key={p.id} value={p.id}>
            {t(p.label)}
          </option>
        ))}
      </select>
      <button type="button" disabled={isDefaultWindowLevel(wl, editor.valueRange)} onClick={() => editor.keyDown('r')}>
        {t('region.wlReset')} <kbd>R</kbd>
      </button>
      <label className="opacity">
        {t('region.maskOpacity')}
        <input
          type="range"
          min={0}
          max={100}
          value={Math.round(editor.maskOpacity * 100)}
          data-testid="mask-opacity"
          onChange={(e) => {
            editor.maskOpacity = Number(e.target.value) / 100;
            editor.changed();
          }}
        />
      </label>
      <button type="button" aria-pressed={editor.hidden} onClick={() => editor.keyDown('h')}>
        {editor.hidden ? t('region.show') : t('region.hide')} <kbd>H</kbd>
      </button>
      <span data-testid="region-save" className={pending > 0 ? 'saving' : 'saved'}>
        {pending > 0 ? t('workspace.saving') : t('workspace.saved')}
      </span>
      {(error || editor.notice) && (
        <span className={error ? 'error' : 'muted'} data-testid="region-notice">
          {error ?? t(editor.notice!.key, describe(editor.notice!.values))}
        </span>
      )}
    </div>
  );
}
