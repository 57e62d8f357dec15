import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { Editor } from '../editor/Editor.js';
import type { ValueCanvas } from './drawValues.js';
import './valuePlane.css';

interface Props {
  editor: Editor;
  values: ValueCanvas;
  view: { x: number; y: number; scale: number };
  /** The stage's size in CSS pixels. */
  size: { w: number; h: number };
}

/**
 * A medical image's real values through the editor's window, on a canvas filling the plain image
 * view: the same drawing region mode does, so a CT is classified in HU. It listens to the editor
 * by itself, so a window/level drag redraws this canvas and not the workspace around it.
 */
export function ValuePlane({ editor, values, view, size }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const wl = useSyncExternalStore(
    (l) => editor.subscribe(l),
    () => editor.windowLevel,
  );
  const dpr = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const w = Math.round(size.w * dpr);
    const h = Math.round(size.h * dpr);
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
    }
    const ctx = c.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, size.w, size.h);
    values.draw(ctx, wl, view, dpr);
  }, [values, wl, view, size, dpr]);
  return <canvas ref={canvas} className="image-values" data-testid="image-values" data-values="ready" />;
}
