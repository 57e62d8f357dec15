import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState, useSyncExternalStore } from 'react';
import type { ClassRow, ImageRow, RegionList } from '../../src-main/api/index.js';
import type { Editor } from '../editor/Editor.js';
import { shapeFromRegion } from '../editor/regions.js';
import { isDefaultWindowLevel, windowLevelTransfer } from '../editor/windowLevel.js';
import { browserCanShow } from '../bridge/Bridge.js';
import { useApi } from '../features/shell/ApiContext.js';
import type { ImageViewHandle } from '../features/workspace/ImageView.js';
import { type SavedView, useStageView } from '../features/workspace/useStageView.js';
import { AssistBar, CleanupMenu } from './AssistBar.js';
import { contractAssistPort } from './contractAssistPort.js';
import { drawOverlay } from './drawOverlay.js';
import { type DecodedImage, ImageSource } from './imageSource.js';
import { StrokeCanvas } from './maskPaint.js';
import { RegionStatusBar, RegionToolbar } from './RegionBars.js';
import { RegionSync } from './regionSync.js';
import { SamPanel } from './SamPanel.js';
import type { ValueCanvas } from './drawValues.js';
import type { ValuesState } from './useImageValues.js';
import { useRulers } from './useRulers.js';
import { hasValues } from './valuesCache.js';
import './regionLayer.css';

interface Props {
  /** The region editor (the app's, so the keymap reaches it and it outlives a switch of mode). */
  editor: Editor;
  image: ImageRow & { width: number; height: number };
  classes: ClassRow[];
  onExit: () => void;
  /** Told the zoom (screen pixels per image pixel) as it changes, for the workspace status line. */
  onZoomChange?: (scale: number) => void;
  /** The view image mode left for this image (zoom and pan are kept across the switch), and where to report this one's. */
  savedView?: SavedView | null;
  onViewChange?: (v: SavedView) => void;
  /** The image's full-precision values (the workspace loads them for both of its views). */
  values: ValuesState;
  valueCanvas: ValueCanvas | null;
}

/** What the app reaches in region mode: zoom keys, undo/redo through the one history, Space held to pan. */
export interface RegionHandle extends ImageViewHandle {
  step(dir: 'undo' | 'redo'): Promise<void>;
  panHold(held: boolean): void;
  /** Copy the selected region to every image of the same size and folder (one undoable command). */
  applyToSimilar(): Promise<void>;
}

/**
 * The workspace's region mode: the image and its regions on two canvases (the image under the
 * window/level filter, the regions above), mouse and keys going to the editor core, every edit
 * saved through the contract, Ctrl+Z through the one history.
 */
