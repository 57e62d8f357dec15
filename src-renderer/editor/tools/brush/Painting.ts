import type { Intent, PointerEvent } from '../../events.js';
import type { Vec } from '../../types.js';
import { StateNode } from '../StateNode.js';
import { endStroke, strokeSegment } from './stroke.js';

/** A freehand stroke: every pointer move paints the segment from the last position. */
export class Painting extends StateNode {
  readonly id = 'painting';
  private last: Vec = [0, 0];

  override onEnter(info: { last: Vec }): void {
    this.last = info.last;
  }

  override onPointerMove(e: PointerEvent): boolean {
    strokeSegment(this.editor, this.last, [e.x, e.y]);
    this.last = [e.x, e.y];
    return true;
  }

  override onPointerUp(e: PointerEvent): boolean {
    if (e.x !== this.last[0] || e.y !== this.last[1]) strokeSegment(this.editor, this.last, [e.x, e.y]);
    endStroke(this.editor);
    this.parent!.transition('idle');
    return true;
  }

  override onIntent(i: Intent): boolean {
    if (i !== 'cancel') return true; // no tool switches halfway through a stroke
    this.editor.stroke = null;
    this.parent!.transition('idle');
    return true;
  }
}
