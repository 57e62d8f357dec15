import type { Intent, PointerEvent } from '../../events.js';
import { boxFromCorners } from '../../geometry/box.js';
import type { Rect, Vec } from '../../types.js';
import { StateNode } from '../StateNode.js';
import type { AssistSession } from './AssistSession.js';

/** Boxes smaller than this (image pixels, either side) are taken for a slip. */
export const MIN_ASSIST_BOX = 4;

/**
 * Dragging the box an assist works in (GrabCut, threshold): the box shows dashed while dragged;
 * on release it becomes the session's box (hints and level start afresh) and a preview is asked.
 */
export class BoxingState extends StateNode {
  readonly id = 'boxing';
  private origin: Vec = [0, 0];
  private rect: Rect = { x: 0, y: 0, w: 0, h: 0 };

  constructor(
    editor: ConstructorParameters<typeof StateNode>[0],
    private readonly session: AssistSession,
  ) {
    super(editor);
  }

  override onEnter(info: { origin: Vec }): void {
    this.origin = info.origin;
    this.update(info.origin[0], info.origin[1]);
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
    const r = this.rect;
    if (r.w < MIN_ASSIST_BOX || r.h < MIN_ASSIST_BOX) {
      this.editor.setNotice({ key: 'region.notice.tooSmall' });
    } else {
      const s = this.session;
      s.box = { x: Math.round(r.x), y: Math.round(r.y), w: Math.max(1, Math.round(r.w)), h: Math.max(1, Math.round(r.h)) };
      s.points = [];
      if (s.method === 'threshold') s.level = null;
      s.refresh();
    }
    this.parent!.transition('idle');
    return true;
  }

  override onIntent(i: Intent): boolean {
    return this.escapeToIdle(i);
  }
}