export const RegionLayer = forwardRef<RegionHandle, Props>(function RegionLayer({ editor, image, classes, onExit, onZoomChange, savedView, onViewChange, values, valueCanvas }, ref) {
  const api = useApi();
  const version = useSyncExternalStore(
    (l) => editor.subscribe(l),
    () => editor.version,
  );
  const stage = useRef<HTMLDivElement>(null);
  const imageCanvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const stageView = useStageView(stage, { key: image.id, width: image.width, height: image.height, min: 0.01, max: 64, saved: savedView, onChange: onViewChange });
  const { view, size } = stageView;
  // The decoded picture, with the image it is of: when the image changes, the old one's bitmaps
  // are closed before its state is replaced, and drawing a closed bitmap throws.
  const [decodedOf, setDecodedOf] = useState<{ id: number; d: DecodedImage } | null>(null);
  const decoded = decodedOf && decodedOf.id === image.id ? decodedOf.d : null;
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const sync = useRef<RegionSync | null>(null);
  const source = useRef<ImageSource | null>(null);
  const stroke = useRef(new StrokeCanvas());
  const strokeSeen = useRef<object | null>(null);
  const pan = useRef<{ x: number; y: number; vx: number; vy: number } | null>(null);
  const space = useRef(false);
  const shownValues = values.state === 'ready' ? valueCanvas : null;
  const onRulerError = useCallback((e: unknown) => setError((e as Error)?.message ?? String(e)), []);
  const reloadRulers = useRulers(api, editor, image.id, onRulerError);

  useEffect(() => {
    editor.setClasses(classes.filter((c) => !c.archived).map((c) => ({ id: c.id, name: c.name, color: c.color, hotkey: c.hotkey, redact: c.redact })));
  }, [editor, classes]);

  // Edits made on this image since it was shown; a region list read before an edit must not replace it.
  const edits = useRef(0);
  const reload = useCallback(async (asked?: Promise<RegionList>) => {
    for (;;) {
      const seen = edits.current;
      await sync.current?.idle();
      const list = await (asked ?? api.call('annotations.list', { imageId: image.id }));
      asked = undefined;
      // A shape drawn while the list was on its way would vanish from the screen (though saved):
      // read again once that edit is on disk.
      if (edits.current !== seen) continue;
      editor.load(list.width, list.height, list.regions.map(shapeFromRegion));
      return;
    }
  }, [api, editor, image.id]);

  // A new image: its regions, its pixels, and a sync for its edits.
  useEffect(() => {
    // The region list is asked for first, before the other reads a new image starts (filmstrip,
    // rulers, suggestions), so it comes back with the image's values, not after them.
    const asked = api.call('annotations.list', { imageId: image.id });
    const fail = (e: unknown) => {
      setError((e as Error)?.message ?? String(e));
      void reload().catch(() => undefined);
    };
    const s = new RegionSync(api, editor, image.id, fail, setPending);
    sync.current = s;
    const off = editor.onCommand((cmd, how) => {
      edits.current++;
      setError(null);
      if (how === 'do') s.push(cmd);
    });
    editor.load(image.width, image.height, []);
    editor.assists = contractAssistPort(api, image.id);
    // An assist tool already picked: the new image is made ready before its first click.
    editor.assist?.prepare();
    reload(asked).catch(fail);
    // Decoded only when drawn (below); closed with the image, so no bitmap of it is drawn after.
    const src = new ImageSource(api.fileUrl(image.path), image.width, image.height, api.previewUrl(image.id), browserCanShow(image.format, image.medical));
    source.current = src;
    setDecodedOf(null);
    return () => {
      off();
      src.close();
      editor.assists = null;
    };
  }, [api, editor, image.id, image.path, image.width, image.height, image.format, reload]);

  // The 8-bit picture, only where it is what is drawn: a DICOM or 16-bit grey image is drawn from its
  // values, and decoding its preview as well would only take the main thread from the first frame.
  const wantPicture = !hasValues(image) || values.state === 'fallback';
  useEffect(() => {
    const src = source.current;
    if (!wantPicture || !src) return;
    let live = true;
    src.first().then(
      (d) => live && setDecodedOf({ id: image.id, d }),
      (e: unknown) => live && setError((e as Error)?.message ?? String(e)),
    );
    return () => {
      live = false;
    };
  }, [wantPicture, image.id, image.path, image.width, image.height, image.format]);

  useEffect(() => {
    if (!stageView.current) return;
    editor.setViewScale(view.scale);
    onZoomChange?.(view.scale);
    // Zoomed in past the preview's detail: decode the full resolution.
    const src = source.current;
    if (src && decoded && decoded.scale < 1 && view.scale > decoded.scale * 1.1) {
      void src.fullResolution().then((d) => source.current === src && setDecodedOf({ id: image.id, d }));
    }
  }, [editor, view.scale, decoded, onZoomChange, stageView.current, image.id]);

  // The image canvas: redrawn when the view or the pixels change.
  const dpr = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
  // Until the new image's pixels are here, the last frame stays (no blank frame on "next"); it is
  // never redrawn from the image before's bitmaps, which are closed. The window/level filter is set
  // with what is drawn, so a kept frame keeps its own.
  const pictureFilter = isDefaultWindowLevel(editor.windowLevel, editor.valueRange) ? '' : 'url(#lb-window-level)';
  useEffect(() => {
    const c = imageCanvas.current;
    if (!c) return;
    const w = Math.round(size.w * dpr);
    const h = Math.round(size.h * dpr);
    // Setting a canvas's size reallocates and clears it: only when the stage's size changed.
    const resized = c.width !== w || c.height !== h;
    if (resized) {
      c.width = w;
      c.height = h;
    }
    if (!shownValues && !decoded && !resized) return;
    const ctx = c.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, size.w, size.h);
    // A medical image's real values through the window, when they are here; else the picture (under the filter).
    c.style.filter = shownValues ? '' : pictureFilter;
    if (shownValues) return shownValues.draw(ctx, editor.windowLevel, view, dpr);
    if (!decoded) return;
    ctx.imageSmoothingEnabled = view.scale < 2;
    ctx.drawImage(decoded.bitmap, view.x, view.y, image.width * view.scale, image.height * view.scale);
  }, [decoded, view, size, dpr, image.width, image.height, shownValues, editor.windowLevel, pictureFilter]);

  // The overlay: redrawn on every editor change, at most once a frame.
  useEffect(() => {
    const c = overlay.current;
    if (!c) return;
    if (c.width !== Math.round(size.w * dpr) || c.height !== Math.round(size.h * dpr)) {
      c.width = Math.round(size.w * dpr);
      c.height = Math.round(size.h * dpr);
    }
    const frame = requestAnimationFrame(() => {
      const st = editor.stroke;
      const color = editor.classById(st?.classId ?? null)?.color ?? '#e0e0e0';
      if (st && strokeSeen.current !== st) {
        strokeSeen.current = st;
        stroke.current.reset(st.raster.data, st.raster.width, st.raster.height, color, st.area);
        st.dirty = null;
      } else if (st?.dirty) {
        stroke.current.update(st.raster.data, st.raster.width, st.dirty, color);
        st.dirty = null;
      }
      drawOverlay(c.getContext('2d')!, editor, view, stroke.current, dpr, image.medical?.pixelSpacing ?? null);
    });
    return () => cancelAnimationFrame(frame);
  }, [editor, version, view, size, dpr, image.medical?.pixelSpacing]);

  // The image on screen now: an undo answered after the user moved on says nothing on the next image.
  const shownImage = useRef(image.id);
  shownImage.current = image.id;
  const step = useCallback(
    async (dir: 'undo' | 'redo') => {
      editor.cancel();
      await sync.current?.idle();
      const r = await api.call(dir === 'undo' ? 'labels.undo' : 'labels.redo', {});
      if (r.imageIds.includes(image.id)) await Promise.all([reload(), reloadRulers()]);
      if (shownImage.current !== image.id) return;
      editor.setNotice(r.applied ? { key: `region.notice.${dir === 'undo' ? 'undone' : 'redone'}`, values: { what: r.kind ?? '' } } : { key: `region.notice.nothingTo.${dir}` });
    },
    [api, editor, image.id, reload, reloadRulers],
  );

  useImperativeHandle(
    ref,
    () => ({
      zoom: (how) => (how === 'fit' ? stageView.fit() : how === 'in' ? stageView.zoomAt(1.25) : how === 'out' ? stageView.zoomAt(0.8) : stageView.actual()),
      step: (dir) => step(dir).catch((err) => setError((err as Error).message)),
      panHold: (held) => (space.current = held),
      applyToSimilar: async () => {
        const shape = editor.selectedShapes[0];
        if (!shape) {
          editor.setNotice({ key: 'deid.notice.selectFirst' });
          return;
        }
        // A shape just drawn gets its store id when its save is done.
        await sync.current?.idle();
        const id = editor.selectedShapes[0]?.remoteId ?? shape.remoteId;
        if (id === undefined || id === null) return;
        try {
          const r = await api.call('annotations.applyToSimilar', { id });
          editor.setNotice({ key: 'deid.notice.applied', values: { count: r.created } });
        } catch (err) {
          setError((err as Error).message);
        }
      },
    }),
    [stageView, step],
  );

  // The wheel over a wand preview changes the tolerance instead of zooming (Ctrl+wheel still zooms).
  // A native listener on the overlay, so it runs before the stage's own zoom listener and can stop it.
  useEffect(() => {
    const c = overlay.current;
    if (!c) return;
    const onWheel = (e: WheelEvent) => {
      const a = editor.assist;
      if (!a || a.method !== 'wand' || !a.active || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      e.stopPropagation();
      a.setTolerance(a.tolerance + (e.deltaY < 0 ? 2 : -2));
    };
    c.addEventListener('wheel', onWheel, { passive: false });
    return () => c.removeEventListener('wheel', onWheel);
  }, [editor]);

  const toImage = (e: React.PointerEvent): [number, number] => {
    const r = overlay.current!.getBoundingClientRect();
    return [(e.clientX - r.left - view.x) / view.scale, (e.clientY - r.top - view.y) / view.scale];
  };
  const mods = (e: React.PointerEvent) => ({ shift: e.shiftKey, alt: e.altKey, mod: e.ctrlKey || e.metaKey });

  // What is drawn, for tests and tools that read the page: [kind, class name] in drawing order.
  const shapes = JSON.stringify(editor.shapes.map((s) => [s.kind, editor.classById(s.classId)?.name ?? null]));
  const wl = windowLevelTransfer(editor.windowLevel, editor.valueRange);
  return (
    <div
      className="region-layer"
      data-testid="region-layer"
      data-tool={editor.path}
      data-shapes={shapes}
      data-selected={editor.selectedIds.join(' ')}
      // Where image pixel (0, 0) is on the overlay and how large a pixel is: tests click image coordinates with it.
      data-view={`${view.scale} ${view.x} ${view.y}`}
    >
      <svg width="0" height="0" style={{ position: 'absolute' }} aria-hidden="true">
        <filter id="lb-window-level" colorInterpolationFilters="sRGB">
          <feComponentTransfer>
            <feFuncR type="linear" slope={wl.slope} intercept={wl.intercept} />
            <feFuncG type="linear" slope={wl.slope} intercept={wl.intercept} />
            <feFuncB type="linear" slope={wl.slope} intercept={wl.intercept} />
          </feComponentTransfer>
        </filter>
      </svg>
      <RegionToolbar editor={editor} onExit={onExit} />
      <div className="region-stage" ref={stage}>
        <AssistBar editor={editor} />
        <CleanupMenu editor={editor} />
        <canvas ref={imageCanvas} className="region-image" data-values={values.state} />
        <canvas
          ref={overlay}
          className={`region-overlay tool-${editor.toolId}`}
          data-testid="region-canvas"
          onContextMenu={(e) => e.preventDefault()}
          onPointerDown={(e) => {
            overlay.current!.setPointerCapture(e.pointerId);
            if (e.button === 1 || (e.button === 0 && space.current)) {
              pan.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
              return;
            }
            editor.pointerDown(...toImage(e), mods(e), e.button);
          }}
          onPointerMove={(e) => {
            const p = pan.current;
            if (p) stageView.panTo({ x: p.vx, y: p.vy }, e.clientX - p.x, e.clientY - p.y);
            else editor.pointerMove(...toImage(e), mods(e), e.button);
          }}
          onPointerUp={(e) => {
            if (pan.current) pan.current = null;
            else editor.pointerUp(...toImage(e), mods(e), e.button);
          }}
          onPointerCancel={() => {
            pan.current = null;
            editor.cancel();
          }}
        />
        {editor.toolId === 'sam' && <SamPanel editor={editor} imageId={image.id} />}
      </div>
      <RegionStatusBar editor={editor} imageId={image.id} pending={pending} error={error} values={values} />
    </div>
  );
});
