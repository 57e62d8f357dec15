import type { Editor } from '../../Editor.js';
import { StateNode } from '../StateNode.js';
import { Idle } from './Idle.js';
import { Measuring } from './Measuring.js';

/** L: drag a straight line to measure it (mm from the pixel spacing, else px). The ruler is kept with the image. */
export class RulerTool extends StateNode {
  readonly id = 'ruler';

  constructor(editor: Editor) {
    super(editor);
    this.addChildren(new Idle(editor), new Measuring(editor));
  }

  override onCancel(): void {
    this.editor.preview = null;
    if (this.activeChild?.id !== 'idle') this.transition('idle');
  }
}
