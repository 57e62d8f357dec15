import type { Intent, PointerEvent } from '../../events.js';
import { clampTranslation, translateShape } from '../../geometry/shapes.js';
import type { Shape, Vec } from '../../types.js';
import { StateNode } from '../StateNode.js';

/** Dragging the selection; the shapes stay inside the image. Esc puts them back. */
export class Translating extends StateNode {
  readonly id = 'translating';
  private origin: Vec = [0, 0];
  private initial: Shape[] = [];
  private moved = false;

  override onEnter(info: { origin: Vec; x: number; y: number }): void {
    this.origin = info.origin;
    this.initial = this.editor.selectedShapes;
    this.moved = false;
    this.move(info.x, info.y);
  }

  private move(x: number, y: number): void {
    const ed = this.editor;
    const [dx, dy] = clampTranslation(this.initial, x - this.origin[0], y - this.origin[1], ed.doc.width, ed.doc.height);
    this.moved = dx !== 0 || dy !== 0;
    for (const s of this.initial) ed.doc.replace(translateShape(s, dx, dy));
  }

  override onPointerMove(e: PointerEvent): boolean {
    this.move(e.x, e.y);
    return true;
  }

  override onPointerUp(e: PointerEvent): boolean {
    this.move(e.x, e.y);
    const ed = this.editor;
    if (this.moved) {
      const after = this.initial.map((s) => ed.doc.get(s.id)!);
      ed.commit({ type: 'update', before: this.initial, after }, { applied: true });
    }
    this.parent!.transition('idle');
    return true;
  }

  override onCancel(): void {
    for (const s of this.initial) if (this.editor.doc.get(s.id)) this.editor.doc.replace(s);
  }

  override onIntent(i: Intent): boolean {
    this.escapeToIdle(i);
    return true; // no other key acts halfway through a drag
  }
}
