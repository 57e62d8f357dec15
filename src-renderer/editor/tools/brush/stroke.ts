import type { Editor, Stroke } from '../../Editor.js';
import { cropRaster, loadRaster, paintSegment, unionRect } from '../../geometry/maskOps.js';
import { shapeAt } from '../../geometry/shapes.js';
import type { MaskShape, Vec } from '../../types.js';

/**
 * The mask a stroke edits: the selected mask; for the eraser with none selected, the mask under
 * the pointer. Null for the brush means "start a new mask".
 */
function targetMask(editor: Editor, erase: boolean, x: number, y: number): MaskShape | null {
  const sel = editor.selectedShapes;
  const only = sel.length === 1 ? sel[0]! : null;
  if (only?.kind === 'mask') return only;
  if (!erase) return null;
  const under = shapeAt(editor.doc.shapes, x, y, 0, (s) => s.kind === 'mask');
  return under?.kind === 'mask' ? under : null;
}

/** Begin a stroke at (x, y), or return null (after a notice) when there is nothing to do. */
export function beginStroke(editor: Editor, erase: boolean, x: number, y: number): Stroke | null {
  const target = targetMask(editor, erase, x, y);
  if (erase && !target) {
    editor.setNotice({ key: 'region.notice.nothingToErase' });
    return null;
  }
  const classId = target?.classId ?? editor.activeClassId;
  if (classId === null || (!target && !editor.classById(classId))) {
    editor.setNotice({ key: 'region.notice.pickClass' });
    return null;
  }
  const raster = editor.getRaster();
  loadRaster(raster, target);
  const box = target && { x: target.x, y: target.y, w: target.w, h: target.h };
  editor.stroke = { raster, targetId: target?.id ?? null, classId, erase, area: box, dirty: box };
  return editor.stroke;
}

/** Paint one segment of the stroke. */
export function strokeSegment(editor: Editor, from: Vec, to: Vec): void {
  const s = editor.stroke;
  if (!s) return;
  const r = paintSegment(s.raster, from[0], from[1], to[0], to[1], editor.brushRadius, s.erase ? 0 : 1);
  s.area = unionRect(s.area, r);
  s.dirty = unionRect(s.dirty, r);
}

/** End the stroke: crop the mask back to its box and commit it as one undoable command. */
export function endStroke(editor: Editor): void {
  const s = editor.stroke;
  editor.stroke = null;
  if (!s) return;
  const crop = cropRaster(s.raster, s.area);
  const target = s.targetId ? editor.doc.get(s.targetId) : undefined;
  if (target && target.kind === 'mask') {
    if (!crop) {
      editor.commit({ type: 'delete', shapes: [target], indices: [editor.doc.indexOf(target.id)] });
      editor.select([]);
      return;
    }
    if (crop.x === target.x && crop.y === target.y && crop.w === target.w && crop.h === target.h && sameBits(crop.bits, target.bits)) return;
    editor.commit({ type: 'update', before: [target], after: [{ ...target, ...crop }] });
    return;
  }
  if (!crop) return;
  const id = editor.newShapeId();
  editor.commit({ type: 'create', shapes: [{ id, kind: 'mask', classId: s.classId, remoteId: null, ...crop }] });
  editor.select([id], 'drawn');
}

function sameBits(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
