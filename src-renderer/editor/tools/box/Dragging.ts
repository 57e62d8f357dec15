import type { Intent, PointerEvent } from '../../events.js';
import { boxFromCorners } from '../../geometry/box.js';
import type { Rect, Vec } from '../../types.js';
import { StateNode } from '../StateNode.js';

/** Boxes smaller than this (image pixels, either side) are taken for a slip and refused. */
export const MIN_BOX_SIZE = 1;

export class Dragging extends StateNode {
  readonly id = 'dragging';
  private origin: Vec = [0, 0];
  private rect: Rect = { x: 0, y: 0, w: 0, h: 0 };

  override onEnter(info: { origin: Vec; x: number; y: number }): void {
    this.origin = info.origin;
    this.update(info.x, info.y);
  }

  override onExit(): void {
    this.editor.preview = null;
  }

  private update(x: number, y: number): void {
    this.rect = boxFromCorners(this.origin, [x, y], this.editor.doc.width, this.editor.doc.height);
    this.editor.preview = { kind: 'box', rect: this.rect };
  }

  override onPointerMove(e: PointerEvent): boolean {
    this.update(e.x, e.y);
    return true;
  }

  override onPointerUp(e: PointerEvent): boolean {
    this.update(e.x, e.y);
    const ed = this.editor;
    const r = this.rect;
    if (r.w < MIN_BOX_SIZE || r.h < MIN_BOX_SIZE || ed.activeClassId === null) {
      ed.setNotice({ key: 'region.notice.tooSmall' });
    } else {
      const id = ed.newShapeId();
      ed.commit({ type: 'create', shapes: [{ id, kind: 'box', classId: ed.activeClassId, remoteId: null, ...r }] });
      ed.select([id], 'drawn');
    }
    this.parent!.transition('idle');
    return true;
  }

  override onIntent(i: Intent): boolean {
    return this.escapeToIdle(i);
  }
}
