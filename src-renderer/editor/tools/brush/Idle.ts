import type { PointerEvent } from '../../events.js';
import { StateNode } from '../StateNode.js';
import { beginStroke, strokeSegment } from './stroke.js';

export class Idle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(e: PointerEvent): boolean {
    if (e.button !== 0) return false;
    const erase = this.parent!.id === 'eraser';
    if (!beginStroke(this.editor, erase, e.x, e.y)) return true;
    if (e.shift) {
      this.parent!.transition('line', { from: [e.x, e.y] });
    } else {
      strokeSegment(this.editor, [e.x, e.y], [e.x, e.y]);
      this.parent!.transition('painting', { last: [e.x, e.y] });
    }
    return true;
  }

  /** Moving the pointer only moves the brush outline the canvas draws. */
  override onPointerMove(): boolean {
    return true;
  }
}
