import type { LightboxBridge } from '../../src-main/api/index.js';
import { type Api, encodePath, typed } from './Bridge.js';
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
      thumbUrl: (id) => `lightbox://thumbs/${id}`,
      previewUrl: (id) => `lightbox://previews/${id}`,
    });
  }
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rpc${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  return typed(createWsBridge(wsUrl), 'web', {
    fileUrl: (rel) => `/files/${encodePath(rel)}`,
    thumbUrl: (id) => `/thumbs/${id}`,
    previewUrl: (id) => `/previews/${id}`,
  });
}
