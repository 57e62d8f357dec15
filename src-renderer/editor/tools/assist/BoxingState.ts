import type { Rect } from '../../types.js';
import { BoxDrag } from '../BoxDrag.js';
import type { AssistSession } from './AssistSession.js';

/** Boxes smaller than this (image pixels, either side) are taken for a slip. */
export const MIN_ASSIST_BOX = 4;

/**
 * Dragging the box an assist works in (GrabCut, threshold): the box shows dashed while dragged;
 * on release it becomes the session's box (hints and level start afresh) and a preview is asked.
 */
export class BoxingState extends BoxDrag {
  readonly id = 'boxing';

  constructor(
    editor: ConstructorParameters<typeof BoxDrag>[0],
    private readonly session: AssistSession,
  ) {
    super(editor);
  }

  protected release(r: Rect): void {
    if (r.w < MIN_ASSIST_BOX || r.h < MIN_ASSIST_BOX) {
      this.editor.setNotice({ key: 'region.notice.tooSmall' });
      return;
    }
    const s = this.session;
    s.box = { x: Math.round(r.x), y: Math.round(r.y), w: Math.max(1, Math.round(r.w)), h: Math.max(1, Math.round(r.h)) };
    s.points = [];
    if (s.method === 'threshold') s.level = null;
    s.refresh();
  }
}
