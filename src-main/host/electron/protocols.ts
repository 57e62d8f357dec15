import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { CustomScheme, Protocol } from 'electron';
import { type FileResponse, readDatasetFile, readDerived } from '../../services/fileAccess.js';
import type { Session } from '../../services/Session.js';
import { buildContentSecurityPolicy } from '../contentSecurityPolicy.js';
import { readRendererFile } from '../rendererFiles.js';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, FILES_SCHEME } from './appOrigin.js';

/** The CSP of the app's pages: the shared policy, plus the `lightbox:` scheme for dataset images. */
export function electronContentSecurityPolicy(): string {
  return buildContentSecurityPolicy({ img: [`${FILES_SCHEME}:`], connect: [`${FILES_SCHEME}:`] });
}

/**
 * Both schemes are `standard` (real origins, relative URLs resolve) and `secure` (no mixed-content
 * downgrade from the app's pages). `lightbox:` is CORS-enabled so the renderer may draw an image on
 * a canvas and read it back (with `crossOrigin="anonymous"`). Must run before the app is ready.
 */
export const privilegedSchemes: CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: FILES_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
];

function toResponse(r: FileResponse, method: string): Response {
  const stream = () => Readable.toWeb(fs.createReadStream(r.file!)) as ReadableStream<Uint8Array>;
  const body = method === 'HEAD' ? null : r.file ? stream() : typeof r.body === 'string' ? r.body : new Uint8Array(r.body);
  return new Response(body, { status: r.status, headers: r.headers });
}

function refuse(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

/**
 * The still-encoded path after `<scheme>://<host>/`, taken from the URL as a string: parsing it
 * with `URL` would already have decoded dot segments, and the path-safety module must judge what
 * actually came in.
 */
function rawPathAfter(url: string, prefix: string): string | null {
  if (!url.toLowerCase().startsWith(prefix)) return null;
  return url.slice(prefix.length).split(/[?#]/)[0]!;
}

/** `app://lightbox/…`: the built renderer only, with the CSP as a response header. */
export function appProtocolHandler(rendererDir: string): (request: Request) => Response {
  const csp = electronContentSecurityPolicy();
  return (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed.');
    const raw = rawPathAfter(request.url, `${APP_SCHEME}://${APP_HOST}/`);
    if (raw === null) return refuse(404, 'Not found.');
    return toResponse(readRendererFile(rendererDir, raw, csp), request.method);
  };
}

/**
 * `lightbox://files/<rel>`, `lightbox://thumbs/<id>` and `lightbox://previews/<id>`: the same confined routes as the web host
 * (real path inside the open dataset, image types only, nosniff). Only the app's pages can reach
 * this scheme (it exists only in the app's session, and navigation elsewhere is refused), so the
 * resources are marked for cross-origin use by the app origin.
 */
export function filesProtocolHandler(session: Session): (request: Request) => Promise<Response> {
  const forApp = (r: FileResponse): FileResponse => ({
    ...r,
    headers: { ...r.headers, 'Cross-Origin-Resource-Policy': 'cross-origin', 'Access-Control-Allow-Origin': APP_ORIGIN, Vary: 'Origin' },
  });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed.');
    const file = rawPathAfter(request.url, `${FILES_SCHEME}://files/`);
    if (file !== null) return toResponse(forApp(readDatasetFile(session, file)), request.method);
    for (const kind of ['thumbs', 'previews'] as const) {
      const ref = rawPathAfter(request.url, `${FILES_SCHEME}://${kind}/`);
      if (ref === null) continue;
      const id = /^\d{1,15}$/.test(ref) ? Number(ref) : NaN;
      // ?v=<short content hash>: the address changes with the content (ImageRow.version).
      const v = /[?&]v=([0-9a-f]{1,64})(?:[&#]|$)/.exec(request.url)?.[1] ?? null;
      return toResponse(forApp(await readDerived(session, id, kind, v)), request.method);
    }
    return refuse(404, 'Not found.');
  };
}

/** Serve both schemes on a session's protocol object. */
export function handleProtocols(protocol: Protocol, session: Session, rendererDir: string): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir));
  protocol.handle(FILES_SCHEME, filesProtocolHandler(session));
}
