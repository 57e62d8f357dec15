import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';

export interface ImageViewHandle {
  zoom(how: 'in' | 'out' | 'fit' | 'actual'): void;
}

interface Props {
  src: string | null;
  /** Which image this is: a new key starts fitted. A new `src` for the same key (the original
   *  replacing the preview when zoomed in) keeps the view. */
  imageKey: number | string;
  width: number;
  height: number;
  onZoomChange?: (scale: number) => void;
}

const MIN = 0.02;
const MAX = 32;

/**
 * One image, large: fit by default, wheel zoom about the cursor, +/- keys, 1:1, pan by dragging or
 * with Space held. `width`/`height` are the upright image's pixels (the browser applies EXIF orientation).
 */
export const ImageView = forwardRef<ImageViewHandle, Props>(function ImageView({ src, imageKey, width, height, onZoomChange }, ref) {
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ scale: 1, x: 0, y: 0, fitted: true, key: null as number | string | null });
  const drag = useRef<{ x: number; y: number; vx: number; vy: number } | null>(null);

  const fit = useCallback(() => {
    const el = box.current;
    if (!el || !width || !height) return;
    // Small images are enlarged to fill the stage too: labeling a 64 px crop at 64 px is guesswork.
    const s = Math.min(el.clientWidth / width, el.clientHeight / height) || 1;
    setView({ scale: s, x: (el.clientWidth - width * s) / 2, y: (el.clientHeight - height * s) / 2, fitted: true, key: imageKey });
  }, [width, height, imageKey]);

  const zoomAt = useCallback((factor: number, cx?: number, cy?: number) => {
    const el = box.current;
    if (!el) return;
    setView((v) => {
      const scale = Math.min(MAX, Math.max(MIN, v.scale * factor));
      const px = cx ?? el.clientWidth / 2;
      const py = cy ?? el.clientHeight / 2;
      const k = scale / v.scale;
      return { ...v, scale, x: px - (px - v.x) * k, y: py - (py - v.y) * k, fitted: false };
    });
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      zoom: (how) => {
        if (how === 'fit') fit();
        else if (how === 'in') zoomAt(1.25);
        else if (how === 'out') zoomAt(0.8);
        else {
          const el = box.current;
          if (el) setView((v) => ({ ...v, scale: 1, x: (el.clientWidth - width) / 2, y: (el.clientHeight - height) / 2, fitted: false }));
        }
      },
    }),
    [fit, zoomAt, width, height],
  );

  // A new image starts fitted; resizing the window keeps a fitted image fitted.
  useEffect(() => fit(), [imageKey, fit]);
  const fitted = view.fitted;
  useEffect(() => {
    const el = box.current;
    if (!el || !fitted) return;
    const ro = new ResizeObserver(() => fit());
    ro.observe(el);
    return () => ro.disconnect();
  }, [fit, fitted]);
  useEffect(() => {
    if (view.key === imageKey) onZoomChange?.(view.scale);
  }, [view.scale, view.key, imageKey, onZoomChange]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoomAt]);

  return (
    <div
      className="image-view"
      ref={box}
      data-testid="image-view"
      onPointerDown={(e) => {
        if (e.button !== 0 && e.button !== 1) return;
        (e.target as HTMLElement).setPointerCapture?.(e.pointerId);
        drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (d) setView((v) => ({ ...v, x: d.vx + e.clientX - d.x, y: d.vy + e.clientY - d.y, fitted: false }));
      }}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
    >
      {src && (
        <img
          src={src}
          alt=""
          draggable={false}
          style={{ width: width * view.scale, height: height * view.scale, transform: `translate(${view.x}px, ${view.y}px)` }}
        />
      )}
    </div>
  );
});
