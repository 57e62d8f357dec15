import fs from 'node:fs';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeBinaryReply } from '../../api/binaryFrame.js';
import type { RpcEvent, RpcFailure, RpcRequest, RpcSuccess } from '../../api/rpc.js';
import { dispatch, toErrorPayload } from '../../services/dispatch.js';
import { readDatasetFile, readDerived, type FileResponse } from '../../services/fileAccess.js';
import type { Session } from '../../services/Session.js';
import { buildContentSecurityPolicy } from '../contentSecurityPolicy.js';
import { readRendererFile } from '../rendererFiles.js';

export interface WebHostOptions {
  port?: number;
  /** Folder holding the built renderer (index.html and assets). */
  rendererDir: string;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The renderer's one CSP (shared with the Electron window), plus the WebSocket back to this host. */
export function contentSecurityPolicy(port: number): string {
  return buildContentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
}

const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/** Where the page fetches dataset files, thumbnails and previews: `/s/<token>/files/…` and so on. */
const SESSION_PREFIX = '/s/';

/**
 * `lightbox serve`: the renderer in a browser, on 127.0.0.1 only. Not a public server: every
 * request for data (files, thumbnails, previews, the WebSocket) must carry the token, and
 * Host/Origin must name this loopback port, which stops DNS rebinding and other sites' pages from
 * reaching it. The token is never put in a cookie: cookies are not scoped by port, so the browser
 * would hand it to every other server on 127.0.0.1. The page takes it from its address once, keeps
 * it in sessionStorage (scoped by port) and removes it from the address; it then reaches the
 * WebSocket with `?token=` and the images under the per-session path `/s/<token>/`, with no Referer
 * sent anywhere. The page shell itself (index.html and its assets) holds no data and is served
 * without the token, so a reload, whose address no longer has it, still starts.
 */
export async function startWebHost(session: Session, opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const tokenBuf = Buffer.from(token);
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const isToken = (given: string | null | undefined): boolean => {
    if (!given) return false;
    const b = Buffer.from(given);
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf);
  };
  // Only the query or the per-session path: a cookie (sent by the browser to any port) never counts.
  const tokenOk = (url: URL): boolean => isToken(url.searchParams.get('token'));
  const hostOk = (req: http.IncomingMessage) => allowedHosts().has(req.headers.host ?? '');
  const originOk = (req: http.IncomingMessage) => {
    const origin = req.headers.origin;
    return origin === undefined || allowedOrigins().has(origin);
  };

