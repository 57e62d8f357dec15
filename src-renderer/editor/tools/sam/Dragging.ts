import type { Intent, PointerEvent } from '../../events.js';
import { boxFromCorners } from '../../geometry/box.js';
import type { Rect, Vec } from '../../types.js';
import { StateNode } from '../StateNode.js';
import { setSamBox } from './samState.js';

/** Dragging out the box prompt (one per prompt: a new drag replaces it). */
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
    if (this.rect.w >= 1 && this.rect.h >= 1) setSamBox(this.editor, this.rect);
    else this.editor.setNotice({ key: 'region.notice.tooSmall' });
    this.parent!.transition('idle');
    return true;
  }

  override onIntent(i: Intent): boolean {
    return this.escapeToIdle(i);
  }
}
