/**
 * The one Content-Security-Policy of the renderer, whichever host serves it. Each host adds only
 * what its transport needs: the web host its WebSocket, Electron its `lightbox:` image protocol.
 * A page that needs more (a worker, a font from elsewhere) changes it here, for both hosts.
 */
export interface CspExtraSources {
  /** Extra `connect-src` sources (the web host's ws:// address, Electron's image protocol). */
  connect?: string[];
  /** Extra `img-src` sources. */
  img?: string[];
}

export function buildContentSecurityPolicy(extra: CspExtraSources = {}): string {
  const list = (base: string[], more: string[] | undefined) => [...base, ...(more ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src ${list(["'self'", 'blob:', 'data:'], extra.img)}`,
    "media-src 'self' blob: mediastream:",
    `connect-src ${list(["'self'"], extra.connect)}`,
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
