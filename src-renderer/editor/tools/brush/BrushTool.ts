import type { Editor } from '../../Editor.js';
import { StateNode } from '../StateNode.js';
import { Idle } from './Idle.js';
import { Line } from './Line.js';
import { Painting } from './Painting.js';

/**
 * M (brush) and E (eraser): paint into the selected mask, or start a new mask of the active
 * class; the eraser takes pixels out of the selected mask (or the one under the pointer).
 * Shift+drag draws a straight line. `[` and `]` change the size.
 */
export class BrushTool extends StateNode {
  readonly id: 'brush' | 'eraser';

  constructor(editor: Editor, mode: 'brush' | 'eraser') {
    super(editor);
    this.id = mode;
    this.addChildren(new Idle(editor), new Painting(editor), new Line(editor));
  }

  override onCancel(): void {
    this.editor.stroke = null;
    this.editor.preview = null;
    if (this.activeChild?.id !== 'idle') this.transition('idle');
  }
}
