import { RequestThread } from '../jobs/requestThread.js';
import visionWorkerCode from './visionWorker.js?thread';
import type { EncodedResult, MaskOp, VisionOp, VisionParams, VisionResult } from './visionOps.js';

/**
 * The main process's handle on the vision worker thread: the assists run there, so a GrabCut of a
 * few hundred milliseconds never holds up RPC. One thread (OpenCV's heap is per thread and large),
 * started on first use and stopped after a quiet spell; requests queue on it in order.
 */

export class VisionThread {
  /** The image object the worker holds (sent last); its pixels must not change while it is used. Gone with the thread. */
  private workerImage: unknown = undefined;
  private readonly thread = new RequestThread<{ op: VisionOp; params: unknown; sameImage?: true; encode?: true }, { result: unknown }>(visionWorkerCode, 'vision', {
    onStop: () => (this.workerImage = undefined),
  });

  /**
   * Run one assist on the thread. Rejects with the worker's message when OpenCV fails. Passing the
   * same image object as the call before reuses the worker's copy instead of sending it again.
   */
  async call<K extends VisionOp>(op: K, params: VisionParams<K>): Promise<VisionResult<K>> {
    return (await this.send(op, params, false)) as VisionResult<K>;
  }

  /**
   * The same, with the result's mask encoded in the worker (its runs as text, and its area), as
   * the contract carries it: a preview of megapixels costs the main thread nothing.
   */
  async callEncoded<K extends MaskOp>(op: K, params: VisionParams<K>): Promise<EncodedResult<K>> {
    return (await this.send(op, params, true)) as EncodedResult<K>;
  }

  private async send(op: VisionOp, params: unknown, encode: boolean): Promise<unknown> {
    const flags = encode ? { encode: true as const } : {};
    // The worker keeps the last image it was sent: a wand dragged through tolerances sends it once.
    const image = (params as { image?: unknown }).image;
    if (image !== undefined && image === this.workerImage) {
      return (await this.thread.call({ op, params: { ...(params as object), image: undefined }, sameImage: true, ...flags })).result;
    }
    const answer = this.thread.call({ op, params, ...flags });
    if (image !== undefined) this.workerImage = image;
    return (await answer).result;
  }

  /** Stop the thread now (pending calls fail). */
  close(): Promise<void> {
    return this.thread.close();
  }
}

let shared: VisionThread | null = null;

/** The process's one vision thread. */
export function visionThread(): VisionThread {
  shared ??= new VisionThread();
  return shared;
}
