import { useTranslation } from 'react-i18next';
import type { Editor } from '../editor/Editor.js';
import { MAX_TOLERANCE } from '../editor/tools/assist/AssistSession.js';
import type { CleanOp } from '../editor/tools/assist/assistPort.js';
import { cleanSelected, convertSelected } from '../editor/tools/assist/cleanup.js';
import { actions } from '../keymap/actions.js';
import { displayCombo } from '../keymap/keys.js';

const keyOf = (id: string) => {
  const k = actions.find((a) => a.id === id)?.keys[0];
  return k ? displayCombo(k) : '';
};

/**
 * The active assist's settings and state, over the stage (so the stage keeps its size): tolerance
 * and 4/8 for the wand, level and polarity for threshold, hints for GrabCut; "Working…" while a
 * request is out, and what went wrong in words.
 */
export function AssistBar({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const s = editor.assist;
  if (!s) return null;
  const fg = s.points.filter((p) => p.positive).length;
  return (
    <div className="assist-bar" data-testid="assist-bar" data-busy={s.busy ? '1' : '0'} data-area={s.mask ? countOnes(s.mask.bits) : 0} data-tolerance={s.tolerance}>
      <strong>{t(`region.tool.${s.method}`)}</strong>
      {s.method === 'wand' && (
        <>
          <label>
            {t('assist.toleranceLabel')}
            <input type="range" min={0} max={MAX_TOLERANCE} value={s.tolerance} aria-label={t('assist.toleranceLabel')} onChange={(e) => s.setTolerance(Number(e.target.value))} />
            <span data-testid="assist-tolerance">{s.tolerance}</span>
          </label>
          <label title={keyOf('region.assist.connectivity')}>
            {t('assist.connectivity')}
            <select value={s.connectivity} onChange={(e) => s.setConnectivity(Number(e.target.value) === 4 ? 4 : 8)}>
              <option value={8}>8</option>
              <option value={4}>4</option>
            </select>
          </label>
        </>
      )}
      {s.method === 'threshold' && (
        <>
          <label>
            {t('assist.level')}
            <input
              type="number"
              min={0}
              max={255}
              data-testid="assist-level"
              value={s.level ?? ''}
              placeholder={t('assist.levelOtsu')}
              onChange={(e) => s.setLevel(e.target.value === '' ? null : Number(e.target.value))}
            />
          </label>
          <label>
            {t('assist.polarity')}
            <select value={s.polarity} onChange={(e) => s.setPolarity(e.target.value as 'auto' | 'brighter' | 'darker')}>
              {(['auto', 'brighter', 'darker'] as const).map((p) => (
                <option key={p} value={p}>
                  {t(`assist.polarityValue.${p}`)}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {s.method === 'grabcut' && s.box && <span>{t('assist.hints', { fg, bg: s.points.length - fg })}</span>}
      {s.busy && (
        <span className="assist-busy" data-testid="assist-busy" role="status">
          <span className="spinner" aria-hidden="true" /> {t('assist.working')}
        </span>
      )}
      {!s.busy && s.problem && (
        <span className="error" data-testid="assist-problem" role="alert">
          {t(s.problem.key, s.problem.values ?? {})}
        </span>
      )}
      {!s.busy && !s.problem && (s.mask ? <span className="muted">{t('assist.keepHint')}</span> : !s.active && <span className="muted">{t(`assist.start.${s.method}`)}</span>)}
    </div>
  );
}

function countOnes(bits: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bits.length; i++) n += bits[i]!;
  return n;
}

/** Steps with the size they use (grow and shrink share one, shown once after both). */
const CLEAN_OPS: { op: CleanOp; size?: 'minArea' | 'radius' | 'px' }[] = [
  { op: 'fillHoles' },
  { op: 'removeIslands', size: 'minArea' },
  { op: 'smooth', size: 'radius' },
  { op: 'grow' },
  { op: 'shrink', size: 'px' },
];

/**
 * The clean-up menu of the selected mask (and the conversions). It stays one row over the stage of a
 * 1280 px window in every language: short labels, and what each step does and its key in its tooltip
 * (and aria-keyshortcuts), from the one key table.
 */
export function CleanupMenu({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const sel = editor.selectedShapes;
  if (!editor.isIdle() || sel.length === 0) return null;
  const mask = sel.length === 1 && sel[0]!.kind === 'mask';
  const polygons = sel.every((s) => s.kind === 'polygon');
  if (!mask && !polygons) return null;
  const size = (k: 'minArea' | 'radius' | 'px', tip: string) => (
    <>
      <input
        type="number"
        min={1}
        max={k === 'minArea' ? 1_000_000 : 256}
        value={editor.cleanup[k]}
        title={tip}
        aria-label={`${t(`assist.cleanup.${k === 'minArea' ? 'removeIslands' : k === 'radius' ? 'smooth' : 'grow'}`)} ${t('assist.cleanup.px')}`}
        onChange={(e) => {
          const n = Math.max(1, Math.round(Number(e.target.value) || 1));
          editor.cleanup = { ...editor.cleanup, [k]: n };
          editor.changed();
        }}
      />
      <span className="muted">{t('assist.cleanup.px')}</span>
    </>
  );
  const button = (action: string, label: string, tip: string, run: () => void) => {
    const combo = actions.find((a) => a.id === action)?.keys[0];
    const key = combo ? displayCombo(combo) : '';
    return (
      <button type="button" onClick={run} title={key ? t('cleanupBar.withKey', { what: tip, key }) : tip} aria-keyshortcuts={key ? key.replace(/\s/g, '') : undefined}>
        {label}
      </button>
    );
  };
  return (
    <div className="assist-bar cleanup-menu" data-testid="cleanup-menu" role="group" aria-label={t('assist.cleanup.title')}>
      <strong>{t('assist.cleanup.title')}</strong>
      {mask &&
        CLEAN_OPS.map(({ op, size: k }) => (
          <span key={op} className="cleanup-op">
            {button(`region.clean.${op}`, t(`assist.cleanup.${op}`), t(`cleanupBar.${op}`), () => void cleanSelected(editor, op))}
            {k && size(k, t(k === 'px' ? 'cleanupBar.growShrinkSize' : `cleanupBar.${op}`))}
          </span>
        ))}
      {mask && button('region.convert.polygon', t('assist.cleanup.toPolygons'), t('cleanupBar.toPolygons'), () => void convertSelected(editor, 'polygon'))}
      {polygons && button('region.convert.mask', t('assist.cleanup.toMask'), t('cleanupBar.toMask'), () => void convertSelected(editor, 'mask'))}
    </div>
  );
}
