import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ClassRow, ImageRow } from '../../src-main/api/index.js';
import { Editor, type ToolId } from '../editor/Editor.js';
import { regionActions } from '../editor/regionKeymap.js';
import { shapeFromRegion } from '../editor/regions.js';
import { isDefaultWindowLevel, windowLevelTransfer } from '../editor/windowLevel.js';
import { browserCanShow } from '../bridge/Bridge.js';
import { useApi } from '../features/shell/ApiContext.js';
import type { ImageViewHandle } from '../features/workspace/ImageView.js';
import { comboOf } from '../keymap/keys.js';
import { type View, drawOverlay } from './drawOverlay.js';
import { type DecodedImage, ImageSource } from './imageSource.js';
import { StrokeCanvas } from './maskPaint.js';
import { RegionStatusBar, RegionToolbar } from './RegionBars.js';
import { RegionSync } from './regionSync.js';
import './regionLayer.css';

interface Props {
  image: ImageRow & { width: number; height: number };
  classes: ClassRow[];
  initialTool: ToolId | null;
  onExit: () => void;
  /** Told the zoom (screen pixels per image pixel) as it changes, for the workspace status line. */
  onZoomChange?: (scale: number) => void;
}

const UNDO = new Set(['mod+z']);
const REDO = new Set(['mod+shift+z', 'mod+y']);

/** Keys typed into a field, or while a dialog is open, are not the region tools'. */
export function notForRegions(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)) return true;
  return document.querySelector('[role="dialog"]') !== null;
}

/**
 * The workspace's region mode: the image and its regions on two canvases (the image under the
 * window/level filter, the regions above), mouse and keys going to the editor core, every edit
 * saved through the contract, Ctrl+Z through the one history.
 */
