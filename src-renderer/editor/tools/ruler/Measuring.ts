import type { Intent, PointerEvent } from '../../events.js';
import type { Vec } from '../../types.js';
import { beyondDragThreshold, clampToImage } from '../dragThreshold.js';
import { StateNode } from '../StateNode.js';

/** Dragging a ruler: the line follows the pointer (inside the image); letting go keeps it, unless it is a click. */
export class Measuring extends StateNode {
  readonly id = 'measuring';
  private origin: Vec = [0, 0];

  override onEnter(info: { origin: Vec }): void {
    this.origin = info.origin;
    this.editor.preview = { kind: 'ruler', from: this.origin, to: this.origin };
  }

  override onExit(): void {
    this.editor.preview = null;
  }

  override onPointerMove(e: PointerEvent): boolean {
    this.editor.preview = { kind: 'ruler', from: this.origin, to: clampToImage(this.editor, e.x, e.y) };
    return true;
  }

  override onPointerUp(e: PointerEvent): boolean {
    const to = clampToImage(this.editor, e.x, e.y);
    // A click (no drag) measures nothing.
    if (beyondDragThreshold(this.editor, this.origin, to[0], to[1])) this.editor.addRuler(this.origin, to);
    this.parent!.transition('idle');
    return true;
  }

  override onIntent(i: Intent): boolean {
    return this.escapeToIdle(i);
  }
}
