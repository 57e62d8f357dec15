import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * SHA-256 of file contents. Hashing runs on the thread that feeds it, so large files are hashed in
 * a small pool of worker threads: the main process stays responsive while a scan reads gigabytes,
 * and every core hashes. Small files are not worth the hop.
 */

const POOL_MIN_BYTES = 512 * 1024;
const IDLE_MS = 5_000;

// Plain JS evaluated in each worker: nothing to bundle, the same under esbuild, vitest and Electron.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const buf = Buffer.allocUnsafe(1 << 20);
parentPort.on('message', ({ id, file }) => {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    const h = createHash('sha256');
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
    parentPort.postMessage({ id, hex: h.digest('hex') });
  } catch (e) {
    parentPort.postMessage({ id, error: { message: String(e && e.message), code: e && e.code } });
  } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch {}
  }
});
`;

interface Pending {
  resolve: (hex: string) => void;
  reject: (e: Error) => void;
}

class HashPool {
  private workers: { worker: Worker; busy: number }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly size: number) {}

  hash(file: string): Promise<string> {
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    if (this.workers.length < this.size) this.spawn();
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    slot.busy++;
    return new Promise<string>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (hex) => {
          slot.busy--;
          this.maybeIdle();
          resolve(hex);
        },
        reject: (e) => {
          slot.busy--;
          this.maybeIdle();
          reject(e);
        },
      });
      slot.worker.postMessage({ id, file });
    });
  }

  private spawn(): void {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (m: { id: number; hex?: string; error?: { message: string; code?: string } }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.hex) p.resolve(m.hex);
      else p.reject(Object.assign(new Error(m.error?.message ?? 'hash failed'), { code: m.error?.code }));
    });
    worker.on('error', () => this.drop(worker));
    worker.on('exit', () => this.drop(worker));
    this.workers.push({ worker, busy: 0 });
  }

  /** A worker that died takes its requests with it: they fail, and the next call spawns anew. */
  private drop(worker: Worker): void {
    this.workers = this.workers.filter((w) => w.worker !== worker);
    if (this.workers.length === 0) {
      for (const p of this.pending.values()) p.reject(new Error('the hashing thread stopped'));
      this.pending.clear();
    }
  }

  /** Stop the threads after a quiet spell, so an idle app holds no extra memory. */
  private maybeIdle(): void {
    if (this.pending.size > 0 || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.pending.size > 0) return;
      for (const w of this.workers) void w.worker.terminate();
      this.workers = [];
    }, IDLE_MS);
    this.idleTimer.unref();
  }
}

let pool: HashPool | null = null;

function hashOnThisThread(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    fs.createReadStream(file, { highWaterMark: 1 << 20 })
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

export async function sha256File(file: string): Promise<string> {
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch {
    // let the read below report it
  }
  if (size < POOL_MIN_BYTES) return hashOnThisThread(file);
  pool ??= new HashPool(Math.max(1, Math.min(4, os.availableParallelism())));
  return pool.hash(file);
}

export function sha256Buffer(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}
