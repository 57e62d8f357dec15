import type { PointerEvent } from '../../events.js';
import { clampToImage } from '../dragThreshold.js';
import { StateNode } from '../StateNode.js';

export class Idle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(e: PointerEvent): boolean {
    if (e.button !== 0) return false;
    this.parent!.transition('measuring', { origin: clampToImage(this.editor, e.x, e.y) });
    return true;
  }
}
