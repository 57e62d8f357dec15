import type { Editor } from '../../Editor.js';
import type { Rect } from '../../types.js';

/**
 * The SAM tool's prompt and the mask the model made of it, per editor. The tool (a state machine)
 * changes the prompt; the workspace sees `version` move, asks the main process for a preview
 * (`annotations.samPreview`) and hands the answer back with `showSamMask`. Coordinates are
 * upright image pixels. Enter keeps the mask as one mask region (an undoable create), Esc drops it.
 */

export interface SamClick {
  x: number;
  y: number;
  /** false: a background (Alt) click. */
  positive: boolean;
}

export interface SamMaskPreview {
  x: number;
  y: number;
  w: number;
  h: number;
  bits: Uint8Array;
}

export interface SamState {
  points: SamClick[];
  box: Rect | null;
  /** Bumped on each change of the prompt: a preview made for an older one is dropped. */
  version: number;
  /** The preview of prompt `maskVersion` (null: none yet, or the model found nothing). */
  mask: SamMaskPreview | null;
  maskVersion: number;
  /** The class the kept mask gets (the active class when the prompt began). */
  classId: number | null;
}

const states = new WeakMap<Editor, SamState>();

export function samState(editor: Editor): SamState {
  let s = states.get(editor);
  if (!s) {
    s = { points: [], box: null, version: 0, mask: null, maskVersion: 0, classId: null };
    states.set(editor, s);
  }
  return s;
}

/** True when there is a prompt to preview. */
export function hasSamPrompt(s: SamState): boolean {
  return s.box !== null || s.points.some((p) => p.positive);
}

function changed(editor: Editor, s: SamState): void {
  s.version++;
  if (!hasSamPrompt(s)) s.mask = null;
  editor.changed();
}

export function addSamPoint(editor: Editor, x: number, y: number, positive: boolean): void {
  const s = samState(editor);
  if (s.points.length === 0 && !s.box) s.classId = editor.activeClassId;
  s.points = [...s.points, { x, y, positive }];
  changed(editor, s);
}

export function setSamBox(editor: Editor, box: Rect): void {
  const s = samState(editor);
  if (s.points.length === 0 && !s.box) s.classId = editor.activeClassId;
  s.box = box;
  changed(editor, s);
}

/** Backspace: take the last click back (then the box). False when there was nothing. */
export function undoSamClick(editor: Editor): boolean {
  const s = samState(editor);
  if (s.points.length > 0) s.points = s.points.slice(0, -1);
  else if (s.box) s.box = null;
  else return false;
  changed(editor, s);
  return true;
}

/** Esc, a tool switch, a new image: drop the prompt and its preview. False when there was nothing. */
export function clearSam(editor: Editor): boolean {
  const s = samState(editor);
  if (s.points.length === 0 && !s.box && !s.mask) return false;
  s.points = [];
  s.box = null;
  s.mask = null;
  s.classId = null;
  changed(editor, s);
  return true;
}

/** The main process's preview of prompt `version`; one for an older prompt is ignored. */
export function showSamMask(editor: Editor, version: number, mask: SamMaskPreview | null): void {
  const s = samState(editor);
  if (version !== s.version) return;
  s.mask = mask;
  s.maskVersion = version;
  editor.changed();
}

/** The preview shown is the current prompt's (not one still being computed). */
export function samPreviewCurrent(s: SamState): boolean {
  return s.mask !== null && s.maskVersion === s.version;
}

/**
 * Enter: keep the current preview as a mask region of the prompt's class (one create command, so
 * Ctrl+Z takes it back), and start a fresh prompt. A notice when there is nothing to keep yet.
 */
export function keepSamMask(editor: Editor): boolean {
  const s = samState(editor);
  if (!hasSamPrompt(s)) return false;
  if (!samPreviewCurrent(s)) {
    editor.setNotice({ key: 'sam.notice.notReady' });
    return true;
  }
  const classId = s.classId ?? editor.activeClassId;
  if (classId === null) {
    editor.setNotice({ key: 'region.notice.pickClass' });
    return true;
  }
  const m = s.mask!;
  const id = editor.newShapeId();
  editor.commit({ type: 'create', shapes: [{ id, kind: 'mask', classId, remoteId: null, x: m.x, y: m.y, w: m.w, h: m.h, bits: m.bits }] });
  editor.select([id], 'drawn');
  s.points = [];
  s.box = null;
  s.mask = null;
  s.classId = null;
  s.version++;
  editor.changed();
  return true;
}
