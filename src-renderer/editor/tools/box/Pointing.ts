import type { Intent, PointerEvent } from '../../events.js';
import type { Vec } from '../../types.js';
import { beyondDragThreshold } from '../dragThreshold.js';
import { StateNode } from '../StateNode.js';

/** Pressed, not yet dragged: a click alone draws nothing. */
export class Pointing extends StateNode {
  readonly id = 'pointing';
  private origin: Vec = [0, 0];

  override onEnter(info: { origin: Vec }): void {
    this.origin = info.origin;
  }

  override onPointerMove(e: PointerEvent): boolean {
    if (beyondDragThreshold(this.editor, this.origin, e.x, e.y)) this.parent!.transition('dragging', { origin: this.origin, x: e.x, y: e.y });
    return true;
  }

  override onPointerUp(): boolean {
    this.parent!.transition('idle');
    return true;
  }

  override onIntent(i: Intent): boolean {
    return this.escapeToIdle(i);
  }
}
