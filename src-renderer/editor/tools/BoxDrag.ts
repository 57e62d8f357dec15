import type { Intent, PointerEvent } from '../events.js';
import { boxFromCorners } from '../geometry/box.js';
import type { Rect, Vec } from '../types.js';
import { StateNode } from './StateNode.js';

/**
 * Dragging out a box (the box tool, an assist's box, SAM's box prompt): the box shows as the
 * preview while dragged, clamped to the image; on release `release` gets it and the tool goes
 * back to idle; Escape drops it.
 */
export abstract class BoxDrag extends StateNode {
  private origin: Vec = [0, 0];
  private rect: Rect = { x: 0, y: 0, w: 0, h: 0 };

  /** What the released box becomes (a region, an assist's box, a prompt). */
  protected abstract release(rect: Rect): void;

  override onEnter(info: { origin: Vec; x?: number; y?: number }): void {
    this.origin = info.origin;
    this.update(info.x ?? info.origin[0], info.y ?? info.origin[1]);
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
    this.release(this.rect);
    this.parent!.transition('idle');
    return true;
  }

  override onIntent(i: Intent): boolean {
    return this.escapeToIdle(i);
  }
}