export const RegionLayer = forwardRef<ImageViewHandle, Props>(function RegionLayer({ image, classes, initialTool, onExit, onZoomChange }, ref) {
  const api = useApi();
  const editor = useMemo(() => new Editor({ width: image.width, height: image.height }), []);
  const version = useSyncExternalStore(
    (l) => editor.subscribe(l),
    () => editor.version,
  );
  const stage = useRef<HTMLDivElement>(null);
  const imageCanvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const [view, setView] = useState<View & { fitted: boolean }>({ scale: 1, x: 0, y: 0, fitted: true });
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [decoded, setDecoded] = useState<DecodedImage | null>(null);
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const sync = useRef<RegionSync | null>(null);
  const source = useRef<ImageSource | null>(null);
  const stroke = useRef(new StrokeCanvas());
  const strokeSeen = useRef<object | null>(null);
  const pan = useRef<{ x: number; y: number; vx: number; vy: number } | null>(null);
  const space = useRef(false);

  useEffect(() => {
    if (initialTool) editor.setTool(initialTool);
  }, [editor, initialTool]);

  useEffect(() => {
    editor.setClasses(classes.filter((c) => !c.archived).map((c) => ({ id: c.id, name: c.name, color: c.color, hotkey: c.hotkey })));
  }, [editor, classes]);

  // Edits made on this image since it was shown; a region list read before an edit must not replace it.
  const edits = useRef(0);
  const reload = useCallback(async () => {
    for (;;) {
      const seen = edits.current;
      await sync.current?.idle();
      const list = await api.call('annotations.list', { imageId: image.id });
      // A shape drawn while the list was on its way would vanish from the screen (though saved):
      // read again once that edit is on disk.
      if (edits.current !== seen) continue;
      editor.load(list.width, list.height, list.regions.map(shapeFromRegion));
      return;
    }
  }, [api, editor, image.id]);

  // A new image: its regions, its pixels, and a sync for its edits.
  useEffect(() => {
    let live = true;
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
    reload().catch(fail);
    const src = new ImageSource(api.fileUrl(image.path), image.width, image.height, api.previewUrl(image.id), browserCanShow(image.format, image.medical));
    source.current = src;
    setDecoded(null);
    src.first().then((d) => live && setDecoded(d), fail);
    return () => {
      live = false;
      off();
      src.close();
    };
  }, [api, editor, image.id, image.path, image.width, image.height, image.format, reload]);

  const fit = useCallback(() => {
    const el = stage.current;
    if (!el) return;
    const s = Math.min(el.clientWidth / image.width, el.clientHeight / image.height) || 1;
    setView({ scale: s, x: (el.clientWidth - image.width * s) / 2, y: (el.clientHeight - image.height * s) / 2, fitted: true });
  }, [image.width, image.height]);

  const zoomAt = useCallback((factor: number, cx?: number, cy?: number) => {
    const el = stage.current;
    if (!el) return;
    setView((v) => {
      const scale = Math.min(64, Math.max(0.01, v.scale * factor));
      const px = cx ?? el.clientWidth / 2;
      const py = cy ?? el.clientHeight / 2;
      return { scale, x: px - ((px - v.x) * scale) / v.scale, y: py - ((py - v.y) * scale) / v.scale, fitted: false };
    });
  }, []);

  useImperativeHandle(ref, () => ({ zoom: (how) => (how === 'fit' ? fit() : how === 'in' ? zoomAt(1.25) : how === 'out' ? zoomAt(0.8) : zoomAt(1 / view.scale)) }), [fit, zoomAt, view.scale]);

  useEffect(() => {
    const el = stage.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    ro.observe(el);
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      ro.disconnect();
      el.removeEventListener('wheel', onWheel);
    };
  }, [zoomAt]);
  useEffect(() => {
    if (view.fitted) fit();
  }, [fit, size.w, size.h, image.id]);
  useEffect(() => {
    editor.viewScale = view.scale;
    onZoomChange?.(view.scale);
    // Zoomed in past the preview's detail: decode the full resolution.
    const src = source.current;
    if (src && decoded && decoded.scale < 1 && view.scale > decoded.scale * 1.1) {
      void src.fullResolution().then((d) => source.current === src && setDecoded(d));
    }
  }, [editor, view.scale, decoded, onZoomChange]);

  // The image canvas: redrawn when the view or the pixels change.
  const dpr = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
  useEffect(() => {
    const c = imageCanvas.current;
    if (!c) return;
    c.width = Math.round(size.w * dpr);
    c.height = Math.round(size.h * dpr);
    const ctx = c.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, size.w, size.h);
    if (!decoded) return;
    ctx.imageSmoothingEnabled = view.scale < 2;
    ctx.drawImage(decoded.bitmap, view.x, view.y, image.width * view.scale, image.height * view.scale);
  }, [decoded, view, size, dpr, image.width, image.height]);

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
      drawOverlay(c.getContext('2d')!, editor, view, stroke.current, dpr);
    });
    return () => cancelAnimationFrame(frame);
  }, [editor, version, view, size, dpr]);

  const step = useCallback(
    async (dir: 'undo' | 'redo') => {
      editor.cancel();
      await sync.current?.idle();
      const r = await api.call(dir === 'undo' ? 'labels.undo' : 'labels.redo', {});
      if (r.imageIds.includes(image.id)) await reload();
      editor.setNotice(r.applied ? { key: `region.notice.${dir === 'undo' ? 'undone' : 'redone'}`, values: { what: r.kind ?? '' } } : { key: `region.notice.nothingTo.${dir}` });
    },
    [api, editor, image.id, reload],
  );

  // Region keys before the workspace's: a key the editor uses goes no further.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (notForRegions(e.target)) return;
      const combo = comboOf(e);
      if (combo === 'space') space.current = true;
      const undo = UNDO.has(combo);
      if (undo || REDO.has(combo)) {
        e.preventDefault();
        e.stopImmediatePropagation();
        step(undo ? 'undo' : 'redo').catch((err) => setError((err as Error).message));
        return;
      }
      if (e.repeat && /^[1-9]$/.test(combo)) return;
      const action = regionActions.find((a) => a.keys.includes(combo));
      if (action?.run(editor)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    const onUp = (e: KeyboardEvent) => {
      if (e.key === ' ') space.current = false;
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('keyup', onUp, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('keyup', onUp, true);
    };
  }, [editor, step]);

  const toImage = (e: React.PointerEvent): [number, number] => {
    const r = overlay.current!.getBoundingClientRect();
    return [(e.clientX - r.left - view.x) / view.scale, (e.clientY - r.top - view.y) / view.scale];
  };
  const mods = (e: React.PointerEvent) => ({ shift: e.shiftKey, alt: e.altKey, mod: e.ctrlKey || e.metaKey });

  // What is drawn, for tests and tools that read the page: [kind, class name] in drawing order.
  const shapes = JSON.stringify(editor.shapes.map((s) => [s.kind, editor.classById(s.classId)?.name ?? null]));
  const wl = windowLevelTransfer(editor.windowLevel);
  return (
    <div className="region-layer" data-testid="region-layer" data-tool={editor.path} data-shapes={shapes}>
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
        <canvas ref={imageCanvas} className="region-image" style={{ filter: isDefaultWindowLevel(editor.windowLevel) ? undefined : 'url(#lb-window-level)' }} />
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
            if (p) setView((v) => ({ ...v, x: p.vx + e.clientX - p.x, y: p.vy + e.clientY - p.y, fitted: false }));
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
      </div>
      <RegionStatusBar editor={editor} pending={pending} error={error} />
    </div>
  );
});
