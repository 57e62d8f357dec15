import { type RefObject, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassRow } from '../../../src-main/api/index.js';
import { displayUrl } from '../../bridge/Bridge.js';
import type { ClassifyController } from '../../editor/classify/ClassifyController.js';
import type { Editor } from '../../editor/Editor.js';
import { useApi, useClasses } from '../shell/ApiContext.js';
import { type RegionHandle, RegionLayer } from '../../canvas/RegionLayer.js';
import { useRegionMode } from '../../canvas/regionMode.js';
import { hasValues, loadValues } from '../../canvas/valuesCache.js';
import { useImageValues, useValueCanvas } from '../../canvas/useImageValues.js';
import { WindowStatus } from '../../canvas/WindowControls.js';
import { ClassCounts } from '../shell/ClassCounts.js';
import { AutoDoneToggle } from './AutoDoneToggle.js';
import { Filmstrip } from './Filmstrip.js';
import { useNeighbours } from './useNeighbours.js';
import { MedicalInfoLine } from './MedicalInfoLine.js';
import { ImageView, type ImageViewHandle } from './ImageView.js';
import { RegionList } from './RegionList.js';
import { RulerList } from './RulerList.js';
import { useTransient } from './useTransient.js';
import type { SavedView } from './useStageView.js';
import { actions, drawingToolKeys } from '../../keymap/actions.js';
import { decideSuggestions } from '../suggestions/decideSuggestions.js';
import { SuggestionBoxes } from '../suggestions/SuggestionBoxes.js';
import { SuggestionPanel } from '../suggestions/SuggestionPanel.js';
import { useSuggestions } from '../suggestions/useSuggestions.js';
import { suggestionFocus, usePickedSuggestion } from '../suggestions/suggestionFocus.js';
import { displayCombo } from '../../keymap/keys.js';
import { reasonText } from '../../i18n/reasons.js';
import { useErrorText } from '../../i18n/errorText.js';

/** The stage the workspace shows: the image view, or region mode's layer (which also undoes and pans). */
export type WorkspaceViewHandle = ImageViewHandle & Partial<RegionHandle>;

interface Props {
  controller: ClassifyController;
  viewRef: RefObject<WorkspaceViewHandle | null>;
  /** The region editor and whether region mode is on (the app's: the keymap drives both). */
  editor: Editor;
  region: { on: boolean; set: (on: boolean) => void };
  /** The user's setting: a DICOM image's patient name, id and birth date are shown (off by default). */
  showPatientData?: boolean;
}

