import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { methodNames } from '../../api/contract.js';
import { dispatch, toErrorPayload } from '../../services/dispatch.js';
import type { Session } from '../../services/Session.js';
import { isAppOrigin } from './appOrigin.js';
import { type CallEnvelope, EVENT_CHANNEL, callChannel } from './ipcChannels.js';

/**
 * One `ipcMain.handle` per contract method, made by looping over the contract. A call from any
 * frame that is not one of the app's own pages is refused before anything runs.
 */
export function registerIpcHandlers(ipcMain: IpcMain, session: Session): void {
  for (const method of methodNames) {
    ipcMain.handle(callChannel(method), async (event: IpcMainInvokeEvent, params: unknown): Promise<CallEnvelope> => {
      const url = event.senderFrame?.url;
      if (!isAppOrigin(url)) {
        console.warn(`[lightbox] refused ${method} from ${String(url).slice(0, 200)}`);
        throw new Error('Refused: only Lightbox pages may call Lightbox.');
      }
      try {
        return { ok: true, result: (await dispatch(session, method, params)) ?? null };
      } catch (e) {
        return { ok: false, error: toErrorPayload(e) };
      }
    });
  }
}

/** Carry the session's events to a window, as long as it shows one of the app's pages. */
export function forwardEvents(session: Session, contents: () => WebContents | null): () => void {
  return session.onEvent((name, payload) => {
    const wc = contents();
    if (!wc || wc.isDestroyed() || !isAppOrigin(wc.getURL())) return;
    wc.send(EVENT_CHANNEL, name, payload);
  });
}
