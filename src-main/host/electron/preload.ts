/**
 * The preload: the renderer's only door to the main process. It exposes exactly one object,
 * frozen, through contextBridge (the renderer bridge in src-renderer/bridge/ matches this shape):
 *
 *   window.lightbox: {
 *     call(method: string, params?: unknown): Promise<unknown>;
 *     on(event: string, listener: (payload: unknown) => void): () => void;
 *     pathForFile(file: File): string;
 *     readonly transport: 'electron';
 *   }
 *
 * call — resolves with the method's result (`null` for a method without one). Rejects with a
 *   plain object `{ code: ErrorCode, message: string, details?: unknown }` (an ErrorPayload of
 *   src-main/api/errors.ts), never an Error: contextBridge would strip an Error's `code`. The
 *   renderer rethrows it with `LightboxError.fromPayload(payload)`. An unknown method rejects with
 *   `{ code: 'UNKNOWN_METHOD' }`, params that are not plain data with `BAD_PARAMS`.
 * on — `listener` receives only the event's payload (never Electron's event object); the returned
 *   function unsubscribes. Event names and payloads are those of src-main/api/events.ts.
 * pathForFile(file: File): string — the dropped file's path on disk ('' when it has none), from
 *   Electron's webUtils; the drop target sends paths (acquire.addFiles) instead of bytes.
 * transport — a read-only marker; the renderer picks its image URLs from it:
 *   `lightbox://files/<dataset-relative path, each segment percent-encoded>` and
 *   `lightbox://thumbs/<image id>` (both served for the app origin with CORS, so an
 *   `<img crossOrigin="anonymous">` can be drawn on a canvas and read back).
 *
 * Over IPC (ipcChannels.ts): `invoke('lightbox:call:<method>', params)` answers a CallEnvelope,
 * `{ ok: true, result } | { ok: false, error: ErrorPayload }`; events arrive on `lightbox:event`
 * as `(name, payload)`.
 *
 * The window is sandboxed, so this file cannot require packages: scripts/build.mjs bundles it whole.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ErrorPayload } from '../../api/errors.js';
import { type CallEnvelope, EVENT_CHANNEL, callChannel } from './ipcChannels.js';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const l of listeners.get(name) ?? []) {
    try {
      l(payload);
    } catch (e) {
      console.error(`[lightbox] a listener of ${name} failed:`, e);
    }
  }
});

function failure(code: ErrorPayload['code'], message: string): ErrorPayload {
  return { code, message };
}

async function call(method: unknown, params?: unknown): Promise<unknown> {
  if (typeof method !== 'string' || method.length > 100) throw failure('UNKNOWN_METHOD', 'There is no such method.');
  let envelope: CallEnvelope;
  try {
    envelope = (await ipcRenderer.invoke(callChannel(method), params ?? {})) as CallEnvelope;
  } catch (e) {
    // invoke itself failed: no handler for that channel (not a contract method), or params that
    // cannot be copied to another process (a function, a DOM node).
    const text = String((e as Error)?.message ?? e);
    if (text.includes('No handler registered')) throw failure('UNKNOWN_METHOD', `There is no method "${method}".`);
    if (text.includes('could not be cloned')) throw failure('BAD_PARAMS', `The parameters of ${method} cannot be sent: they must be plain data.`);
    throw failure('INTERNAL', `Lightbox could not reach its main process: ${text.slice(0, 300)}`);
  }
  if (envelope.ok) return envelope.result;
  throw envelope.error;
}

function on(event: unknown, listener: unknown): () => void {
  if (typeof event !== 'string' || typeof listener !== 'function') {
    throw new TypeError('lightbox.on(event, listener) needs an event name and a function.');
  }
  const set = listeners.get(event) ?? new Set<Listener>();
  set.add(listener as Listener);
  listeners.set(event, set);
  return () => {
    set.delete(listener as Listener);
  };
}

/**
 * The path on disk of a file dropped on the window, so files already inside the dataset are
 * indexed in place instead of copied; '' for a file that has no path (pasted data).
 */
function pathForFile(file: unknown): string {
  try {
    return webUtils.getPathForFile(file as File);
  } catch {
    return '';
  }
}

contextBridge.exposeInMainWorld('lightbox', Object.freeze({ call, on, pathForFile, transport: 'electron' as const }));
