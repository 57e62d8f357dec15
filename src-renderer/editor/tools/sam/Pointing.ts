import type { Intent, PointerEvent } from '../../events.js';
import type { Vec } from '../../types.js';
import { beyondDragThreshold } from '../dragThreshold.js';
import { StateNode } from '../StateNode.js';
import { addSamPoint } from './samState.js';

/** Pressed: released where it was, a click (a point); moved, a box. */
export class Pointing extends StateNode {
  readonly id = 'pointing';
  private origin: Vec = [0, 0];
  private positive = true;

  override onEnter(info: { origin: Vec; positive: boolean }): void {
    this.origin = info.origin;
    this.positive = info.positive;
  }

  override onPointerMove(e: PointerEvent): boolean {
    if (beyondDragThreshold(this.editor, this.origin, e.x, e.y)) this.parent!.transition('dragging', { origin: this.origin, x: e.x, y: e.y });
    return true;
  }

  override onPointerUp(): boolean {
    const ed = this.editor;
    // Whole pixels: the click is on the pixel under the pointer.
    const x = Math.min(ed.doc.width - 1, Math.floor(this.origin[0]));
    const y = Math.min(ed.doc.height - 1, Math.floor(this.origin[1]));
    addSamPoint(ed, x, y, this.positive);
    this.parent!.transition('idle');
    return true;
  }

  override onIntent(i: Intent): boolean {
    return this.escapeToIdle(i);
  }
}