/** One image large, its labels, the class keys, the filmstrip and the save status. */
export function WorkspaceScreen({ controller, viewRef, editor, region, showPatientData = false }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const api = useApi();
  const s = useSyncExternalStore(
    (l) => controller.subscribe(l),
    () => controller.state,
  );
  const { classes } = useClasses();
  // The zoom of the image on screen; 0 until it is fitted, so a new image starts from its preview.
  const [zoomOf, setZoomOf] = useState<{ id: number; scale: number }>({ id: 0, scale: 0 });
  // Zoom and pan of the image, kept when region mode is turned on or off.
  const savedView = useRef<SavedView | null>(null);
  const onViewChange = useCallback((v: SavedView) => (savedView.current = v), []);
  const [regionError, setRegionError] = useState<string | null>(null);

  // Decode the next images ahead of time so moving on shows them at once.
  const neighbours = useNeighbours(s);
  useEffect(() => controller.know(neighbours.rows), [controller, neighbours]);
  useEffect(() => {
    neighbours.rows.forEach((row, i) => {
      // A DICOM or 16-bit grey image is drawn from its values (prefetched below), never from its 8-bit preview.
      if (!row || row.error || neighbours.from + i <= s.index || hasValues(row)) return;
      const img = new Image();
      img.src = displayUrl(api, row, 0); // as shown when fitted: the preview of a large image
      void img.decode().catch(() => undefined);
    });
  }, [api, neighbours, s.index]);
  // The values of the next medical images too, so they are windowed in their real values at once.
  useEffect(() => {
    const ahead = neighbours.rows.filter((row, i): row is NonNullable<typeof row> => !!row && neighbours.from + i > s.index && neighbours.from + i <= s.index + 2 && hasValues(row));
    for (const row of ahead) void loadValues(api, row).catch(() => undefined);
  }, [api, neighbours, s.index]);

  const image = s.image;
  // A DICOM or 16-bit image is shown in its real values in both views (region mode and the plain one).
  const values = useImageValues(api, editor, image && !image.error && image.width && image.height ? image : null);
  const valueCanvas = useValueCanvas(values);
  const suggestions = useSuggestions(image && !image.error ? image.id : null);
  // Tab picks one of them for Y/X; the pick follows the list as it changes.
  useEffect(() => suggestionFocus.publish(suggestions), [suggestions]);
  const picked = usePickedSuggestion();
  const zoom = image && zoomOf.id === image.id ? zoomOf.scale : 0;
  const onZoomChange = useCallback((scale: number) => image && setZoomOf({ id: image.id, scale }), [image]);
  const byId = new Map(classes.map((c) => [c.id, c]));
  const tags = image ? image.tags.map((id) => byId.get(id)).filter((c): c is ClassRow => !!c) : [];
  const shown = useTransient(s.message, image?.id);
  const args = shown?.args?.what ? { ...shown.args, what: t([`commands.${String(shown.args.what)}`, 'commands.other']) } : (shown?.args ?? {});
  const message = shown ? t(shown.key, args) : '';

  return (
    <main className="workspace">
      <section className="stage">
        {s.ids.length === 0 ? (
          <p className="empty">{t('workspace.noImages')}</p>
        ) : image?.error ? (
          <div className="unreadable big">
            <span>⚠</span>
            <p>{t('workspace.unreadable', { reason: reasonText(t, image.error) })}</p>
            <code>{image.path}</code>
          </div>
        ) : region.on && image && image.width && image.height ? (
          <RegionLayer
            ref={viewRef as RefObject<RegionHandle | null>}
            editor={editor}
            image={{ ...image, width: image.width, height: image.height }}
            classes={classes}
            onExit={() => region.set(false)}
            onZoomChange={onZoomChange}
            savedView={savedView.current}
            onViewChange={onViewChange}
            values={values}
            valueCanvas={valueCanvas}
          />
        ) : (
          <ImageView
            ref={viewRef}
            imageKey={image?.id ?? 0}
            src={image ? displayUrl(api, image, zoom) : null}
            width={image?.width ?? 0}
            height={image?.height ?? 0}
            onZoomChange={onZoomChange}
            savedView={savedView.current}
            onViewChange={onViewChange}
            values={valueCanvas ? { canvas: valueCanvas, editor } : null}
            overlay={(view) => image?.width && image.height ? <SuggestionBoxes suggestions={suggestions} picked={picked} classes={classes} width={image.width} height={image.height} view={view} /> : null}
          />
        )}
        <div className="stage-labels" data-testid="current-labels">
          {tags.map((c) => (
            <span key={c.id} className="tag big" style={{ background: c.color }}>
              {c.name}
            </span>
          ))}
        </div>
      </section>
      <aside className="side">
        <div className="side-section">
          <div className="image-name" title={image?.path}>
            {image?.path}
          </div>
          <div className="muted">
            {t('workspace.position', { index: s.ids.length ? s.index + 1 : 0, total: s.ids.length })} · {image && t(`status.${image.status}`)}
            {image?.split && ` · ${t('workspace.splitOf', { split: t(`split.${image.split}`) })}`}
          </div>
          {image && <MedicalInfoLine image={image} showPatient={showPatientData} />}
        </div>
        <div className="side-section">
          <button type="button" className={region.on ? 'on' : ''} aria-pressed={region.on} title={t('region.modeHint', { keys: drawingToolKeys(actions, displayCombo) })} data-testid="region-mode" onClick={() => region.set(!region.on)}>
            {t('region.mode')}
          </button>
        </div>
        <SuggestionPanel suggestions={suggestions} picked={picked} onPick={(id) => suggestionFocus.pick(id)} classes={classes} onDecide={(op) => decideSuggestions(api, controller, op)} />
        {region.on && image?.width && (
          <div className="side-section region-list-section">
            <h3>{t('region.list.title')}</h3>
            <RegionList editor={editor} onError={setRegionError} spacing={image.medical?.pixelSpacing ?? null} />
            <h3>{t('medical.rulers')}</h3>
            <RulerList editor={editor} spacing={image.medical?.pixelSpacing ?? null} onError={setRegionError} />
            {regionError && <p className="error">{errorText(regionError)}</p>}
          </div>
        )}
        <div className="side-section">
          <div className="mode-switch" role="radiogroup" aria-label={t('workspace.mode')}>
            {(['single', 'multi'] as const).map((m) => (
              <button key={m} type="button" role="radio" aria-checked={s.mode === m} className={s.mode === m ? 'on' : ''} onClick={() => void controller.setMode(m)}>
                {t(`workspace.${m}`)}
              </button>
            ))}
          </div>
          {s.mode === 'single' && <AutoDoneToggle />}
          {classes.length === 0 && <p className="hint">{t('workspace.noClasses')}</p>}
          <ol className="class-keys" data-testid="class-keys">
            {classes.map((c) => (
              <li key={c.id}>
                <button type="button" className={image?.tags.includes(c.id) ? 'on' : ''} onClick={() => void controller.applyClass(c.id)}>
                  <kbd>{c.hotkey ?? ' '}</kbd>
                  <span className="swatch" style={{ background: c.color }} />
                  <span className="cname">{c.name}</span>
                  <ClassCounts name={c.name} images={c.images} regions={c.regions} compact />
                </button>
              </li>
            ))}
          </ol>
        </div>
        <Filmstrip controller={controller} index={s.index} neighbours={neighbours} />
        <footer className="status-line">
          <span data-testid="save-status" className={s.pending > 0 ? 'saving' : 'saved'}>
            {s.pending > 0 ? t('workspace.saving') : t('workspace.saved')}
          </span>
          <span data-testid="zoom-status">{t('workspace.zoom', { pct: Math.round(zoom * 100) })}</span>
          {!region.on && values.state !== 'none' && <WindowStatus editor={editor} values={values} />}
          <span className={shown?.error ? 'error' : 'muted'} data-testid="status-message">
            {message}
          </span>
        </footer>
      </aside>
    </main>
  );
}
