import type { Editor } from '../../Editor.js';
import { StateNode } from '../StateNode.js';
import { DraggingVertex } from './DraggingVertex.js';
import { Idle } from './Idle.js';
import { Pointing } from './Pointing.js';
import { Resizing } from './Resizing.js';
import { Translating } from './Translating.js';

/**
 * V: click to select (Shift adds), drag to move, drag a box's handles to resize it, drag a
 * polygon's vertex to move it or its edge to insert one (Alt+click removes a vertex).
 */
export class SelectTool extends StateNode {
  readonly id = 'select';

  constructor(editor: Editor) {
    super(editor);
    this.addChildren(new Idle(editor), new Pointing(editor), new Translating(editor), new Resizing(editor), new DraggingVertex(editor));
  }

  override onCancel(): void {
    if (this.activeChild?.id !== 'idle') this.transition('idle');
  }
}
