import type { Editor } from '../../Editor.js';
import type { Intent, PointerEvent } from '../../events.js';
import { classForNewShape, clampToImage } from '../dragThreshold.js';
import { StateNode } from '../StateNode.js';
import { AssistTool } from './AssistTool.js';
import { BoxingState } from './BoxingState.js';

/** Grey levels per screen pixel of vertical drag. */
export const LEVEL_PER_PX = 0.5;

/**
 * Threshold in a box: drag a box for Otsu's level; then drag up or down (or type a level) to move
 * it, the preview following. Shift+drag starts a new box.
 */
export class ThresholdTool extends AssistTool {
  readonly id = 'threshold';

  constructor(editor: Editor) {
    super(editor, 'threshold');
    this.addChildren(new ThresholdIdle(editor), new BoxingState(editor, this.session), new Leveling(editor));
  }
}

class ThresholdIdle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(e: PointerEvent): boolean {
    if (e.button !== 0) return false;
    if (classForNewShape(this.editor) === null) return true;
    const s = (this.tool as ThresholdTool).session;
    if (!s.box || e.shift) this.parent!.transition('boxing', { origin: clampToImage(this.editor, e.x, e.y) });
    else this.parent!.transition('leveling', { y: e.y, level: s.level ?? s.answered.level ?? 128 });
    return true;
  }
}

/** Up raises the level, down lowers it. */
class Leveling extends StateNode {
  readonly id = 'leveling';
  private startY = 0;
  private start = 0;

  override onEnter(info: { y: number; level: number }): void {
    this.startY = info.y;
    this.start = info.level;
  }

  override onPointerMove(e: PointerEvent): boolean {
    const s = (this.tool as ThresholdTool).session;
    const next = Math.max(0, Math.min(255, Math.round(this.start + (this.startY - e.y) * this.editor.viewScale * LEVEL_PER_PX)));
    if (next !== s.level) s.setLevel(next);
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
