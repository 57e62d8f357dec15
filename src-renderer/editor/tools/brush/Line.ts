import type { Intent, PointerEvent } from '../../events.js';
import type { Vec } from '../../types.js';
import { StateNode } from '../StateNode.js';
import { endStroke, strokeSegment } from './stroke.js';

/** Shift+drag: a straight stroke from the press to the release, shown as a preview meanwhile. */
export class Line extends StateNode {
  readonly id = 'line';
  private from: Vec = [0, 0];

  override onEnter(info: { from: Vec }): void {
    this.from = info.from;
    this.show(info.from);
  }

  override onExit(): void {
    this.editor.preview = null;
  }

  private show(to: Vec): void {
    this.editor.preview = { kind: 'line', from: this.from, to, radius: this.editor.brushRadius, erase: this.parent!.id === 'eraser' };
  }

  override onPointerMove(e: PointerEvent): boolean {
    this.show([e.x, e.y]);
    return true;
  }

  override onPointerUp(e: PointerEvent): boolean {
    strokeSegment(this.editor, this.from, [e.x, e.y]);
    endStroke(this.editor);
    this.parent!.transition('idle');
    return true;
  }

  override onIntent(i: Intent): boolean {
    if (i !== 'cancel') return true;
    this.editor.stroke = null;
    this.parent!.transition('idle');
    return true;
  }
}
