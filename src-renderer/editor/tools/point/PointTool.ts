import type { Editor } from '../../Editor.js';
import { StateNode } from '../StateNode.js';
import { Idle } from './Idle.js';

/** K: click to place a point of the active class. */
export class PointTool extends StateNode {
  readonly id = 'point';

  constructor(editor: Editor) {
    super(editor);
    this.addChildren(new Idle(editor));
  }
}
