import fs from 'node:fs';
import path from 'node:path';
import { resolveInside } from '../dataset/pathSafety.js';
import type { FileResponse } from '../services/fileAccess.js';

/** The types the built renderer is made of; anything else in its folder is not served. */
const STATIC_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

function plain(status: number, body: string): FileResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }, body };
}

/**
 * A file of the built renderer (`dist/renderer`) for a URL path, for both hosts: the web host's
 * `/…` and Electron's `app://lightbox/…`. Confined to the folder by the path-safety module, so
 * `..` or a symlink cannot reach anything else; pages carry the CSP the host passes in.
 */
export function readRendererFile(rendererDir: string, urlPath: string, csp: string): FileResponse {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath).replace(/^\/+/, '');
  } catch {
    return plain(400, 'Malformed path.');
  }
  if (rel === '') rel = 'index.html';
  const type = STATIC_TYPES[path.extname(rel).toLowerCase()];
  let file: string | null = null;
  try {
    file = type ? resolveInside(rendererDir, rel) : null;
  } catch {
    file = null;
  }
  if (!file || !fs.statSync(file).isFile()) {
    if (rel === 'index.html') return plain(500, 'The renderer is not built. Run `npm run build` first.');
    return plain(404, 'Not found.');
  }
  return {
    status: 200,
    headers: {
      'Content-Type': type!,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': csp,
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    },
    body: fs.readFileSync(file),
  };
}