  const send = (res: http.ServerResponse, r: FileResponse) => {
    // Addresses under /s/<token>/ must not travel on as a Referer, nor be kept by a shared cache.
    const cache = r.headers['Cache-Control'] ?? 'no-cache';
    res.writeHead(r.status, {
      ...r.headers,
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': cache.includes('private') || cache.includes('no-store') ? cache : `private, ${cache}`,
    });
    if (r.file) fs.createReadStream(r.file).on('error', () => res.destroy()).pipe(res);
    else res.end(r.body);
  };
  const deny = (res: http.ServerResponse, status: number, message: string) =>
    send(res, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }, body: message });

  const server = http.createServer((req, res) => {
    void (async () => {
      if (!hostOk(req)) return deny(res, 403, 'Refused: this server answers only to 127.0.0.1.');
      if (!originOk(req)) return deny(res, 403, 'Refused: requests from other sites are not allowed.');
      if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed.');
      const url = parseRequestUrl(req.url);
      if (!url) return deny(res, 400, 'Malformed address.');
      const refused = () => deny(res, 401, 'Refused: open the address printed by `lightbox serve` (it carries the access token).');
      // The raw path keeps percent-encoding, so traversal hidden in it is judged by the path module.
      let raw = (req.url ?? '/').split('?')[0]!;
      let p = url.pathname;
      let authorized = tokenOk(url);
      if (raw.startsWith(SESSION_PREFIX)) {
        const end = raw.indexOf('/', SESSION_PREFIX.length);
        if (!isToken(raw.slice(SESSION_PREFIX.length, end < 0 ? undefined : end))) return refused();
        authorized = true;
        raw = end < 0 ? '' : raw.slice(end);
        p = parseRequestUrl(raw)?.pathname ?? '';
        if (!/^\/(files|thumbs|previews)\//.test(raw) || !/^\/(files|thumbs|previews)\//.test(p)) return deny(res, 404, 'Not found.');
      }
      const isShell = p === '/' || p === '/index.html' || p.startsWith('/assets/') || p === '/favicon.ico';
      // A token that is given must be the right one: an old address says so instead of starting a page that cannot connect.
      if (url.searchParams.has('token') && !authorized) return refused();
      if (!isShell && !authorized) return refused();
      if (raw.startsWith('/files/')) return send(res, readDatasetFile(session, raw.slice('/files/'.length)));
      // ?v=<short content hash>: the address changes with the content (ImageRow.version).
      const v = url.searchParams.get('v');
      if (p.startsWith('/thumbs/')) return send(res, await readDerived(session, Number(p.slice('/thumbs/'.length)), 'thumbs', v));
      if (p.startsWith('/previews/')) return send(res, await readDerived(session, Number(p.slice('/previews/'.length)), 'previews', v));
      return send(res, readRendererFile(opts.rendererDir, p, contentSecurityPolicy(port)));
    })().catch((e) => {
      if (!res.headersSent) deny(res, 500, toErrorPayload(e).message);
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  // Every socket, so close() can end the ones no HTTP response or WebSocket owns (a refused upgrade).
  const sockets = new Set<Socket>();
  server.on('connection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });

  server.on('upgrade', (req, socket, head) => {
    // An exception here would escape the server and end the process: anything odd is refused.
    try {
      socket.on('error', () => socket.destroy());
      const url = parseRequestUrl(req.url);
      if (!url) {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
        return;
      }
      if (url.pathname !== '/rpc' || !hostOk(req) || !originOk(req) || !tokenOk(url)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    } catch {
      socket.destroy();
    }
  });

  wss.on('connection', (ws: WebSocket) => {
    const off = session.onEvent((name, payload) => {
      const ev: RpcEvent = { jsonrpc: '2.0', method: 'event', params: { name, payload } };
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(ev));
    });
    ws.on('close', off);
    // A message over the size limit or a malformed frame closes this connection (ws sends the
    // close code); without a listener the 'error' event would end the whole process.
    ws.on('error', () => ws.terminate());
    ws.on('message', (data) => {
      void handleMessage(data.toString())
        .then((reply) => {
          if (!reply || ws.readyState !== ws.OPEN) return;
          // A result with bytes (images.values) goes as one binary frame, not as base64 in JSON.
          const frame = 'result' in reply ? encodeBinaryReply(reply) : null;
          if (frame) ws.send(frame, { binary: true });
          else ws.send(serializeReply(reply));
        })
        .catch(() => undefined);
    });
  });

  async function handleMessage(text: string): Promise<RpcSuccess | RpcFailure | null> {
    let req: RpcRequest;
    try {
      req = JSON.parse(text) as RpcRequest;
    } catch {
      return { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error', data: { code: 'BAD_PARAMS', message: 'The message is not JSON.' } } };
    }
    const id = typeof req?.id === 'number' || typeof req?.id === 'string' ? req.id : null;
    if (req?.jsonrpc !== '2.0' || typeof req.method !== 'string' || id === null) {
      return { jsonrpc: '2.0', id, error: { code: -32600, message: 'Invalid request', data: { code: 'BAD_PARAMS', message: 'Not a JSON-RPC 2.0 request.' } } };
    }
    try {
      const result = await dispatch(session, req.method, req.params);
      return { jsonrpc: '2.0', id, result: result ?? null };
    } catch (e) {
      const data = toErrorPayload(e);
      const code = data.code === 'UNKNOWN_METHOD' ? -32601 : data.code === 'BAD_PARAMS' ? -32602 : -32000;
      return { jsonrpc: '2.0', id, error: { code, message: data.message, data } };
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        for (const sock of sockets) sock.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The request target as a URL, or null when it is not one (`//[`, a bare `http://[`...). */
function parseRequestUrl(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

/** A reply as JSON; one that cannot be written as JSON (too deep, a BigInt) becomes an error reply for its id. */
function serializeReply(reply: RpcSuccess | RpcFailure): string {
  try {
    return JSON.stringify(reply);
  } catch {
    const failure: RpcFailure = {
      jsonrpc: '2.0',
      id: reply.id,
      error: { code: -32603, message: 'Internal error', data: { code: 'INTERNAL', message: 'The answer to this call could not be sent (it is not plain JSON).' } },
    };
    return JSON.stringify(failure);
  }
}
