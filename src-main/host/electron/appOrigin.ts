/**
 * The app's own origin: the renderer is loaded from `app://lightbox/`, so it has a real origin
 * that IPC, permissions and navigation checks can compare against. Dataset images come from the
 * separate `lightbox:` scheme (`lightbox://files/<rel>`, `lightbox://thumbs/<id>`).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'lightbox';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;
export const FILES_SCHEME = 'lightbox';

/**
 * True when `urlOrOrigin` (a frame URL, or an origin such as Chromium's `app://lightbox`) belongs
 * to the app's own pages. Compared by parts, not by `URL.origin`, which is "null" for custom schemes.
 */
export function isAppOrigin(urlOrOrigin: string | null | undefined): boolean {
  if (!urlOrOrigin) return false;
  let u: URL;
  try {
    u = new URL(urlOrOrigin);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}
