import type { Worker } from 'node:worker_threads';
import { startThread } from '../jobs/thread.js';
import visionWorkerCode from './visionWorker.js?thread';
import type { VisionOp, VisionParams, VisionResult } from './visionOps.js';

/**
 * The main process's handle on the vision worker thread: the assists run there, so a GrabCut of a
 * few hundred milliseconds never holds up RPC. One thread (OpenCV's heap is per thread and large),
 * started on first use and stopped after a quiet spell; requests queue on it in order.
 */

const IDLE_MS = 30_000;

interface Pending {
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

export class VisionThread {
  private worker: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  /** The image object the worker holds (sent last); its pixels must not change while it is used. */
  private workerImage: unknown = undefined;

  /**
   * Run one assist on the thread. Rejects with the worker's message when OpenCV fails. Passing the
   * same image object as the call before reuses the worker's copy instead of sending it again.
   */
  async call<K extends VisionOp>(op: K, params: VisionParams<K>): Promise<VisionResult<K>> {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    const id = this.nextId++;
    const result = new Promise<VisionResult<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
    });
    try {
      const worker = await this.start();
      // Held while it works (a CLI awaiting an answer must not exit), let go when idle.
      worker.ref();
      // The worker keeps the last image it was sent: a wand dragged through tolerances sends it once.
      const image = (params as { image?: unknown }).image;
      if (image !== undefined && image === this.workerImage) {
        worker.postMessage({ id, op, params: { ...params, image: undefined }, sameImage: true });
      } else {
        worker.postMessage({ id, op, params });
        if (image !== undefined) this.workerImage = image;
      }
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
    this.workerImage = undefined;
    this.failAll(new Error('the vision thread was stopped'));
    if (w) await (await w).terminate();
  }

  private start(): Promise<Worker> {
    this.worker ??= Promise.resolve().then(() => {
      // Bundled into this module (scripts/threadBundle.mjs), like the import thread: no second file to find.
      const worker = startThread(visionWorkerCode, undefined);
      worker.unref();
      worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error !== undefined) p.reject(new Error(m.error));
        else p.resolve(m.result);
      });
      const died = (e: Error) => {
        if (this.worker === started) this.worker = null;
        this.workerImage = undefined;
        this.failAll(e);
      };
      worker.on('error', died);
      worker.on('exit', (code) => died(new Error(`the vision thread stopped (exit code ${code})`)));
      return worker;
    });
    const started = this.worker;
    // A failed start is not cached: the next call tries again.
    started.catch(() => {
      if (this.worker === started) this.worker = null;
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
    }, IDLE_MS);
    this.idleTimer.unref();
  }
}

let shared: VisionThread | null = null;

/** The process's one vision thread. */
export function visionThread(): VisionThread {
  shared ??= new VisionThread();
  return shared;
}
