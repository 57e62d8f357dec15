import type { MaskCrop } from '../../../../src-main/api/maskCodec.js';
import type { Editor } from '../../Editor.js';
import type { Notice, Rect } from '../../types.js';
import { assistDisplay } from '../../assistDisplay.js';
import type { AssistAnswer, AssistMethod, AssistPoint, AssistRequest } from './assistPort.js';
import { PreviewQueue } from './PreviewQueue.js';

export const DEFAULT_TOLERANCE = 32;
export const MAX_TOLERANCE = 255;

/** The GrabCut hint radius the server would pick for a box, made explicit so the dots drawn are the size used. */
export function hintRadiusFor(box: Rect): number {
  return Math.max(2, Math.round(Math.min(box.w, box.h) / 50));
}

/**
 * One assist's inputs (seeds, box, hints, tolerance, level) and its preview: the mask last
 * answered, whether a request is out, and what went wrong in words. The tool edits the inputs and
 * calls `refresh()`; Enter keeps the preview as one mask region of the current class. Settings
 * (tolerance, connectivity, polarity) outlive a kept or dropped preview; the inputs do not.
 */
export class AssistSession {
  points: AssistPoint[] = [];
  box: Rect | null = null;
  tolerance = DEFAULT_TOLERANCE;
  connectivity: 4 | 8 = 8;
  /** threshold: the level asked for; null is Otsu's. */
  level: number | null = null;
  polarity: 'auto' | 'brighter' | 'darker' = 'auto';
  /** The preview on screen; null before the first answer or when nothing was found. */
  mask: MaskCrop | null = null;
  /** threshold: the level and side of the preview on screen. */
  answered: { level?: number; polarity?: 'brighter' | 'darker' } = {};
  busy = false;
  /** Why there is no preview: nothing found, or the request failed (a message for the person). */
  problem: Notice | null = null;
  /** Enter pressed while an answer was still coming: keep that answer. */
  private keepWhenDone = false;
  private readonly queue: PreviewQueue<AssistRequest, AssistAnswer>;

  constructor(
    readonly editor: Editor,
    readonly method: AssistMethod,
  ) {
    this.queue = new PreviewQueue((req) => this.send(req), {
      result: (res, _req, latest) => {
        this.mask = res.mask;
        this.answered = { level: res.level, polarity: res.polarity };
        if (this.method === 'threshold' && this.level === null && res.level !== undefined && latest) this.level = res.level;
        this.problem = res.mask ? null : { key: `assist.nothing.${this.method}` };
        if (latest && this.keepWhenDone) {
          this.keepWhenDone = false;
          this.keep();
        }
        editor.changed();
      },
      error: (e, _req, latest) => {
        if (!latest) return;
        this.keepWhenDone = false;
        this.problem = { key: 'assist.failed', values: { message: (e as Error)?.message ?? String(e) } };
        editor.changed();
      },
      busy: (b) => {
        this.busy = b;
        editor.changed();
      },
    });
  }

  /** Whether there is anything to keep or drop. */
  get active(): boolean {
    return this.points.length > 0 || this.box !== null || this.mask !== null;
  }

  /**
   * Have the image made ready for this assist while the person moves to the first click (the tool
   * was picked, or the image opened with it). A failure is not shown here: the click reports it.
   */
  prepare(): void {
    void this.editor.assists?.prepare?.(assistDisplay(this.editor)).catch(() => undefined);
  }

  private send(req: AssistRequest): Promise<AssistAnswer> {
    const port = this.editor.assists;
    if (!port) return Promise.reject(new Error('the assists are not available here'));
    return port.preview(req);
  }

  /** The request for the current inputs, or null when they are not enough yet. */
  request(): AssistRequest | null {
    const ed = this.editor;
    const display = assistDisplay(ed);
    const base = display ? { display } : {};
    switch (this.method) {
      case 'wand':
        if (!this.points.some((p) => p.positive)) return null;
        return { method: 'wand', points: [...this.points], tolerance: this.tolerance, connectivity: this.connectivity, ...base };
      case 'grabcut':
        if (!this.box) return null;
        return { method: 'grabcut', box: this.box, points: [...this.points], hintRadius: hintRadiusFor(this.box), ...base };
      case 'threshold':
        if (!this.box) return null;
        return { method: 'threshold', box: this.box, polarity: this.polarity, ...(this.level === null ? {} : { level: this.level }), ...base };
    }
  }

  /** Ask for a preview of the current inputs (coalesced with any request already out). */
  refresh(): void {
    const req = this.request();
    if (!req) return;
    this.problem = null;
    this.queue.request(req);
    this.editor.changed();
  }

  setTolerance(t: number): void {
    const next = Math.max(0, Math.min(MAX_TOLERANCE, Math.round(t)));
    if (next === this.tolerance) return;
    this.tolerance = next;
    this.refresh();
  }

  setConnectivity(c: 4 | 8): void {
    this.connectivity = c;
    this.refresh();
  }

  setLevel(level: number | null): void {
    this.level = level === null ? null : Math.max(0, Math.min(255, Math.round(level)));
    this.refresh();
  }

  setPolarity(p: 'auto' | 'brighter' | 'darker'): void {
    this.polarity = p;
    this.refresh();
  }

  /**
   * Enter: the preview becomes one mask region of the current class (one undoable command). While
   * an answer is still coming, the latest one is kept when it arrives. False when there is nothing.
   */
  keep(): boolean {
    if (this.queue.busy) {
      if (!this.active) return false;
      this.keepWhenDone = true;
      return true;
    }
    const ed = this.editor;
    const m = this.mask;
    if (!m) {
      if (this.active) ed.setNotice(this.problem ?? { key: `assist.nothing.${this.method}` });
      return this.active;
    }
    const classId = ed.activeClassId;
    if (classId === null || !ed.classById(classId)) {
      ed.setNotice({ key: 'region.notice.pickClass' });
      return true;
    }
    const id = ed.newShapeId();
    ed.commit({ type: 'create', shapes: [{ id, kind: 'mask', classId, remoteId: null, x: m.x, y: m.y, w: m.w, h: m.h, bits: m.bits }] });
    ed.select([id], 'drawn');
    this.clear();
    return true;
  }

  /** Esc: drop the preview and its inputs (an answer on its way is ignored). */
  clear(): void {
    this.queue.drop();
    this.keepWhenDone = false;
    this.points = [];
    this.box = null;
    this.mask = null;
    this.answered = {};
    this.problem = null;
    if (this.method === 'threshold') this.level = null;
    this.editor.changed();
  }
}
