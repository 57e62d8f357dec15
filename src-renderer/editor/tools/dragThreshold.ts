import type { Editor } from '../Editor.js';
import type { Vec } from '../types.js';

/** Screen pixels the pointer must travel before a press becomes a drag. */
export const DRAG_THRESHOLD_PX = 3;

export function beyondDragThreshold(editor: Editor, origin: Vec, x: number, y: number): boolean {
  return Math.hypot(x - origin[0], y - origin[1]) * editor.viewScale > DRAG_THRESHOLD_PX;
}

/** A point moved inside the image. */
export function clampToImage(editor: Editor, x: number, y: number): Vec {
  return [Math.min(editor.doc.width, Math.max(0, x)), Math.min(editor.doc.height, Math.max(0, y))];
}

/** The class a new shape gets, or null after telling the person to pick one. */
export function classForNewShape(editor: Editor): number | null {
  if (editor.activeClassId !== null && editor.classById(editor.activeClassId)) return editor.activeClassId;
  editor.setNotice({ key: 'region.notice.pickClass' });
  return null;
}
