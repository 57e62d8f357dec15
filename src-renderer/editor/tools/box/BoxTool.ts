import type { Editor } from '../../Editor.js';
import { StateNode } from '../StateNode.js';
import { Dragging } from './Dragging.js';
import { Idle } from './Idle.js';
import { Pointing } from './Pointing.js';

/** B (or W, as in LabelImg): drag a box of the active class. */
export class BoxTool extends StateNode {
  readonly id = 'box';

  constructor(editor: Editor) {
    super(editor);
    this.addChildren(new Idle(editor), new Pointing(editor), new Dragging(editor));
  }

  override onCancel(): void {
    this.editor.preview = null;
    if (this.activeChild?.id !== 'idle') this.transition('idle');
  }
}
