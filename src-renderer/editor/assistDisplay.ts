import type { Editor } from './Editor.js';
import { isDefaultWindowLevel, windowLevelTransfer, windowOnPicture } from './windowLevel.js';

/**
 * The on-screen window/level as the assists and SAM take it (`display`: out = in × slope +
 * intercept on the displayed 8-bit picture), or undefined for the picture as displayed. A medical
 * image is windowed on its values (HU): the picture is made through its initial window, so the
 * transfer is the shown window relative to that one.
 */
export function assistDisplay(ed: Pick<Editor, 'initialWindow' | 'windowLevel' | 'valueRange'>): { slope: number; intercept: number } | undefined {
  if (ed.initialWindow) return windowOnPicture(ed.initialWindow, ed.windowLevel) ?? undefined;
  return isDefaultWindowLevel(ed.windowLevel, ed.valueRange) ? undefined : windowLevelTransfer(ed.windowLevel, ed.valueRange);
}
