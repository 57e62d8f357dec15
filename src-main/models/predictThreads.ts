import type { Worker } from 'node:worker_threads';
import { LightboxError } from '../api/errors.js';
import { startThread } from '../jobs/thread.js';
import type { InputSource } from './modelInput.js';
import { compiledRuntimeWasm } from './onnxRuntime.js';
import type { FromWorker, PredictWorkerData, Prediction } from './predictProtocol.js';
import predictWorkerCode from './predictWorker.js?thread';

/**
 * Worker threads that each hold a session on one model and predict one image at a time. `predict`
 * goes to an idle thread (or waits for one); `close` terminates them, which is also how a model
 * that takes a minute per image is cancelled: the thread is stopped, not asked.
 */
export class PredictThreads {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private readonly all: Worker[] = [];
  private nextId = 1;

  private constructor() {}

  /**
   * Start `count` threads and wait until each has its session (a model the runtime cannot run is
   * refused here). The runtime's wasm is compiled once, here, and shared with every thread
   * (`shareWasm: false`: each thread compiles its own, as before; the bench's baseline).
   */
  static async start(data: PredictWorkerData, count: number, opts: { shareWasm?: boolean } = {}): Promise<PredictThreads> {
    const pool = new PredictThreads();
    if (!data.wasm && opts.shareWasm !== false) data = { ...data, wasm: await compiledRuntimeWasm() };
    try {
      await Promise.all(
        Array.from({ length: count }, async () => {
          const w = startThread(predictWorkerCode, data);
          pool.all.push(w);
          await new Promise<void>((resolve, reject) => {
            const onMessage = (m: FromWorker) => {
              if (m.type === 'ready') resolve();
              else if (m.type === 'fatal') reject(new LightboxError(m.code === 'BAD_FILE' ? 'BAD_FILE' : 'INTERNAL', m.message));
              w.off('message', onMessage);
            };
            w.on('message', onMessage);
            w.once('error', reject);
            w.once('exit', (code) => reject(new Error(`the prediction thread stopped (exit code ${code})`)));
          });
          pool.release(w);
        }),
      );
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  private acquire(): Promise<Worker> {
    const w = this.idle.pop();
    return w ? Promise.resolve(w) : new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Predict one image; rejects with the reason when the file cannot be read or the model fails on it. */
  async predict(src: InputSource): Promise<Prediction> {
    const w = await this.acquire();
    const id = this.nextId++;
    try {
      return await new Promise<Prediction>((resolve, reject) => {
        const onMessage = (m: FromWorker) => {
          if ((m.type !== 'result' && m.type !== 'failed') || m.id !== id) return;
          cleanup();
          if (m.type === 'result') resolve(m.prediction);
          else reject(new Error(m.message));
        };
        const onExit = (code: number) => {
          cleanup();
          reject(new LightboxError('CANCELLED', `the prediction thread stopped (exit code ${code})`));
        };
        const cleanup = () => {
          w.off('message', onMessage);
          w.off('exit', onExit);
        };
        w.on('message', onMessage);
        w.on('exit', onExit);
        w.postMessage({ id, ...src });
      });
    } finally {
      this.release(w);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
    this.all.length = 0;
  }
}
