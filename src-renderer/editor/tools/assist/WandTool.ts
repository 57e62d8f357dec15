import type { Editor } from '../../Editor.js';
import type { Intent, PointerEvent } from '../../events.js';
import { classForNewShape } from '../dragThreshold.js';
import { StateNode } from '../StateNode.js';
import { AssistTool } from './AssistTool.js';

/** Tolerance units per screen pixel of vertical drag: a 255-step range in about 500 px. */
export const TOLERANCE_PER_PX = 0.5;

/**
 * The magic wand: a click floods from the seed (a new preview), Shift+click adds a seed's fill,
 * Alt+click takes one away; dragging up or down after the click (or the wheel) changes the
 * tolerance with the preview following.
 */
export class WandTool extends AssistTool {
  readonly id = 'wand';

  constructor(editor: Editor) {
    super(editor, 'wand');
    this.addChildren(new WandIdle(editor), new WandAdjusting(editor));
  }
}

class WandIdle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(e: PointerEvent): boolean {
    if (e.button !== 0) return false;
    if (classForNewShape(this.editor) === null) return true;
    const s = (this.tool as WandTool).session;
    const x = Math.min(this.editor.doc.width - 1, Math.max(0, Math.floor(e.x)));
    const y = Math.min(this.editor.doc.height - 1, Math.max(0, Math.floor(e.y)));
    if (e.alt) {
      if (!s.points.some((p) => p.positive)) {
        this.editor.setNotice({ key: 'assist.notice.subtractFirst' });
        return true;
      }
      s.points = [...s.points, { x, y, positive: false }];
    } else if (e.shift && s.points.length > 0) {
      s.points = [...s.points, { x, y, positive: true }];
    } else {
      s.points = [{ x, y, positive: true }];
    }
    s.refresh();
    this.parent!.transition('adjusting', { y: e.y, tolerance: s.tolerance });
    return true;
  }
}

/** The button is down after a click: vertical movement is the tolerance (up: more). */
class WandAdjusting extends StateNode {
  readonly id = 'adjusting';
  private startY = 0;
  private start = 0;

  override onEnter(info: { y: number; tolerance: number }): void {
    this.startY = info.y;
    this.start = info.tolerance;
  }

  override onPointerMove(e: PointerEvent): boolean {
    const screenPx = (this.startY - e.y) * this.editor.viewScale;
    (this.tool as WandTool).session.setTolerance(this.start + screenPx * TOLERANCE_PER_PX);
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
