import type { Intent, PointerEvent } from '../../events.js';
import { type BoxHandle, resizeBox } from '../../geometry/box.js';
import type { BoxShape, Vec } from '../../types.js';
import { StateNode } from '../StateNode.js';
import { MIN_BOX_SIZE } from '../box/Dragging.js';

/** Dragging one of a box's eight handles. Esc puts the box back. */
export class Resizing extends StateNode {
  readonly id = 'resizing';
  private shape!: BoxShape;
  private handle: BoxHandle = 'se';
  private origin: Vec = [0, 0];

  override onEnter(info: { shape: BoxShape; handle: BoxHandle; origin: Vec }): void {
    this.shape = info.shape;
    this.handle = info.handle;
    this.origin = info.origin;
  }

  private resize(x: number, y: number): BoxShape {
    const ed = this.editor;
    const r = resizeBox(this.shape, this.handle, x - this.origin[0], y - this.origin[1], ed.doc.width, ed.doc.height);
    const next = { ...this.shape, ...r };
    if (r.w > 0 && r.h > 0) ed.doc.replace(next);
    return next;
  }

  override onPointerMove(e: PointerEvent): boolean {
    this.resize(e.x, e.y);
    return true;
  }

  override onPointerUp(e: PointerEvent): boolean {
    const next = this.resize(e.x, e.y);
    const ed = this.editor;
    const s = this.shape;
    if (next.w < MIN_BOX_SIZE || next.h < MIN_BOX_SIZE) {
      ed.doc.replace(s);
      ed.setNotice({ key: 'region.notice.tooSmall' });
    } else if (next.x !== s.x || next.y !== s.y || next.w !== s.w || next.h !== s.h) {
      ed.commit({ type: 'update', before: [s], after: [next] }, { applied: true });
    }
    this.parent!.transition('idle');
    return true;
  }

  override onCancel(): void {
    if (this.editor.doc.get(this.shape.id)) this.editor.doc.replace(this.shape);
  }

  override onIntent(i: Intent): boolean {
    this.escapeToIdle(i);
    return true; // no other key acts halfway through a drag
  }
}
