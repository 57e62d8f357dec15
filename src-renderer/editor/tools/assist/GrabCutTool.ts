import type { Editor } from '../../Editor.js';
import type { Intent, PointerEvent } from '../../events.js';
import { classForNewShape, clampToImage } from '../dragThreshold.js';
import { StateNode } from '../StateNode.js';
import { hintRadiusFor } from './AssistSession.js';
import { AssistTool } from './AssistTool.js';
import { BoxingState } from './BoxingState.js';

/**
 * GrabCut: drag a box around the object for a first cut; then paint foreground hints (drag) or
 * background hints (Alt+drag) and it runs again from all of them. Shift+drag starts a new box.
 */
export class GrabCutTool extends AssistTool {
  readonly id = 'grabcut';

  constructor(editor: Editor) {
    super(editor, 'grabcut');
    this.addChildren(new GrabCutIdle(editor), new BoxingState(editor, this.session), new Hinting(editor));
  }
}

class GrabCutIdle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(e: PointerEvent): boolean {
    if (e.button !== 0) return false;
    if (classForNewShape(this.editor) === null) return true;
    const s = (this.tool as GrabCutTool).session;
    const at = clampToImage(this.editor, e.x, e.y);
    if (!s.box || e.shift) this.parent!.transition('boxing', { origin: at });
    else this.parent!.transition('hinting', { at, positive: !e.alt });
    return true;
  }
}

/** A hint stroke: points along the drag, spaced by the hint radius, sent when the button is released. */
class Hinting extends StateNode {
  readonly id = 'hinting';
  private positive = true;
  private last: readonly [number, number] = [0, 0];

  override onEnter(info: { at: readonly [number, number]; positive: boolean }): void {
    this.positive = info.positive;
    this.add(info.at);
  }

  private add(at: readonly [number, number]): void {
    const s = (this.tool as GrabCutTool).session;
    const x = Math.min(this.editor.doc.width - 1, Math.floor(at[0]));
    const y = Math.min(this.editor.doc.height - 1, Math.floor(at[1]));
    s.points = [...s.points, { x, y, positive: this.positive }];
    this.last = [x, y];
    this.editor.changed();
  }

  override onPointerMove(e: PointerEvent): boolean {
    const s = (this.tool as GrabCutTool).session;
    const at = clampToImage(this.editor, e.x, e.y);
    if (Math.hypot(at[0] - this.last[0], at[1] - this.last[1]) >= hintRadiusFor(s.box!)) this.add(at);
    return true;
  }

  override onPointerUp(): boolean {
    (this.tool as GrabCutTool).session.refresh();
    this.parent!.transition('idle');
    return true;
  }

  override onIntent(i: Intent): boolean {
    return this.escapeToIdle(i);
  }
}
