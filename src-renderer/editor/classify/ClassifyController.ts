import type { ImageFilter, ImageRow, MethodName, Params, Result } from '../../../src-main/api/index.js';

/** The slice of the bridge the controller needs; the real Api satisfies it, and so does a test double over real services. */
export interface CallApi {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>;
}

export interface ClassifyState {
  /** Image ids in list order (the library's filter and sort). */
  ids: number[];
  index: number;
  image: ImageRow | null;
  mode: 'single' | 'multi';
  /** Writes sent and not yet acknowledged by the store. */
  pending: number;
  /** A short message for the status line (undo/redo outcome, an error). */
  message: { key: string; args?: Record<string, unknown>; error?: boolean } | null;
}

type Listener = (s: ClassifyState) => void;

/**
 * The keyboard labeling loop, outside React: which image is shown, what a class key does in each
 * mode, moving on, undo/redo. Every write goes to the store first; `pending` tells the UI whether
 * everything it shows is saved.
 */
export class ClassifyController {
  private s: ClassifyState = { ids: [], index: 0, image: null, mode: 'single', pending: 0, message: null };
  private readonly listeners = new Set<Listener>();
  private filter: ImageFilter = {};
  private sort: 'name' | 'added' | 'edited' | 'score' | 'margin' = 'name';
  private loadSeq = 0;
  /** Ids of the list whose file cannot be read: moving on (next, previous, N, a class key) passes over them. */
  private unreadable = new Set<number>();
  /** Rows read for the filmstrip: moving onto one shows it at once, and the store's answer follows. */
  private readonly known = new Map<number, ImageRow>();

  constructor(private readonly api: CallApi) {}

