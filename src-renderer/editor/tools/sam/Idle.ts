import type { PointerEvent } from '../../events.js';
import { classForNewShape, clampToImage } from '../dragThreshold.js';
import { StateNode } from '../StateNode.js';

export class Idle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(e: PointerEvent): boolean {
    if (e.button !== 0) return false;
    if (classForNewShape(this.editor) === null) return true;
    this.parent!.transition('pointing', { origin: clampToImage(this.editor, e.x, e.y), positive: !e.alt });
    return true;
  }
}
