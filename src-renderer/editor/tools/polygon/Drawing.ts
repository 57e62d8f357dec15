import type { Intent, PointerEvent } from '../../events.js';
import { checkPolygon } from '../../geometry/polygon.js';
import type { Vec } from '../../types.js';
import { clampToImage } from '../dragThreshold.js';
import { StateNode } from '../StateNode.js';

/** Screen pixels within which a click on the first vertex closes the polygon. */
export const CLOSE_RADIUS_PX = 8;

export class Drawing extends StateNode {
  readonly id = 'drawing';
  private points: Vec[] = [];
  private cursor: Vec | null = null;

  override onEnter(info: { first: Vec }): void {
    this.points = [info.first];
    this.cursor = null;
    this.show();
  }

  override onExit(): void {
    this.editor.preview = null;
  }

  private nearFirst(x: number, y: number): boolean {
    const f = this.points[0]!;
    return this.points.length >= 3 && Math.hypot(f[0] - x, f[1] - y) * this.editor.viewScale <= CLOSE_RADIUS_PX;
  }

  private show(): void {
    const c = this.cursor;
    this.editor.preview = { kind: 'polygon', points: [...this.points], cursor: c, closable: c !== null && this.nearFirst(c[0], c[1]) };
  }

  override onPointerMove(e: PointerEvent): boolean {
    this.cursor = clampToImage(this.editor, e.x, e.y);
    this.show();
    return true;
  }

  override onPointerDown(e: PointerEvent): boolean {
    if (e.button !== 0) return false;
    if (this.nearFirst(e.x, e.y)) {
      this.close();
      return true;
    }
    this.points.push(clampToImage(this.editor, e.x, e.y));
    this.show();
    return true;
  }

  override onPointerUp(): boolean {
    return true;
  }

  override onIntent(i: Intent): boolean {
    switch (i) {
      case 'close':
        this.close();
        return true;
      case 'back':
        this.points.pop();
        if (this.points.length === 0) this.parent!.transition('idle');
        else this.show();
        return true;
      case 'cancel':
        this.parent!.transition('idle');
        return true;
      default:
        return false;
    }
  }

  /** Save the polygon if it is one; a degenerate one is refused and drawing goes on. */
  private close(): void {
    const ed = this.editor;
    const check = checkPolygon(this.points, ed.doc.width, ed.doc.height);
    if (!check.ok) {
      ed.setNotice({ key: check.reason === 'no-area' ? 'region.notice.polygonNoArea' : 'region.notice.polygonTooFew' });
      return;
    }
    if (ed.activeClassId === null) return;
    const id = ed.newShapeId();
    ed.commit({ type: 'create', shapes: [{ id, kind: 'polygon', classId: ed.activeClassId, remoteId: null, points: check.points }] });
    ed.select([id], 'drawn');
    if (check.selfIntersecting) ed.setNotice({ key: 'region.notice.selfIntersecting' });
    this.parent!.transition('idle');
  }
}
