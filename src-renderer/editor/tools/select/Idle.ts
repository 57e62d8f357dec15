import type { PointerEvent } from '../../events.js';
import { hitBoxHandle } from '../../geometry/box.js';
import { checkPolygon, hitEdge, hitVertex, removeVertex } from '../../geometry/polygon.js';
import { StateNode } from '../StateNode.js';

export class Idle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(e: PointerEvent): boolean {
    if (e.button !== 0) return false;
    const ed = this.editor;
    const origin = [e.x, e.y] as const;
    const tol = ed.tolerance;
    const sel = ed.selectedShapes;
    // Handles of the one selected shape come before the shapes themselves.
    if (sel.length === 1 && !ed.hidden) {
      const s = sel[0]!;
      // Grabbing a handle of the shape just drawn chooses it, as clicking it does.
      const choose = () => !ed.selectionChosen && ed.select(ed.selectedIds);
      if (s.kind === 'box') {
        const handle = hitBoxHandle(s, e.x, e.y, tol);
        if (handle) {
          choose();
          this.parent!.transition('resizing', { shape: s, handle, origin });
          return true;
        }
      }
      if (s.kind === 'polygon') {
        const v = hitVertex(s.points, e.x, e.y, tol);
        if (v !== null) choose();
        if (v !== null && e.alt) {
          const check = checkPolygon(removeVertex(s.points, v), ed.doc.width, ed.doc.height);
          if (check.ok) ed.commit({ type: 'update', before: [s], after: [{ ...s, points: check.points }] });
          else ed.setNotice({ key: 'region.notice.polygonTooFew' });
          return true;
        }
        if (v !== null) {
          this.parent!.transition('dragging_vertex', { shape: s, index: v, origin, inserted: false });
          return true;
        }
        const edge = hitEdge(s.points, e.x, e.y, tol);
        if (edge) {
          choose();
          this.parent!.transition('pointing', { origin, hitId: s.id, insert: { shape: s, edge: edge.index, point: edge.point } });
          return true;
        }
      }
    }
    const hit = ed.shapeAt(e.x, e.y);
    if (hit) {
      if (e.shift) {
        ed.select(ed.selectedIds.includes(hit.id) ? ed.selectedIds.filter((id) => id !== hit.id) : [...ed.selectedIds, hit.id]);
      } else if (!ed.selectedIds.includes(hit.id)) {
        ed.select([hit.id]);
      } else if (!ed.selectionChosen) {
        ed.select(ed.selectedIds); // clicking the shape just drawn chooses it
      }
    } else if (!e.shift) {
      ed.select([]);
    }
    this.parent!.transition('pointing', { origin, hitId: hit?.id ?? null });
    return true;
  }
}
