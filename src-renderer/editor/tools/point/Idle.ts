import type { PointerEvent } from '../../events.js';
import { classForNewShape } from '../dragThreshold.js';
import { StateNode } from '../StateNode.js';

export class Idle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(e: PointerEvent): boolean {
    if (e.button !== 0) return false;
    const ed = this.editor;
    if (e.x < 0 || e.y < 0 || e.x > ed.doc.width || e.y > ed.doc.height) return true;
    const classId = classForNewShape(ed);
    if (classId === null) return true;
    const id = ed.newShapeId();
    ed.commit({ type: 'create', shapes: [{ id, kind: 'point', classId, remoteId: null, x: e.x, y: e.y }] });
    ed.select([id], 'drawn');
    return true;
  }
}
