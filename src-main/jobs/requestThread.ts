import type { Worker } from 'node:worker_threads';
import { startThread } from './thread.js';

/**
 * A worker thread that answers requests in order: started on the first request, stopped after a
 * quiet spell, restarted on the next request after a crash. Each request is `{ id, ...message }`;
 * the worker answers `{ id, error }` or `{ id, ...result }`.
 */
export interface RequestThreadOptions {
  workerData?: unknown;
  /** Stopped after this long without a request (default 30 s). */
  idleMs?: number;
  /** Called when the thread stops (closed, idle, or died): what the caller knew of its state is gone. */
  onStop?: () => void;
  /** The worker's `error` field as the Error the caller's promise rejects with (default: a plain Error of its text). */
  toError?: (error: unknown) => Error;
}

export class RequestThread<Req extends object, Res> {
  private worker: Promise<Worker> | null = null;
  private readonly pending = new Map<number, { resolve: (r: Res) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly code: string,
    private readonly name: string,
    private readonly opts: RequestThreadOptions = {},
  ) {}

  async call(message: Req, transfer: ArrayBuffer[] = []): Promise<Res> {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    const id = this.nextId++;
    const result = new Promise<Res>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    try {
      const worker = await this.start();
      // Held while it works (a CLI awaiting an answer must not exit), let go when idle.
      worker.ref();
      worker.postMessage({ ...message, id }, transfer);
    } catch (e) {
      this.pending.delete(id);
      throw e;
    }
    return result.finally(() => this.maybeIdle());
  }

  /** Stop the thread now (pending calls fail). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.opts.onStop?.();
    this.failAll(new Error(`the ${this.name} thread was stopped`));
    if (w) await (await w).terminate();
  }

  private start(): Promise<Worker> {
    this.worker ??= Promise.resolve().then(() => {
      const worker = startThread(this.code, this.opts.workerData);
      worker.unref();
      worker.on('message', (m: { id: number; error?: unknown }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error !== undefined) p.reject(this.opts.toError ? this.opts.toError(m.error) : new Error(String(m.error)));
        else p.resolve(m as Res);
      });
      const died = (e: Error) => {
        if (this.worker === started) this.worker = null;
        this.opts.onStop?.();
        this.failAll(e);
      };
      worker.on('error', died);
      worker.on('exit', (code) => died(new Error(`the ${this.name} thread stopped (exit code ${code})`)));
      return worker;
    });
    const started = this.worker;
    // A failed start is not kept: the next call tries again, knowing nothing of this one.
    started.catch(() => {
      if (this.worker === started) this.worker = null;
      this.opts.onStop?.();
    });
    return started;
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private maybeIdle(): void {
    if (this.pending.size > 0 || this.idleTimer || !this.worker) return;
    void this.worker.then((w) => this.pending.size === 0 && w.unref(), () => undefined);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.pending.size === 0) void this.close();
    }, this.opts.idleMs ?? 30_000);
    this.idleTimer.unref();
  }
}
