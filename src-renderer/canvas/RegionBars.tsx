import { useTranslation } from 'react-i18next';
import { type Editor, TOOL_IDS, type ToolId } from '../editor/Editor.js';
import { isDefaultWindowLevel } from '../editor/windowLevel.js';
import { actions, toolKeys } from '../keymap/actions.js';
import { displayCombo } from '../keymap/keys.js';
import type { ValuesState } from './useImageValues.js';
import { WindowControls, WindowReset } from './WindowControls.js';
import { useErrorText } from '../i18n/errorText.js';
import { useTransient } from '../features/workspace/useTransient.js';

/** How the keymap table binds a key (the first of its combos), for a button. */
const keyOf = (combos: string[]) => (combos[0] ? displayCombo(combos[0]) : '');
const regionKey = (id: string) => keyOf(actions.find((a) => a.id === id)?.keys ?? []);

/** The tool bar's groups, in order; a tool in none of them goes at the end of the last. */
const GROUPS: readonly { id: 'draw' | 'assist' | 'measure'; tools: readonly ToolId[] }[] = [
  { id: 'draw', tools: ['select', 'box', 'polygon', 'brush', 'eraser', 'point'] },
  { id: 'assist', tools: ['wand', 'grabcut', 'threshold', 'sam'] },
  { id: 'measure', tools: ['ruler'] },
];

function groupedTools(): { id: (typeof GROUPS)[number]['id']; tools: ToolId[] }[] {
  const placed = new Set(GROUPS.flatMap((g) => g.tools));
  const groups = GROUPS.map((g) => ({ id: g.id, tools: g.tools.filter((t) => TOOL_IDS.includes(t)) }));
  groups[groups.length - 1]!.tools.push(...TOOL_IDS.filter((t) => !placed.has(t)));
  return groups;
}

/**
 * The tool buttons over the stage, in groups (draw, assists, measure), one row at 1280 px: each
 * button shows its name, and its key from the keymap table is in its tooltip (and the cheat sheet).
 * A narrower window scrolls the row sideways rather than wrapping it: a taller bar would shrink the
 * stage and refit the image.
 */
export function RegionToolbar({ editor, onExit }: { editor: Editor; onExit: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="region-toolbar" role="toolbar" aria-label={t('region.tools')}>
      {groupedTools().map((g) => (
        <div key={g.id} className="tool-group" role="group" aria-label={t(`toolbar.${g.id}`)}>
          {g.tools.map((id) => {
            const key = keyOf(toolKeys(actions, id));
            const name = t([`region.tool.${id}`, `medical.tool.${id}`]);
            return (
              <button
                key={id}
                type="button"
                className={editor.toolId === id ? 'on' : ''}
                aria-pressed={editor.toolId === id}
                aria-keyshortcuts={key || undefined}
                title={key ? t('toolbar.tool', { name, key }) : name}
                onClick={() => editor.perform({ tool: id })}
              >
                {name}
              </button>
            );
          })}
        </div>
      ))}
      <button type="button" className="exit" onClick={onExit} title={t('region.exitHint')}>
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
export function RegionStatusBar({ editor, imageId, pending, error, values }: { editor: Editor; imageId: number; pending: number; error: string | null; values: ValuesState }) {
  const { t } = useTranslation();
  // A notice ("Undone: box") goes after a few seconds and at once on another image; an error stays.
  const notice = useTransient(editor.notice, imageId);
  const errorText = useErrorText();
  const describe = useDescribe();
  const cls = editor.classById(editor.activeClassId);
  const brush = editor.toolId === 'brush' || editor.toolId === 'eraser';
  return (
    <div className="region-status" data-testid="region-status">
      <span data-testid="region-tool">{t([`region.tool.${editor.toolId}`, `medical.tool.${editor.toolId}`])}</span>
      <span>
        {cls ? <span className="swatch" style={{ background: cls.color }} /> : null} {cls?.name ?? t('region.noClass')}
      </span>
      {brush && <BrushSize editor={editor} />}
      <WindowControls editor={editor} values={values} />
      <WindowReset editor={editor} />
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
      <button type="button" aria-pressed={editor.hidden} onClick={() => editor.perform('toggleHidden')}>
        {editor.hidden ? t('region.show') : t('region.hide')} <kbd>{regionKey('region.toggleHidden')}</kbd>
      </button>
      <span data-testid="region-save" className={pending > 0 ? 'saving' : 'saved'}>
        {pending > 0 ? t('workspace.saving') : t('workspace.saved')}
      </span>
      {(error || notice) && (
        <span className={error ? 'error' : 'muted'} data-testid="region-notice">
          {error ? errorText(error) : t(notice!.key, describe(notice!.values))}
        </span>
      )}
    </div>
  );
}

/**
 * The brush's diameter in image pixels and as it is on screen (a 25 px brush on a large image at
 * 13 % is 3 screen pixels), and the switch that keeps its size on screen while zooming.
 */
function BrushSize({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const px = editor.brushRadius * 2;
  const screen = px * editor.viewScale;
  const round = (n: number) => (n >= 10 ? Math.round(n) : Math.round(n * 10) / 10);
  return (
    <span className="brush-size">
      <span data-testid="brush-size">{t('region.brushSize', { px: round(px), screen: round(screen) })}</span>
      <label title={t('region.brushOnScreenHint')}>
        <input type="checkbox" checked={editor.brushOnScreen} data-testid="brush-on-screen" onChange={(e) => editor.setBrushOnScreen(e.target.checked)} />
        {t('region.brushOnScreen')}
      </label>
    </span>
  );
}
