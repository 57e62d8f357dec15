import type { Editor } from '../../Editor.js';
import { StateNode } from '../StateNode.js';
import { Drawing } from './Drawing.js';
import { Idle } from './Idle.js';

/**
 * P: click vertices; Enter or a click on the first vertex closes the polygon, Backspace removes
 * the last vertex, Esc abandons it.
 */
export class PolygonTool extends StateNode {
  readonly id = 'polygon';

  constructor(editor: Editor) {
    super(editor);
    this.addChildren(new Idle(editor), new Drawing(editor));
  }

  override onCancel(): void {
    this.editor.preview = null;
    if (this.activeChild?.id !== 'idle') this.transition('idle');
  }
}
