import type { Worker } from 'node:worker_threads';
import { type ErrorCode, LightboxError } from '../../api/errors.js';
import { startThread } from '../../jobs/thread.js';
import type { Embedding } from './samModels.js';
import type { DecodeAnswer, SamRequest } from './samOps.js';
import samWorkerCode from './samWorker.js?thread';

/**
 * The main process's handle on the SAM worker thread: one thread (each session holds its model in
 * the wasm heap), started on first use, stopped after a quiet spell; requests run in order.
 */

/** Starting the thread again costs seconds (the wasm runtime, the sessions): keep it through a long pause between images. */
const IDLE_MS = 10 * 60_000;

type Answer<R extends SamRequest> = R['op'] extends 'embed' ? Embedding : R['op'] extends 'decode' ? DecodeAnswer : null;

export class SamThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  /** How many encoder runs this thread was asked for (the bench and tests read it). */
  encoderRuns = 0;

  call<R extends SamRequest>(req: R): Promise<Answer<R>> {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    if (req.op === 'embed') this.encoderRuns++;
    const worker = this.start();
    worker.ref();
    const id = this.nextId++;
    const result = new Promise<Answer<R>>((resolve, reject) => this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject }));
    worker.postMessage({ id, req });
    return result.finally(() => this.maybeIdle());
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.failAll(new Error('the SAM thread was stopped'));
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startThread(samWorkerCode, undefined);
    worker.unref();
    worker.on('message', (m: { id: number; result?: unknown; error?: { code: ErrorCode; message: string } }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(m.error.code === 'INTERNAL' ? new Error(m.error.message) : new LightboxError(m.error.code, m.error.message));
      else p.resolve(m.result);
    });
    const died = (e: Error) => {
      if (this.worker === worker) this.worker = null;
      this.failAll(e);
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`the SAM thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private maybeIdle(): void {
    if (this.pending.size > 0 || this.idleTimer || !this.worker) return;
    this.worker.unref();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.pending.size === 0) void this.close();
    }, IDLE_MS);
    this.idleTimer.unref();
  }
}

let shared: SamThread | null = null;

/** The process's one SAM thread. */
export function samThread(): SamThread {
  shared ??= new SamThread();
  return shared;
}
