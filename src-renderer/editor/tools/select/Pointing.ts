import type { Intent, PointerEvent } from '../../events.js';
import { insertVertex } from '../../geometry/polygon.js';
import type { PolygonShape, Vec } from '../../types.js';
import { beyondDragThreshold, clampToImage } from '../dragThreshold.js';
import { StateNode } from '../StateNode.js';

interface Info {
  origin: Vec;
  hitId: string | null;
  /** Pressed on an edge of the selected polygon: a drag inserts a vertex there. */
  insert?: { shape: PolygonShape; edge: number; point: Vec };
}

export class Pointing extends StateNode {
  readonly id = 'pointing';
  private info: Info = { origin: [0, 0], hitId: null };

  override onEnter(info: Info): void {
    this.info = info;
  }

  override onPointerMove(e: PointerEvent): boolean {
    const { origin, hitId, insert } = this.info;
    if (!beyondDragThreshold(this.editor, origin, e.x, e.y)) return true;
    if (insert) {
      const points = insertVertex(insert.shape.points, insert.edge, clampToImage(this.editor, e.x, e.y));
      this.editor.doc.replace({ ...insert.shape, points });
      this.parent!.transition('dragging_vertex', { shape: insert.shape, index: insert.edge + 1, origin, inserted: true });
    } else if (hitId && this.editor.selectedIds.includes(hitId)) {
      this.parent!.transition('translating', { origin, x: e.x, y: e.y });
    } else {
      this.parent!.transition('idle');
    }
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
