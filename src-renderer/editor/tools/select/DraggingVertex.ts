import type { Intent, PointerEvent } from '../../events.js';
import { checkPolygon, moveVertex } from '../../geometry/polygon.js';
import type { PolygonShape, Vec } from '../../types.js';
import { clampToImage } from '../dragThreshold.js';
import { StateNode } from '../StateNode.js';

/**
 * Dragging a polygon vertex (one that was there, or one just inserted on an edge). A result with
 * no area is refused and the polygon put back; a self-intersecting one is kept and flagged.
 */
export class DraggingVertex extends StateNode {
  readonly id = 'dragging_vertex';
  /** The polygon as it was before the drag (before any insertion). */
  private before!: PolygonShape;
  private index = 0;

  override onEnter(info: { shape: PolygonShape; index: number; origin: Vec; inserted: boolean }): void {
    this.before = info.shape;
    this.index = info.index;
  }

  private current(): PolygonShape {
    return this.editor.doc.get(this.before.id) as PolygonShape;
  }

  override onPointerMove(e: PointerEvent): boolean {
    const cur = this.current();
    this.editor.doc.replace({ ...cur, points: moveVertex(cur.points, this.index, clampToImage(this.editor, e.x, e.y)) });
    return true;
  }

  override onPointerUp(e: PointerEvent): boolean {
    this.onPointerMove(e);
    const ed = this.editor;
    const cur = this.current();
    const check = checkPolygon(cur.points, ed.doc.width, ed.doc.height);
    if (!check.ok) {
      ed.doc.replace(this.before);
      ed.setNotice({ key: check.reason === 'no-area' ? 'region.notice.polygonNoArea' : 'region.notice.polygonTooFew' });
    } else {
      const after = { ...cur, points: check.points };
      ed.doc.replace(after);
      ed.commit({ type: 'update', before: [this.before], after: [after] }, { applied: true });
      if (check.selfIntersecting) ed.setNotice({ key: 'region.notice.selfIntersecting' });
    }
    this.parent!.transition('idle');
    return true;
  }

  override onCancel(): void {
    if (this.editor.doc.get(this.before.id)) this.editor.doc.replace(this.before);
  }

  override onIntent(i: Intent): boolean {
    this.escapeToIdle(i);
    return true; // no other key acts halfway through a drag
  }
}
