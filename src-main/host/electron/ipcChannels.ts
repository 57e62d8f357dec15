import type { ErrorPayload } from '../../api/errors.js';

/**
 * IPC channel names shared by main and the preload. Kept apart from ipc.ts so the preload bundle
 * does not pull in the services.
 */

/** `lightbox:call:<method>`: one invoke channel per contract method. */
export const CALL_CHANNEL_PREFIX = 'lightbox:call:';
/** The one channel main pushes contract events on, as `(name, payload)`. */
export const EVENT_CHANNEL = 'lightbox:event';

export function callChannel(method: string): string {
  return `${CALL_CHANNEL_PREFIX}${method}`;
}

/**
 * What a call returns over IPC. Electron keeps only `message` of an error thrown by a handler, so
 * errors travel as data and the preload turns `{ ok: false }` into a rejection with the payload.
 */
export type CallEnvelope = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };
