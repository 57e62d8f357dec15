import type { Rect } from '../../types.js';
import { BoxDrag } from '../BoxDrag.js';

/** Boxes smaller than this (image pixels, either side) are taken for a slip and refused. */
export const MIN_BOX_SIZE = 1;

export class Dragging extends BoxDrag {
  readonly id = 'dragging';

  protected release(r: Rect): void {
    const ed = this.editor;
    if (r.w < MIN_BOX_SIZE || r.h < MIN_BOX_SIZE || ed.activeClassId === null) {
      ed.setNotice({ key: 'region.notice.tooSmall' });
      return;
    }
    const id = ed.newShapeId();
    ed.commit({ type: 'create', shapes: [{ id, kind: 'box', classId: ed.activeClassId, remoteId: null, ...r }] });
    ed.select([id], 'drawn');
  }
}
