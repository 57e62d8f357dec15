import type { Editor } from './Editor.js';
import type { Intent } from './events.js';
import { cleanSelected, convertSelected } from './tools/assist/cleanup.js';
import { stepBrush } from './tools/brush/brushSize.js';
import { defaultWindowLevel } from './windowLevel.js';

/** What the editor does with an intent no tool state took: the intents every tool shares. */
export function sharedIntent(ed: Editor, i: Intent): boolean {
  if (typeof i === 'object') {
    if ('classKey' in i) return ed.useClassKey(i.classKey);
    if ('clean' in i) return ed.isIdle() && (void cleanSelected(ed, i.clean), true);
    if ('convert' in i) return ed.isIdle() && (void convertSelected(ed, i.convert), true);
    return ed.isIdle() && ed.nudgeSelection(i.nudge[0], i.nudge[1]);
  }
  switch (i) {
    case 'brushSmaller':
    case 'brushLarger':
      stepBrush(ed, i === 'brushLarger' ? 1 : -1);
      return true;
    case 'toggleHidden':
      ed.hidden = !ed.hidden;
      return true;
    case 'resetLevel':
      ed.windowLevel = defaultWindowLevel(ed.valueRange);
      ed.assist?.refresh();
      return true;
    default:
  }
  if (!ed.isIdle()) return false;
  switch (i) {
    case 'selectNext':
    case 'selectPrev':
      return ed.cycleSelection(i === 'selectNext' ? 1 : -1);
    case 'delete':
    case 'back':
      return ed.deleteSelection();
    case 'cancel':
      if (ed.selectedIds.length === 0) return false;
      ed.select([]);
      return true;
    default:
      return false;
  }
}