  get state(): ClassifyState {
    return this.s;
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private set(patch: Partial<ClassifyState>): void {
    this.s = { ...this.s, ...patch };
    for (const l of this.listeners) l(this.s);
  }

  private async write<T>(p: Promise<T>): Promise<T> {
    this.set({ pending: this.s.pending + 1 });
    try {
      return await p;
    } catch (e) {
      this.set({ message: { key: 'error', args: { message: (e as Error).message }, error: true } });
      throw e;
    } finally {
      this.set({ pending: this.s.pending - 1 });
    }
  }

  /** Load the list (filter/sort as in the library) and show `startId`, or the first image. */
  async load(opts: { filter?: ImageFilter; sort?: 'name' | 'added' | 'edited' | 'score' | 'margin'; startId?: number } = {}): Promise<void> {
    this.filter = opts.filter ?? {};
    this.sort = opts.sort ?? 'name';
    const [{ ids }, { mode }, bad] = await Promise.all([
      this.api.call('images.ids', { filter: this.filter, sort: this.sort }),
      this.api.call('labels.mode', {}),
      // A list of only unreadable files (the library's Unreadable filter) is walked through as it is.
      this.filter.unreadable === true ? Promise.resolve({ ids: [] as number[] }) : this.api.call('images.ids', { filter: { ...this.filter, unreadable: true } }),
    ]);
    this.unreadable = new Set(bad.ids);
    this.known.clear();
    const at = opts.startId !== undefined ? Math.max(0, ids.indexOf(opts.startId)) : Math.max(0, ids.findIndex((id) => !this.unreadable.has(id)));
    this.set({ ids, mode });
    await this.goto(at);
  }

  async setMode(mode: 'single' | 'multi'): Promise<void> {
    await this.write(this.api.call('labels.setMode', { mode }));
    this.set({ mode });
  }

  async goto(index: number): Promise<void> {
    const ids = this.s.ids;
    if (ids.length === 0) {
      this.set({ index: 0, image: null });
      return;
    }
    const i = Math.max(0, Math.min(ids.length - 1, index));
    const seq = ++this.loadSeq;
    const id = ids[i]!;
    // The image being left may have just been labeled: its known row is no longer true.
    if (this.s.image) this.known.delete(this.s.image.id);
    const seen = this.known.get(id);
    this.set(seen ? { index: i, image: seen } : { index: i });
    const image = await this.api.call('images.get', { id });
    if (seq === this.loadSeq && !(seen && sameRow(seen, image))) this.set({ image });
  }

  /**
   * Rows of the images around the current one, as the filmstrip read them. "Next" onto one of them
   * shows it without waiting for the store; the store's row replaces it when it differs.
   */
  know(rows: readonly (ImageRow | null)[]): void {
    this.known.clear();
    for (const row of rows) if (row && row.id !== this.s.image?.id) this.known.set(row.id, row);
  }

  /** The nearest index from the current one in direction `d` whose file can be read, or the current index when there is none. */
  private readableStep(d: 1 | -1): number {
    for (let i = this.s.index + d; i >= 0 && i < this.s.ids.length; i += d) if (!this.unreadable.has(this.s.ids[i]!)) return i;
    return this.s.index;
  }

  next(): Promise<void> {
    return this.goto(this.readableStep(1));
  }

  prev(): Promise<void> {
    return this.goto(this.readableStep(-1));
  }

  /** The next image (after the current one, wrapping) that has no label. */
  async nextUnlabeled(): Promise<void> {
    const { ids } = await this.api.call('images.ids', { filter: { ...this.filter, labeled: false, unreadable: false }, sort: this.sort });
    if (ids.length === 0) {
      this.set({ message: { key: 'workspace.allLabeled' } });
      return;
    }
    const unlabeled = new Set(ids);
    const n = this.s.ids.length;
    for (let step = 1; step <= n; step++) {
      const i = (this.s.index + step) % n;
      if (unlabeled.has(this.s.ids[i]!)) return this.goto(i);
    }
  }

  /**
   * A class key: in single-label mode the image gets that class and the next image is shown at
   * once (the write is acknowledged in the background); in multi-label mode the tag is toggled.
   */
  async applyClass(classId: number): Promise<void> {
    const image = this.s.image;
    if (!image) return;
    if (image.error) {
      // The store refuses it too; saying so here keeps the key from looking like it did something.
      this.set({ message: { key: 'workspace.cannotLabel', error: true } });
      return;
    }
    if (this.s.mode === 'single') {
      const saved = this.write(this.api.call('labels.set', { imageId: image.id, classId }));
      const moving = this.readableStep(1) !== this.s.index ? this.next() : Promise.resolve();
      await saved;
      await moving;
      if (this.s.image?.id === image.id) await this.refresh();
      return;
    }
    const r = await this.write(this.api.call('labels.toggle', { imageId: image.id, classId }));
    if (this.s.image?.id === image.id) this.set({ image: { ...this.s.image, tags: r.tags } });
  }

  async clear(): Promise<void> {
    const image = this.s.image;
    if (!image) return;
    const r = await this.write(this.api.call('labels.clear', { imageId: image.id }));
    if (this.s.image?.id === image.id) this.set({ image: { ...this.s.image, tags: r.tags } });
  }

  async setStatus(status: 'done' | 'skipped'): Promise<void> {
    const image = this.s.image;
    if (!image) return;
    await this.write(this.api.call('images.setStatus', { ids: [image.id], status }));
    if (this.s.index < this.s.ids.length - 1) await this.next();
    else await this.refresh();
  }

  /** Undo or redo the last command, then show the image it touched. */
  async step(direction: 'undo' | 'redo'): Promise<void> {
    const r = await this.write(this.api.call(direction === 'undo' ? 'labels.undo' : 'labels.redo', {}));
    if (!r.applied) {
      this.set({ message: { key: direction === 'undo' ? 'workspace.nothingToUndo' : 'workspace.nothingToRedo' } });
      return;
    }
    const touched = r.imageIds.length === 1 ? this.s.ids.indexOf(r.imageIds[0]!) : -1;
    if (touched >= 0 && touched !== this.s.index) await this.goto(touched);
    else await this.refresh();
    // After the move, so the message belongs to the image it is about (the status line clears it on the next image).
    this.set({ message: { key: direction === 'undo' ? 'workspace.undone' : 'workspace.redone', args: { what: r.kind ?? 'other' } } });
  }

  async refresh(): Promise<void> {
    const image = this.s.image;
    if (!image) return;
    const fresh = await this.api.call('images.get', { id: image.id });
    if (this.s.image?.id === fresh.id) this.set({ image: fresh });
  }
}

/** The same row as the store gives it (rows are plain JSON, their keys in the store's order). */
function sameRow(a: ImageRow, b: ImageRow): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
