/**
 * The capture modes as a small state machine outside React: single shot, burst (N frames at an
 * interval) and hold-to-record (frames at a rate while a class key is held). Frames are grabbed
 * one at a time and saved with at most `maxInFlight` saves pending, so a slow disk or link lowers
 * the frame rate instead of piling up frames in memory. Tested in Node with fake grab/save.
 */

export interface Frame {
  format: 'jpeg' | 'png';
  dataBase64: string;
}

export interface Saved {
  imageId: number;
  path: string;
  classId: number;
  classCount: number;
}

export interface CaptureDeps {
  grab(): Promise<Frame>;
  save(classId: number, frame: Frame): Promise<Saved>;
  undo(): Promise<{ imageId: number; path: string; classIds: number[] } | null>;
  /** Milliseconds; injectable for tests. */
  now?(): number;
  sleep?(ms: number): Promise<void>;
}

export type CaptureMode = 'idle' | 'burst' | 'recording';

export interface CaptureState {
  mode: CaptureMode;
  /** Class receiving the frames of the running burst or recording. */
  classId: number | null;
  /** Images per class, as the store reported after the latest save or undo. */
  counts: Record<number, number>;
  /** Frames saved since the screen opened. */
  saved: number;
  inFlight: number;
  last: Saved | null;
  /** Frames per second of the last finished recording. */
  lastRate: number | null;
  error: unknown;
}

export class CaptureController {
  state: CaptureState = { mode: 'idle', classId: null, counts: {}, saved: 0, inFlight: 0, last: null, lastRate: null, error: null };
  private readonly listeners = new Set<(s: CaptureState) => void>();
  private run = 0;
  private pending = new Set<Promise<unknown>>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly deps: CaptureDeps,
    private readonly maxInFlight = 3,
  ) {
    this.now = deps.now ?? (() => performance.now());
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  subscribe(l: (s: CaptureState) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private set(patch: Partial<CaptureState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  setCounts(counts: Record<number, number>): void {
    this.set({ counts: { ...counts } });
  }

  /** Grab now, save in the background; resolves once the frame is grabbed (not yet saved). */
  private async one(classId: number, run?: number): Promise<boolean> {
    while (this.state.inFlight >= this.maxInFlight) await Promise.race(this.pending);
    if (run !== undefined && run !== this.run) return false; // stopped while waiting for room
    const frame = await this.deps.grab();
    this.set({ inFlight: this.state.inFlight + 1 });
    const p = this.deps
      .save(classId, frame)
      .then(
        (saved) => this.set({ saved: this.state.saved + 1, last: saved, counts: { ...this.state.counts, [saved.classId]: saved.classCount } }),
        (e) => {
          this.set({ error: e });
          this.stop();
        },
      )
      .finally(() => {
        this.pending.delete(p);
        this.set({ inFlight: this.state.inFlight - 1 });
      });
    this.pending.add(p);
    return true;
  }

  /** Single shot into `classId`. */
  async shot(classId: number): Promise<void> {
    if (this.state.mode !== 'idle') return;
    try {
      await this.one(classId);
    } catch (e) {
      this.set({ error: e });
    }
  }

  /** `count` frames, `intervalMs` apart, into `classId`. */
  async burst(classId: number, count: number, intervalMs: number): Promise<void> {
    if (this.state.mode !== 'idle') return;
    const run = ++this.run;
    this.set({ mode: 'burst', classId, error: null });
    try {
      for (let i = 0; i < count && this.run === run; i++) {
        const t0 = this.now();
        await this.one(classId, run);
        const wait = intervalMs - (this.now() - t0);
        if (i < count - 1 && wait > 0) await this.sleep(wait);
      }
    } catch (e) {
      this.set({ error: e });
    } finally {
      if (this.run === run) this.set({ mode: 'idle', classId: null });
    }
  }

  /** Record into `classId` at `rate` frames per second until `stop()` (the key is released). */
  async record(classId: number, rate: number): Promise<void> {
    if (this.state.mode !== 'idle') return;
    const run = ++this.run;
    const period = 1000 / rate;
    const start = this.now();
    this.set({ mode: 'recording', classId, error: null });
    let frames = 0;
    let first = 0;
    let last = 0;
    try {
      while (this.run === run) {
        const due = start + frames * period;
        const wait = due - this.now();
        if (wait > 0) await this.sleep(wait);
        if (this.run !== run) break;
        const t = this.now();
        if (!(await this.one(classId, run))) break;
        if (frames === 0) first = t;
        last = t;
        frames++;
      }
    } catch (e) {
      this.set({ error: e });
    }
    await this.settle();
    // Frames per second between the first and the last frame grabbed.
    this.set({ lastRate: frames >= 2 && last > first ? ((frames - 1) * 1000) / (last - first) : null });
    const now: CaptureState = this.state; // re-read: stop() may have changed it while awaiting
    if (now.mode === 'recording' && now.classId === classId && this.run === run) this.set({ mode: 'idle', classId: null });
  }

  /** Stop a burst or a recording (key released, device gone, error). */
  stop(): void {
    this.run++;
    if (this.state.mode !== 'idle') this.set({ mode: 'idle', classId: null });
  }

  /** Wait until every frame grabbed so far is saved (or failed). */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Remove the latest capture (waits for pending saves first, so "latest" is well defined). */
  async undo(): Promise<boolean> {
    this.stop();
    await this.settle();
    const removed = await this.deps.undo();
    if (!removed) return false;
    const counts = { ...this.state.counts };
    for (const c of removed.classIds) counts[c] = Math.max(0, (counts[c] ?? 1) - 1);
    this.set({ counts, saved: Math.max(0, this.state.saved - 1), last: null });
    return true;
  }
}
