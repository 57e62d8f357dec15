import { type ErrorCode, LightboxError } from '../../api/errors.js';
import { RequestThread } from '../../jobs/requestThread.js';
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
  private readonly thread = new RequestThread<{ req: SamRequest }, { result: unknown }>(samWorkerCode, 'SAM', {
    idleMs: IDLE_MS,
    toError: (raw) => {
      const e = raw as { code: ErrorCode; message: string };
      return e.code === 'INTERNAL' ? new Error(e.message) : new LightboxError(e.code, e.message);
    },
  });
  /** How many encoder runs this thread was asked for (the bench and tests read it). */
  encoderRuns = 0;

  async call<R extends SamRequest>(req: R): Promise<Answer<R>> {
    if (req.op === 'embed') this.encoderRuns++;
    return (await this.thread.call({ req })).result as Answer<R>;
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

let shared: SamThread | null = null;

/** The process's one SAM thread. */
export function samThread(): SamThread {
  shared ??= new SamThread();
  return shared;
}
