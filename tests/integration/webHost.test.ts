import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebHost, startWebHost } from '../../src-main/host/web/webHost.js';
import { startScan } from '../../src-main/services/datasetsService.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';
import { openRpc, rpcReply } from '../helpers/wsRpc.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718';

/** A raw request: the path goes out exactly as written (no normalising), with any Host/Origin. */
function request(port: number, rawPath: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET', headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Write `text` on a fresh TCP connection and return the status code of the reply. */
function rawStatus(port: number, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(text));
    let got = '';
    sock.setEncoding('latin1');
    sock.on('data', (c: string) => (got += c));
    sock.on('end', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(got)?.[1] ?? 0)));
    sock.on('error', reject);
  });
}

/** A WebSocket upgrade by hand, so Host and Origin can be anything; resolves with the status line's code. */
function upgrade(port: number, rawPath: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: rawPath,
      headers: {
        Host: `127.0.0.1:${port}`,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The socket as the served page opens it: with its token and its own Origin. */
const connect = (port: number, token = TOKEN) => openRpc(port, token, `http://127.0.0.1:${port}`);

describe('the browser host (lightbox serve)', () => {
  let host: WebHost;
  let session: Session;
  let root: string;
  let outside: string;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    const ds = tempDir('lightbox-webhost-');
    const other = tempDir('lightbox-outside-');
    const renderer = tempDir('lightbox-renderer-');
    cleanups.push(ds.cleanup, other.cleanup, renderer.cleanup);
    root = ds.dir;
    outside = other.dir;
    fs.writeFileSync(path.join(renderer.dir, 'index.html'), '<!doctype html><title>Lightbox Studio</title>');
    await writeImage(path.join(root, 'cats', 'tom.jpg'), { width: 40, height: 30 });
    await writeImage(path.join(root, 'pic.png'), { width: 10, height: 10 });
    fs.writeFileSync(path.join(root, 'notes.txt'), 'private notes');
    fs.writeFileSync(path.join(root, 'page.html'), '<script>alert(1)</script>');
    await writeImage(path.join(outside, 'secret.jpg'));
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'TOP-SECRET');
    fs.symlinkSync(path.join(outside, 'secret.jpg'), path.join(root, 'link-out.jpg'));
    fs.symlinkSync(outside, path.join(root, 'dir-out'));
    fs.symlinkSync(path.join(root, 'notes.txt'), path.join(root, 'notes-link.jpg'));

    session = new Session({}, path.join(root, '.home'));
    await dispatch(session, 'datasets.open', { path: root });
    host = await startWebHost(session, { rendererDir: renderer.dir, token: TOKEN });
  });
  afterAll(async () => {
    await host?.close();
    session?.close();
    cleanups.forEach((c) => c());
  });

  describe('refuses whoever is not the page it served', () => {
    it('refuses a missing or wrong token', async () => {
      expect((await request(host.port, '/?token=wrong')).status).toBe(401);
      expect((await request(host.port, `/?token=${TOKEN.slice(0, -1)}0`)).status).toBe(401);
      expect((await request(host.port, '/files/pic.png')).status).toBe(401);
      expect((await request(host.port, '/files/pic.png', { Cookie: 'lightbox_token=00ff' })).status).toBe(401);
      expect((await request(host.port, '/s/wrong/files/pic.png')).status).toBe(401);
      expect((await request(host.port, `/s/${TOKEN.slice(0, -1)}0/files/pic.png`)).status).toBe(401);
      expect((await request(host.port, `/s//files/pic.png`)).status).toBe(401);
      expect((await request(host.port, `/s/${TOKEN}`)).status).toBe(404);
    });

    it('serves the page shell without the token (a reload has none in its address), but no data', async () => {
      // The shell is the public renderer code; the page then takes the token from where it kept it.
      const shell = await request(host.port, '/');
      expect(shell.status).toBe(200);
      expect(shell.body.toString()).toContain('Lightbox Studio');
      expect(shell.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect((await request(host.port, '/thumbs/1')).status).toBe(401);
      expect((await request(host.port, '/previews/1')).status).toBe(401);
      expect((await request(host.port, '/rpc')).status).toBe(401);
    });

    it('never sets a cookie, and a cookie carrying the right token is not let in (cookies are not scoped by port)', async () => {
      const page = await request(host.port, `/?token=${TOKEN}`);
      expect(page.status).toBe(200);
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
      const replies = [
        page,
        await request(host.port, '/'),
        await request(host.port, `/files/pic.png?token=${TOKEN}`),
        await request(host.port, `/s/${TOKEN}/files/pic.png`),
        await request(host.port, '/files/pic.png'),
        await request(host.port, '/?token=wrong'),
      ];
      for (const r of replies) expect(r.headers['set-cookie']).toBeUndefined();
      // Any other server on 127.0.0.1 would receive this cookie from the browser: it must open nothing.
      for (const p of ['/files/pic.png', '/thumbs/1', '/previews/1', '/files/cats/tom.jpg']) {
        expect((await request(host.port, p, { Cookie: `lightbox_token=${TOKEN}` })).status, p).toBe(401);
      }
      expect(await upgrade(host.port, '/rpc', { Cookie: `lightbox_token=${TOKEN}` })).toBe(403);
    });

    it('serves dataset files under the per-session path, never sending a Referer on and kept out of shared caches', async () => {
      const r = await request(host.port, `/s/${TOKEN}/files/cats/tom.jpg`);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('image/jpeg');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['cache-control']).toMatch(/private/);
      expect(r.body.equals(fs.readFileSync(path.join(root, 'cats', 'tom.jpg')))).toBe(true);
      // The confinement is the same under the per-session path.
      for (const p of ['../outside.jpg', '%2e%2e/outside.jpg', 'link-out.jpg', 'notes.txt', '.lightbox/labels.sqlite']) {
        expect([400, 403, 404], p).toContain((await request(host.port, `/s/${TOKEN}/files/${p}`)).status);
      }
      expect([400, 403, 404]).toContain((await request(host.port, `/s/${TOKEN}/../files/pic.png`)).status);
    });

    it('serves thumbnails and previews under the per-session path, and only there or with the token', async () => {
      await startScan(session, false).promise;
      const { items } = (await dispatch(session, 'images.list', {})) as { items: { id: number; path: string; version: string }[] };
      const tom = items.find((i) => i.path === 'cats/tom.jpg')!;
      for (const kind of ['thumbs', 'previews']) {
        // The versioned address (what the renderer builds) is cached long; the bare one is revalidated.
        const versioned = await request(host.port, `/s/${TOKEN}/${kind}/${tom.id}?v=${tom.version}`);
        expect(versioned.headers['cache-control']).toMatch(/^private, max-age=31536000, immutable$/);
        expect((await request(host.port, `/s/${TOKEN}/${kind}/${tom.id}`)).headers['cache-control']).toBe('private, no-cache');
        const r = await request(host.port, `/s/${TOKEN}/${kind}/${tom.id}`);
        expect(r.status, kind).toBe(200);
        expect(r.headers['content-type']).toBe('image/jpeg');
        expect(r.headers['cache-control']).toMatch(/private/);
        expect(r.body.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(true);
        expect((await request(host.port, `/${kind}/${tom.id}`, { Cookie: `lightbox_token=${TOKEN}` })).status).toBe(401);
        expect((await request(host.port, `/s/${TOKEN.replace(/^./, 'f')}/${kind}/${tom.id}`)).status).toBe(401);
      }
    });

    it('refuses a foreign Origin even with the token', async () => {
      const r = await request(host.port, `/?token=${TOKEN}`, { Origin: 'http://evil.example' });
      expect(r.status).toBe(403);
      expect((await request(host.port, `/files/pic.png?token=${TOKEN}`, { Origin: `http://127.0.0.1:${host.port + 1}` })).status).toBe(403);
    });

    it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
      for (const h of ['evil.example', `evil.example:${host.port}`, `127.0.0.1.evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, `[::1]:${host.port}`]) {
        expect((await request(host.port, `/?token=${TOKEN}`, { Host: h })).status, `Host: ${h}`).toBe(403);
      }
      // An empty Host, and none at all (HTTP/1.0), sent byte for byte.
      expect(await rawStatus(host.port, `GET /?token=${TOKEN} HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n`)).toBe(403);
      expect(await rawStatus(host.port, `GET /?token=${TOKEN} HTTP/1.0\r\n\r\n`)).toBe(403);
      expect((await request(host.port, `/?token=${TOKEN}`, { Host: `localhost:${host.port}` })).status).toBe(200);
    });

    it('refuses a WebSocket without the right token, from a foreign Origin or to a foreign Host', async () => {
      expect(await upgrade(host.port, `/rpc?token=${TOKEN}`)).toBe(101);
      expect(await upgrade(host.port, '/rpc')).toBe(403);
      expect(await upgrade(host.port, '/rpc?token=nope')).toBe(403);
      expect(await upgrade(host.port, `/rpc?token=${TOKEN}`, { Origin: 'http://evil.example' })).toBe(403);
      expect(await upgrade(host.port, `/rpc?token=${TOKEN}`, { Host: `evil.example:${host.port}` })).toBe(403);
      await expect(connect(host.port, 'wrong')).rejects.toThrow(/403/);
    });
  });

  describe('the file route stays inside the dataset and serves only images', () => {
    const refused = [
      '/files/../outside.jpg',
      '/files/cats/../../outside.jpg',
      '/files/%2e%2e/outside.jpg',
      '/files/%2E%2E%2Foutside.jpg',
      '/files/cats%2f..%2f..%2foutside.jpg',
      '/files/%252e%252e/outside.jpg',
      '/files/%25252e%25252e%25252foutside.jpg',
      '/files/..%5c..%5coutside.jpg',
      '/files/link-out.jpg',
      '/files/dir-out/secret.jpg',
      '/files/notes.txt',
      '/files/page.html',
      '/files/notes-link.jpg',
      '/files/.lightbox/labels.sqlite',
      '/files/cats/tom.jpg%00.txt',
      '/files/C:%5cWindows%5cwin.jpg',
      '/files/%5c%5cserver%5cshare%5cx.jpg',
    ];
    for (const p of refused) {
      it(`refuses ${p}`, async () => {
        const r = await request(host.port, `${p.includes('?') ? p : `${p}?token=${TOKEN}`}`);
        expect([400, 403, 404]).toContain(r.status);
        expect(r.headers['x-content-type-options']).toBe('nosniff');
        // Nothing of the file leaks: no JPEG bytes, none of the text files' contents.
        expect(r.body.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(false);
        for (const leak of ['private notes', '<script>', 'TOP-SECRET']) expect(r.body.includes(Buffer.from(leak))).toBe(false);
        expect(r.headers['content-type']).toMatch(/^text\/plain/);
      });
    }

    it('refuses absolute paths, to files outside the root and to its own files alike', async () => {
      for (const abs of [path.join(outside, 'secret.jpg'), path.join(root, 'pic.png')]) {
        for (const p of [`/files/${abs}`, `/files/${encodeURIComponent(abs)}`, `/files//${abs}`]) {
          const r = await request(host.port, `${p}?token=${TOKEN}`);
          expect(r.status, p).toBe(403);
        }
      }
    });

    it('serves an image inside the root, byte for byte, with its type and nosniff', async () => {
      const r = await request(host.port, `/files/cats/tom.jpg?token=${TOKEN}`);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('image/jpeg');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.body.equals(fs.readFileSync(path.join(root, 'cats', 'tom.jpg')))).toBe(true);
      const png = await request(host.port, `/files/pic.png?token=${TOKEN}`);
      expect(png.headers['content-type']).toBe('image/png');
    });
  });

  describe('JSON-RPC over the WebSocket', () => {
    it('answers a call with the same result as the contract', async () => {
      const ws = await connect(host.port);
      try {
        const reply = await rpcReply(ws, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'datasets.current' }), 1);
        expect(reply.result).toMatchObject({ root: fs.realpathSync(root), isSample: false });
        const added = await rpcReply(ws, JSON.stringify({ jsonrpc: '2.0', id: 'add', method: 'classes.add', params: { name: 'cat' } }), 'add');
        expect(added.result).toMatchObject({ name: 'cat', hotkey: '1' });
      } finally {
        ws.close();
      }
    });

    it('answers malformed calls with JSON-RPC errors and keeps serving', async () => {
      const ws = await connect(host.port);
      try {
        const notJson = await rpcReply(ws, '{"jsonrpc": "2.0", "id": 5, "method": ', null);
        expect(notJson.error).toMatchObject({ code: -32700, data: { code: 'BAD_PARAMS' } });
        const noVersion = await rpcReply(ws, JSON.stringify({ id: 6, method: 'datasets.current' }), 6);
        expect(noVersion.error).toMatchObject({ code: -32600 });
        const notObject = await rpcReply(ws, JSON.stringify([1, 2, 3]), null);
        expect(notObject.error).toMatchObject({ code: -32600 });
        const nullFrame = await rpcReply(ws, 'null', null);
        expect(nullFrame.error).toMatchObject({ code: -32600 });
        const unknown = await rpcReply(ws, JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'fs.readFile', params: { path: '/etc/passwd' } }), 7);
        expect(unknown.error).toMatchObject({ code: -32601, data: { code: 'UNKNOWN_METHOD' } });
        const proto = await rpcReply(ws, JSON.stringify({ jsonrpc: '2.0', id: 8, method: '__proto__' }), 8);
        expect(proto.error).toMatchObject({ code: -32601 });
        const bad = await rpcReply(ws, JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'labels.set', params: { imageId: 'x', classId: -1 } }), 9);
        expect(bad.error).toMatchObject({ code: -32602, data: { code: 'BAD_PARAMS' } });
        expect(bad.error!.message).toMatch(/Invalid/);
        const missing = await rpcReply(ws, JSON.stringify({ jsonrpc: '2.0', id: 10, method: 'images.get', params: { id: 999999 } }), 10);
        expect(missing.error).toMatchObject({ code: -32000, data: { code: 'NOT_FOUND' } });
        // Still alive and answering.
        const ok = await rpcReply(ws, JSON.stringify({ jsonrpc: '2.0', id: 11, method: 'datasets.current' }), 11);
        expect(ok.result).toMatchObject({ isSample: false });
      } finally {
        ws.close();
      }
    });
  });
});
