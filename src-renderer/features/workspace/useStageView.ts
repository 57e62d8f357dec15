import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';

/**
 * How an image sits in a stage: a screen pixel (sx, sy) shows image pixel ((sx - x) / scale,
 * (sy - y) / scale). `fitted`: the whole image fills the stage (and stays fitted on a resize).
 */
export interface StageView {
  scale: number;
  x: number;
  y: number;
  fitted: boolean;
}

/**
 * A view as the workspace keeps it between its two stages (image labels and region mode), which
 * differ in size: the zoom and the image point at the stage's centre, for one image.
 */
export interface SavedView {
  key: number | string;
  scale: number;
  /** Image pixels at the centre of the stage. */
  cx: number;
  cy: number;
  fitted: boolean;
}

interface Options {
  key: number | string;
  width: number;
  height: number;
  min: number;
  max: number;
  /** Where the other stage left this image: restored instead of fitting. */
  saved?: SavedView | null;
  onChange?: (v: SavedView) => void;
}

/**
 * Fit, wheel zoom about the cursor, zoom steps and 1:1 for one stage element. A new key starts
 * fitted, unless `saved` holds a zoomed view of that image (coming back from the other mode).
 */
export function useStageView(el: RefObject<HTMLElement | null>, { key, width, height, min, max, saved, onChange }: Options) {
  // Not fitted until the first effect below fits it or restores the saved view (either one sets the key).
  const [view, setView] = useState<StageView & { key: number | string | null }>({ scale: 1, x: 0, y: 0, fitted: false, key: null });
  const [size, setSize] = useState({ w: 0, h: 0 });
  const savedRef = useRef(saved);
  savedRef.current = saved;

  const fit = useCallback(() => {
    const e = el.current;
    if (!e || !width || !height) return;
    // Small images are enlarged to fill the stage too: labeling a 64 px crop at 64 px is guesswork.
    const s = Math.min(e.clientWidth / width, e.clientHeight / height) || 1;
    setView({ scale: s, x: (e.clientWidth - width * s) / 2, y: (e.clientHeight - height * s) / 2, fitted: true, key });
  }, [el, width, height, key]);

  const zoomAt = useCallback(
    (factor: number, cx?: number, cy?: number) => {
      const e = el.current;
      if (!e) return;
      setView((v) => {
        const scale = Math.min(max, Math.max(min, v.scale * factor));
        const px = cx ?? e.clientWidth / 2;
        const py = cy ?? e.clientHeight / 2;
        const k = scale / v.scale;
        return { ...v, scale, x: px - (px - v.x) * k, y: py - (py - v.y) * k, fitted: false };
      });
    },
    [el, min, max],
  );

  const actual = useCallback(() => {
    const e = el.current;
    if (e) setView((v) => ({ ...v, scale: 1, x: (e.clientWidth - width) / 2, y: (e.clientHeight - height) / 2, fitted: false }));
  }, [el, width, height]);

  /** Move by screen pixels from a view (a pan drag). */
  const panTo = useCallback((from: { x: number; y: number }, dx: number, dy: number) => setView((v) => ({ ...v, x: from.x + dx, y: from.y + dy, fitted: false })), []);

  // A new image: the view the other stage left for it, or fitted.
  useEffect(() => {
    const e = el.current;
    const s = savedRef.current;
    if (e && s && s.key === key && !s.fitted && e.clientWidth > 0) {
      setView({ scale: s.scale, x: e.clientWidth / 2 - s.cx * s.scale, y: e.clientHeight / 2 - s.cy * s.scale, fitted: false, key });
    } else fit();
  }, [key, fit, el]);

  useEffect(() => {
    const e = el.current;
    if (!e) return;
    const ro = new ResizeObserver(() => setSize({ w: e.clientWidth, h: e.clientHeight }));
    ro.observe(e);
    const onWheel = (ev: WheelEvent) => {
      ev.preventDefault();
      const r = e.getBoundingClientRect();
      zoomAt(Math.exp(-ev.deltaY * 0.0015), ev.clientX - r.left, ev.clientY - r.top);
    };
    e.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      ro.disconnect();
      e.removeEventListener('wheel', onWheel);
    };
  }, [el, zoomAt]);

  // Resizing the window keeps a fitted image fitted.
  const fitted = view.fitted;
  useEffect(() => {
    if (fitted) fit();
  }, [fit, fitted, size.w, size.h]);

  useEffect(() => {
    const e = el.current;
    if (!e || view.key !== key || !onChange) return;
    onChange({ key, scale: view.scale, cx: (e.clientWidth / 2 - view.x) / view.scale, cy: (e.clientHeight / 2 - view.y) / view.scale, fitted: view.fitted });
  }, [el, view, key, onChange]);

  return { view, size, fit, zoomAt, actual, panTo, current: view.key === key };
}
