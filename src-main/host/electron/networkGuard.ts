import type { Session } from 'electron';
import { APP_HOST, APP_SCHEME, FILES_SCHEME } from './appOrigin.js';

/**
 * The app makes no network request. Its pages come from `app://lightbox/`, dataset images from
 * `lightbox://`; `blob:` and `data:` URLs are memory the page made itself, and `devtools:` is the
 * developer tools of a dev build. Everything else a page or the main process asks Chromium to
 * fetch (http, https, ws, wss, ftp, file, any other scheme) is cancelled before it leaves.
 *
 * URL import is the one exception, and it does not pass through here: the person starts it, and
 * it runs in the main process with Node's http/https (src-main/dataset/safeFetch.ts), not with
 * Chromium's network stack.
 */
export function isRequestAllowed(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  switch (u.protocol) {
    case `${APP_SCHEME}:`:
      return u.host === APP_HOST;
    case `${FILES_SCHEME}:`:
    case 'blob:':
    case 'data:':
    case 'devtools:':
      return true;
    default:
      return false;
  }
}

/** Cancel every request outside the app on a session, and refuse every download it would start. */
export function installNetworkGuard(ses: Session): void {
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isRequestAllowed(details.url);
    if (!allowed) console.warn(`[lightbox] refused a network request: ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  // Nothing is saved through Chromium's download manager; exports are written by the main process.
  ses.on('will-download', (event) => event.preventDefault());
}
