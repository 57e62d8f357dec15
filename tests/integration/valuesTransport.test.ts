import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ImageRow, ImageValues } from '../../src-main/api/images.js';
import { type WebHost, startWebHost } from '../../src-main/host/web/webHost.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import type { Session } from '../../src-main/services/Session.js';
import { createWsBridge } from '../../src-renderer/bridge/wsBridge.js';
import { decodeValues } from '../../src-renderer/canvas/valueLut.js';
import { makeDicom } from '../helpers/makeDicom.js';
import { openTempDataset } from '../helpers/tempSession.js';
import { openRpc } from '../helpers/wsRpc.js';

const SIDE = 128;
const TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a59687';
/** HU of pixel i: a ramp from -1000 over the whole CT range. */
const hu = (i: number) => -1000 + (i % 4000);

describe('images.values over the WebSocket: a binary frame, read by the renderer bridge', () => {
  const cleanups: (() => void)[] = [];
  let s: Session;
  let host: WebHost;
  let id: number;

  beforeAll(async () => {
    const opened = openTempDataset(cleanups, 'lightbox-values-ws-');
    s = opened.s;
    const stored = new Int16Array(SIDE * SIDE).map((_, i) => hu(i) + 1024);
    fs.writeFileSync(path.join(opened.dir, 'ct.dcm'), makeDicom({ rows: SIDE, columns: SIDE, pixels: stored, signed: true, slope: 1, intercept: -1024, windows: [[40, 400]] }));
    const { jobId } = (await dispatch(s, 'datasets.scan', {})) as { jobId: string };
    await s.jobs.wait(jobId);
    id = ((await dispatch(s, 'images.list', {})) as { items: ImageRow[] }).items.find((r) => r.path === 'ct.dcm')!.id;
    const rendererDir = path.join(opened.dir, '.renderer');
    fs.mkdirSync(rendererDir);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
    host = await startWebHost(s, { rendererDir, token: TOKEN });
    cleanups.unshift(() => void host.close());
  });
  afterAll(() => cleanups.splice(0).forEach((c) => c()));

  it('sends the values as bytes, not base64 text', async () => {
    const ws = await openRpc(host.port, TOKEN);
    const frame = await new Promise<{ data: Buffer; isBinary: boolean }>((resolve) => {
      ws.once('message', (data: Buffer, isBinary: boolean) => resolve({ data, isBinary }));
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'images.values', params: { id } }));
    });
    ws.close();
    expect(frame.isBinary).toBe(true);
    // Base64 would be 4/3 of the 2 bytes per pixel; the frame is the bytes and a short header.
    expect(frame.data.byteLength).toBeLessThan(SIDE * SIDE * 2 + 1024);
  });

  it('reaches the renderer as exact HU, with the rest of the answer, and other calls stay JSON', async () => {
    const g = globalThis as { WebSocket?: unknown };
    const before = g.WebSocket;
    g.WebSocket = WebSocket; // the browser's WebSocket, as the `ws` package offers it in Node
    const bridge = createWsBridge(`ws://127.0.0.1:${host.port}/rpc?token=${TOKEN}`);
    try {
      const v = (await bridge.call('images.values', { id })) as ImageValues;
      expect(v.data).toBeInstanceOf(Uint8Array);
      expect([v.width, v.height, v.type, v.units, v.min, v.max]).toEqual([SIDE, SIDE, 'int16', 'HU', -1000, 2999]);
      const values = decodeValues(v);
      for (const i of [0, 1, 999, 4000, SIDE * SIDE - 1]) expect(values[i]).toBe(hu(i));
      // An ordinary call on the same socket, after the binary one.
      expect(((await bridge.call('images.get', { id })) as ImageRow).path).toBe('ct.dcm');
      await expect(bridge.call('images.values', { id: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      g.WebSocket = before;
    }
  });
});
