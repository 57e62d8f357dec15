import type { LightboxBridge } from '../../src-main/api/index.js';
import { type Api, encodePath, typed, versionQuery } from './Bridge.js';
import { takeAccessToken } from './accessToken.js';
import { createWsBridge } from './wsBridge.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser. */
    lightbox?: LightboxBridge;
  }
}

/** Pick the transport this page was opened with. */
export function connectApi(): Api {
  if (window.lightbox) {
    return typed(window.lightbox, 'electron', {
      fileUrl: (rel) => `lightbox://files/${encodePath(rel)}`,
      thumbUrl: (id, v) => `lightbox://thumbs/${id}${versionQuery(v)}`,
      previewUrl: (id, v) => `lightbox://previews/${id}${versionQuery(v)}`,
    });
  }
  const token = takeAccessToken(location.href, sessionStore(), (url) => history.replaceState(history.state, '', url));
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rpc?token=${encodeURIComponent(token)}`;
  // Images are fetched under the per-session path: <img> cannot send a header, and a cookie would reach other ports.
  const base = `/s/${encodeURIComponent(token)}`;
  return typed(createWsBridge(wsUrl), 'web', {
    fileUrl: (rel) => `${base}/files/${encodePath(rel)}`,
    thumbUrl: (id, v) => `${base}/thumbs/${id}${versionQuery(v)}`,
    previewUrl: (id, v) => `${base}/previews/${id}${versionQuery(v)}`,
  });
}

function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
