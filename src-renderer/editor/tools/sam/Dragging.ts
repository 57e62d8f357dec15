import type { Rect } from '../../types.js';
import { BoxDrag } from '../BoxDrag.js';
import { setSamBox } from './samState.js';

/** Dragging out the box prompt (one per prompt: a new drag replaces it). */
export class Dragging extends BoxDrag {
  readonly id = 'dragging';

  protected release(rect: Rect): void {
    if (rect.w >= 1 && rect.h >= 1) setSamBox(this.editor, rect);
    else this.editor.setNotice({ key: 'region.notice.tooSmall' });
  }
}
