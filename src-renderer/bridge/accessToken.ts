/** Where the page keeps the web host's access token between reloads: sessionStorage is per tab and per port. */
export const TOKEN_KEY = 'lightbox.token';

export interface TokenStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * The access token of `lightbox serve`: taken from the address the page was opened with (`?token=`
 * as serve prints it, or `#token=`), then removed from it with `replaceUrl`, so it is not in the
 * address bar, the history or a copied link; kept in `store` so a reload (whose address has no token)
 * still connects. Never a cookie: the browser would send it to every other server on 127.0.0.1.
 * `store` is null where storage is refused; the token then lives only as long as the page.
 */
export function takeAccessToken(href: string, store: TokenStore | null, replaceUrl: (url: string) => void): string {
  const url = new URL(href);
  const fromQuery = url.searchParams.get('token');
  const fromHash = url.hash.startsWith('#token=') ? new URLSearchParams(url.hash.slice(1)).get('token') : null;
  const given = fromQuery ?? fromHash;
  if (given === null) {
    try {
      return store?.getItem(TOKEN_KEY) ?? '';
    } catch {
      return '';
    }
  }
  try {
    store?.setItem(TOKEN_KEY, given);
  } catch {
    // Storage full or refused: this page still works; a reload asks for the printed address again.
  }
  url.searchParams.delete('token');
  if (fromQuery === null) url.hash = '';
  replaceUrl(`${url.pathname}${url.search}${url.hash}`);
  return given;
}
