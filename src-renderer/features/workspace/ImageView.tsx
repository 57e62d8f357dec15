import { type ReactNode, forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { type SavedView, useStageView } from './useStageView.js';

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
  /** The view region mode left for this image (kept across the switch), and where to report this one's. */
  savedView?: SavedView | null;
  onViewChange?: (v: SavedView) => void;
  /** Drawn over the image with its pan and zoom (model suggestions). */
  overlay?: (view: { x: number; y: number; scale: number }) => ReactNode;
}

const MIN = 0.02;
const MAX = 32;

/**
 * One image, large: fit by default, wheel zoom about the cursor, +/- keys, 1:1, pan by dragging.
 * `width`/`height` are the upright image's pixels (the browser applies EXIF orientation).
 */
export const ImageView = forwardRef<ImageViewHandle, Props>(function ImageView({ src, imageKey, width, height, onZoomChange, savedView, onViewChange, overlay }, ref) {
  const box = useRef<HTMLDivElement>(null);
  const stage = useStageView(box, { key: imageKey, width, height, min: MIN, max: MAX, saved: savedView, onChange: onViewChange });
  const { view } = stage;
  const drag = useRef<{ x: number; y: number; vx: number; vy: number } | null>(null);

  useImperativeHandle(
    ref,
    () => ({ zoom: (how) => (how === 'fit' ? stage.fit() : how === 'in' ? stage.zoomAt(1.25) : how === 'out' ? stage.zoomAt(0.8) : stage.actual()) }),
    [stage],
  );

  const { current } = stage;
  useEffect(() => {
    if (current) onZoomChange?.(view.scale);
  }, [current, view.scale, onZoomChange]);

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
        if (d) stage.panTo({ x: d.vx, y: d.vy }, e.clientX - d.x, e.clientY - d.y);
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
      {src && overlay?.(view)}
    </div>
  );
});
