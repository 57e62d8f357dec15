import type { Editor } from '../../Editor.js';
import type { Intent } from '../../events.js';
import { StateNode } from '../StateNode.js';
import { Dragging } from './Dragging.js';
import { Idle } from './Idle.js';
import { Pointing } from './Pointing.js';
import { clearSam, keepSamMask, undoSamClick } from './samState.js';

/**
 * SAM (the user's own segment-anything model): a click is a point on the object, Alt+click a
 * point on the background, a drag a box around it; the mask previews after each; Enter keeps it,
 * Esc drops it, Backspace takes the last click back.
 */
export class SamTool extends StateNode {
  readonly id = 'sam';

  constructor(editor: Editor) {
    super(editor);
    this.addChildren(new Idle(editor), new Pointing(editor), new Dragging(editor));
  }

  override onIntent(i: Intent): boolean {
    if (i === 'close') return keepSamMask(this.editor);
    if (i === 'cancel') return clearSam(this.editor);
    if (i === 'back') return undoSamClick(this.editor);
    return false;
  }

  /** A new image, an undo, a cancelled pointer: the prompt was for what is gone. */
  override onCancel(): void {
    this.editor.preview = null;
    if (this.activeChild?.id !== 'idle') this.transition('idle');
    clearSam(this.editor);
  }

  override onExit(): void {
    clearSam(this.editor);
  }
}
