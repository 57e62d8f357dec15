import type { Editor } from '../../Editor.js';
import type { MaskShape, Shape } from '../../types.js';
import type { CleanOp, CleanStep } from './assistPort.js';

/** The sizes the clean-up steps use (image pixels), set in the clean-up menu. */
export interface CleanupSettings {
  /** removeIslands: parts smaller than this many pixels go. */
  minArea: number;
  /** smooth: open/close radius. */
  radius: number;
  /** grow/shrink: by this many pixels. */
  px: number;
}

export const DEFAULT_CLEANUP: CleanupSettings = { minArea: 64, radius: 2, px: 2 };

export function cleanStepOf(op: CleanOp, s: CleanupSettings): CleanStep {
  switch (op) {
    case 'fillHoles':
      return { op };
    case 'removeIslands':
      return { op, minArea: s.minArea };
    case 'smooth':
      return { op, radius: s.radius };
    case 'grow':
    case 'shrink':
      return { op, px: s.px };
  }
}

/** The one selected mask, or null after saying what to select. */
function selectedMask(ed: Editor): MaskShape | null {
  const sel = ed.selectedShapes;
  if (sel.length === 1 && sel[0]!.kind === 'mask') return sel[0]!;
  ed.setNotice({ key: 'assist.notice.selectMask' });
  return null;
}

const failed = (ed: Editor) => (e: unknown) => ed.setNotice({ key: 'assist.failed', values: { message: (e as Error)?.message ?? String(e) } });

/**
 * Clean up the selected mask region by one step, as one undoable edit. Resolves once the edit is
 * made (or refused in words); the mask is worked on by the port, off the UI thread.
 */
export async function cleanSelected(ed: Editor, op: CleanOp): Promise<void> {
  const m = selectedMask(ed);
  const port = ed.assists;
  if (!m || !port) return;
  ed.setNotice({ key: 'assist.working' });
  try {
    const out = await port.clean({ x: m.x, y: m.y, w: m.w, h: m.h, bits: m.bits }, cleanStepOf(op, ed.cleanup));
    // The mask changed while the step ran (an undo, another image): the answer is for a mask that is gone.
    const now = current(ed, m);
    if (!now || now.kind !== 'mask') return ed.setNotice(null);
    if (!out) return ed.setNotice({ key: 'assist.notice.cleanedAway' });
    // An edit that changes nothing would be an undo step that does nothing (the store records none).
    if (out.x === m.x && out.y === m.y && out.w === m.w && out.h === m.h && sameBits(out.bits, m.bits)) return ed.setNotice({ key: 'assist.notice.unchanged' });
    ed.commit({ type: 'update', before: [now], after: [{ ...now, x: out.x, y: out.y, w: out.w, h: out.h, bits: out.bits }] });
  } catch (e) {
    failed(ed)(e);
  }
}

/**
 * The selected masks as polygons (one per connected part), or the selected polygons as one mask,
 * in place of the originals: one undoable command.
 */
export async function convertSelected(ed: Editor, to: 'polygon' | 'mask'): Promise<void> {
  const from = to === 'polygon' ? 'mask' : 'polygon';
  const sel = ed.selectedShapes.filter((s) => s.kind === from);
  const port = ed.assists;
  if (sel.length === 0) return ed.setNotice({ key: to === 'polygon' ? 'assist.notice.selectMask' : 'assist.notice.selectPolygon' });
  if (!port) return;
  ed.setNotice({ key: 'assist.working' });
  try {
    const out = await port.convert(sel, to);
    const now = sel.map((s) => current(ed, s));
    if (now.some((s) => !s)) return ed.setNotice(null);
    const before = now as Shape[];
    const classId = before[0]!.classId;
    const after: Shape[] = out.map((c) =>
      c.kind === 'polygon'
        ? { id: ed.newShapeId(), kind: 'polygon', classId, remoteId: null, points: c.points, ...(c.holes?.length ? { holes: c.holes } : {}) }
        : { id: ed.newShapeId(), kind: 'mask', classId, remoteId: null, x: c.x, y: c.y, w: c.w, h: c.h, bits: c.bits },
    );
    ed.commit({ type: 'replace', before, indices: before.map((s) => ed.doc.indexOf(s.id)), after });
    ed.select(after.map((s) => s.id), 'drawn');
  } catch (e) {
    failed(ed)(e);
  }
}

/**
 * The shape as the document holds it now, when its geometry is still the one worked on (the
 * store's acknowledgement of a shape just drawn replaces it with its store id: that is no change);
 * null when it was edited, undone or removed meanwhile.
 */
function current(ed: Editor, s: Shape): Shape | null {
  const now = ed.doc.get(s.id);
  if (!now || now.kind !== s.kind || now.classId !== s.classId) return null;
  if (now === s) return now;
  switch (now.kind) {
    case 'mask': {
      const m = s as typeof now;
      return now.x === m.x && now.y === m.y && now.w === m.w && now.h === m.h && (now.bits === m.bits || sameBits(now.bits, m.bits)) ? now : null;
    }
    case 'polygon': {
      const p = s as typeof now;
      return now.points === p.points && now.holes === p.holes ? now : null;
    }
    default:
      return null;
  }
}

function sameBits(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
