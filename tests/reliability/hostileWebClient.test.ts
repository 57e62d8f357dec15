import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebHost, startWebHost } from '../../src-main/host/web/webHost.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';
import { openRpc, rpcReply } from '../helpers/wsRpc.js';

const TOKEN = '5eed'.repeat(12);

/** Send raw bytes on a fresh connection; resolves with the first line of the answer ('' if none). */
function raw(port: number, text: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(text));
    let got = '';
    sock.setEncoding('latin1');
    sock.on('data', (c: string) => (got += c));
    sock.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
    sock.on('error', () => resolve(got.split('\r\n')[0] ?? ''));
  });
}

function upgradeRequest(port: number, target: string): string {
  return `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\n\r\n`;
}

/** A client that sends no Origin header (not a browser). */
const open = (port: number) => openRpc(port, TOKEN);

describe('hostile web client: the host answers or closes the one connection, and keeps serving', () => {
  let host: WebHost;
  let s: Session;
  let cleanup: () => void;

  beforeAll(async () => {
    const t = tempDir('lightbox-hostile-ws-');
    cleanup = t.cleanup;
    await writeImage(path.join(t.dir, 'a.jpg'));
    fs.mkdirSync(path.join(t.dir, '.renderer'));
    fs.writeFileSync(path.join(t.dir, '.renderer', 'index.html'), '<!doctype html>');
    s = new Session({}, path.join(t.dir, '.home'));
    await dispatch(s, 'datasets.open', { path: t.dir });
    host = await startWebHost(s, { rendererDir: path.join(t.dir, '.renderer'), token: TOKEN });
  });
  afterAll(async () => {
    await host?.close();
    s?.close();
    cleanup?.();
  });

  const alive = async () => {
    const ws = await open(host.port);
    const r = await rpcReply(ws, JSON.stringify({ jsonrpc: '2.0', id: 'alive', method: 'datasets.current' }), 'alive');
    ws.close();
    expect(r.result).toMatchObject({ isSample: false });
  };

  it('refuses request targets that are not URLs, over HTTP and as an upgrade', async () => {
    for (const target of ['//[', 'http://[', '//[::1', '/files/%zz.jpg']) {
      expect(await raw(host.port, upgradeRequest(host.port, target)), target).toMatch(/^HTTP\/1\.1 (400|403)/);
      expect(await raw(host.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`), target).toMatch(/^HTTP\/1\.1 (400|401|403)/);
    }
    expect(await raw(host.port, 'NOT-HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400|^$/);
    await alive();
  });

  it('closes a connection that sends a message over the size limit (1009)', async () => {
    const ws = await open(host.port);
    ws.on('error', () => undefined);
    const code = await new Promise<number>((resolve) => {
      ws.once('close', (c) => resolve(c));
      ws.send(Buffer.alloc(9 * 1024 * 1024, 0x20));
    });
    expect(code).toBe(1009);
    await alive();
  });

  it('closes a connection that sends a malformed frame (1002)', async () => {
    const ws = await open(host.port);
    ws.on('error', () => undefined);
    const code = await new Promise<number>((resolve) => {
      ws.once('close', (c) => resolve(c));
      // FIN + RSV1-3 set + text opcode, unmasked: three protocol violations at once.
      (ws as unknown as { _socket: net.Socket })._socket.write(Buffer.from([0xf1, 0x01, 0x41]));
    });
    expect(code).toBe(1002);
    await alive();
  });

  it('answers hostile JSON-RPC frames with errors', async () => {
    const ws = await open(host.port);
    try {
      // 1,000,000-deep array: parses, is not a request.
      expect((await rpcReply(ws, '['.repeat(1_000_000) + ']'.repeat(1_000_000), null)).error?.code).toBe(-32600);
      // Not UTF-8, as a binary frame.
      expect((await rpcReply(ws, Buffer.from([0xff, 0xfe, 0x00, 0x81]), null)).error?.code).toBe(-32700);
      // Numbers JSON cannot hold become Infinity: refused by the schema.
      const inf = await rpcReply(ws, '{"jsonrpc":"2.0","id":1,"method":"labels.set","params":{"imageId":1e400,"classId":1}}', 1);
      expect(inf.error).toMatchObject({ code: -32602, data: { code: 'BAD_PARAMS' } });
      // A 100,000-deep settings value: refused, not a crash of the serializer.
      const deep = `{"jsonrpc":"2.0","id":2,"method":"settings.set","params":{"key":"k","value":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}}`;
      expect((await rpcReply(ws, deep, 2)).error).toMatchObject({ data: { code: 'BAD_PARAMS' } });
      // Ids of every type JSON-RPC allows, and some it does not.
      expect((await rpcReply(ws, '{"jsonrpc":"2.0","id":{"x":1},"method":"datasets.current"}', null)).error?.code).toBe(-32600);
      expect((await rpcReply(ws, JSON.stringify({ jsonrpc: '2.0', id: 'x'.repeat(100_000), method: 'datasets.current' }), 'x'.repeat(100_000))).result).toBeDefined();
    } finally {
      ws.close();
    }
  });

  it('answers a burst of 500 pipelined calls, every one', async () => {
    const ws = await open(host.port);
    try {
      const replies = new Map<number, unknown>();
      const done = new Promise<void>((resolve) => {
        ws.on('message', (d) => {
          const m = JSON.parse(d.toString()) as { id?: number; method?: string };
          if (m.method === 'event') return;
          replies.set(m.id!, m);
          if (replies.size === 500) resolve();
        });
      });
      for (let i = 0; i < 500; i++) ws.send(JSON.stringify({ jsonrpc: '2.0', id: i, method: i % 2 ? 'datasets.stats' : 'labels.set', params: i % 2 ? {} : { imageId: -i, classId: 1 } }));
      await done;
      expect([...replies.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    } finally {
      ws.close();
    }
    await alive();
  });
});
