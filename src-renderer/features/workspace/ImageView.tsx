import { type ReactNode, forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { ValueCanvas } from '../../canvas/drawValues.js';
import { ValuePlane } from '../../canvas/ValuePlane.js';
import type { Editor } from '../../editor/Editor.js';
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
  /**
   * A medical image's values, drawn through the editor's window instead of the picture: a
   * right-drag is window/level and the editor follows the pointer (the value under the cursor).
   */
  values?: { canvas: ValueCanvas; editor: Editor } | null;
}

const MIN = 0.02;
const MAX = 32;

/**
 * One image, large: fit by default, wheel zoom about the cursor, +/- keys, 1:1, pan by dragging.
 * `width`/`height` are the upright image's pixels (the browser applies EXIF orientation).
 */
export const ImageView = forwardRef<ImageViewHandle, Props>(function ImageView({ src, imageKey, width, height, onZoomChange, savedView, onViewChange, overlay, values }, ref) {
  const box = useRef<HTMLDivElement>(null);
  const stage = useStageView(box, { key: imageKey, width, height, min: MIN, max: MAX, saved: savedView, onChange: onViewChange });
  const { view, size } = stage;
  const drag = useRef<{ x: number; y: number; vx: number; vy: number } | null>(null);
  const leveling = useRef(false);
  /** Image pixels under a pointer event. */
  const at = (e: React.PointerEvent): [number, number] => {
    const r = box.current!.getBoundingClientRect();
    return [(e.clientX - r.left - view.x) / view.scale, (e.clientY - r.top - view.y) / view.scale];
  };

  useImperativeHandle(
    ref,
    () => ({ zoom: (how) => (how === 'fit' ? stage.fit() : how === 'in' ? stage.zoomAt(1.25) : how === 'out' ? stage.zoomAt(0.8) : stage.actual()) }),
    [stage],
  );

  const { current } = stage;
  useEffect(() => {
    if (current) onZoomChange?.(view.scale);
  }, [current, view.scale, onZoomChange]);
  // A right-drag's window/level step is per screen pixel.
  const editor = values?.editor;
  useEffect(() => {
    if (current && editor) editor.setViewScale(view.scale);
  }, [current, view.scale, editor]);

  return (
    <div
      className="image-view"
      ref={box}
      data-testid="image-view"
      onContextMenu={(e) => values && e.preventDefault()}
      onPointerDown={(e) => {
        if (values && e.button === 2) {
          (e.target as HTMLElement).setPointerCapture?.(e.pointerId);
          leveling.current = true;
          values.editor.pointerDown(...at(e), {}, 2);
          return;
        }
        if (e.button !== 0 && e.button !== 1) return;
        (e.target as HTMLElement).setPointerCapture?.(e.pointerId);
        drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (d) stage.panTo({ x: d.vx, y: d.vy }, e.clientX - d.x, e.clientY - d.y);
        if (!values) return;
        if (leveling.current) values.editor.pointerMove(...at(e), {}, 2);
        else values.editor.hover(...at(e));
      }}
      onPointerUp={(e) => {
        drag.current = null;
        if (values && leveling.current) values.editor.pointerUp(...at(e), {}, 2);
        leveling.current = false;
      }}
      onPointerCancel={(e) => {
        drag.current = null;
        if (values && leveling.current) values.editor.pointerUp(...at(e), {}, 2);
        leveling.current = false;
      }}
    >
      {values ? (
        <ValuePlane editor={values.editor} values={values.canvas} view={view} size={size} />
      ) : src && (
        <img
          src={src}
          alt=""
          draggable={false}
          style={{ width: width * view.scale, height: height * view.scale, transform: `translate(${view.x}px, ${view.y}px)` }}
        />
      )}
      {(src || values) && overlay?.(view)}
    </div>
  );
});
