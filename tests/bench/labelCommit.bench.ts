import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost } from '../../src-main/host/web/webHost.js';
import { startScan } from '../../src-main/services/datasetsService.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';
import { tempDir, writeImage } from '../helpers/tempDataset.js';

const LABELS = 5000;

it(`label commit round trip through the WebSocket host: p50 and p99 over ${LABELS} labels`, async () => {
  const { dir, cleanup } = tempDir('lightbox-bench-ws-');
  for (let i = 0; i < 50; i++) await writeImage(path.join(dir, `img-${i}.png`), { width: 32, height: 32 });
  const renderer = path.join(dir, '.renderer');
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>');
  const session = new Session({}, path.join(dir, '.home'));
  session.open(dir);
  await startScan(session, false).promise;
  const classes: number[] = [];
  for (const name of ['a', 'b', 'c']) classes.push(((await dispatch(session, 'classes.add', { name })) as { id: number }).id);
  const ids = ((await dispatch(session, 'images.ids', {})) as { ids: number[] }).ids;
  const host = await startWebHost(session, { rendererDir: renderer });
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/rpc?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` });
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  const replies = new Map<number, (v: { result?: unknown }) => void>();
  ws.on('message', (m) => {
    const msg = JSON.parse(m.toString()) as { id?: number; result?: unknown; error?: unknown };
    if (msg.id !== undefined) replies.get(msg.id)?.(msg);
  });
  const times: number[] = [];
  try {
    for (let i = 1; i <= LABELS; i++) {
      const t = performance.now();
      const reply = await new Promise<{ result?: unknown }>((resolve) => {
        replies.set(i, resolve);
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: i, method: 'labels.set', params: { imageId: ids[i % ids.length], classId: classes[i % 3] } }));
      });
      times.push(performance.now() - t);
      replies.delete(i);
      expect(reply.result).toBeDefined();
    }
  } finally {
    ws.close();
    await host.close();
    session.close();
    cleanup();
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(2);
  console.log(`label commit over WebSocket (synchronous=FULL, one transaction each): p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${times[times.length - 1]!.toFixed(2)} ms (budget p99 ≤ 10 ms)`);
});
