import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, expect, it } from 'vitest';
import type { UrlImportSummary } from '../../src-main/api/acquire.js';
import { dispatch } from '../../src-main/services/dispatch.js';
import { Session } from '../../src-main/services/Session.js';

/**
 * URL import throughput from a local HTTP server (127.0.0.1, reached with the private-network
 * opt-in): 300 camera-like 640×480 JPEGs (noisy, so about 100–200 KB each, not solid colours
 * that compress to nothing), each fetched, checked by its bytes, hashed, probed, written through a
 * temporary name and committed with its label, at the default concurrency and at 8.
 */

const COUNT = 300;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-bench-urls-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function noisyJpeg(seed: number): Promise<Buffer> {
  const w = 640;
  const h = 480;
  const raw = Buffer.alloc(w * h * 3);
  let x = seed * 2654435761;
  for (let i = 0; i < raw.length; i++) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    // Smooth gradient plus noise: compresses like a photo, not like white noise.
    raw[i] = ((((i / 3) % w) * 255) / w + (x & 63)) & 255;
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}

it(`URL import of ${COUNT} JPEGs from a local server`, async () => {
  const images = await Promise.all(Array.from({ length: COUNT }, (_, i) => noisyJpeg(i + 1)));
  const totalBytes = images.reduce((n, b) => n + b.length, 0);
  const server = http.createServer((req, res) => {
    const m = /^\/img\/(\d+)\.jpg$/.exec(req.url ?? '');
    const body = m ? images[Number(m[1])] : undefined;
    if (!body) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    for (const concurrency of [4, 8]) {
      const dir = path.join(work, `c${concurrency}`);
      fs.mkdirSync(dir);
      const s = new Session({}, path.join(work, 'home'));
      s.open(dir);
      const text = images.map((_, i) => `${base}/img/${i}.jpg,${i % 2 ? 'odd' : 'even'}`).join('\n');
      const t0 = performance.now();
      const { jobId } = (await dispatch(s, 'acquire.importUrls', { text, allowPrivateNetwork: true, concurrency })) as { jobId: string };
      const r = (await s.jobs.wait(jobId)) as UrlImportSummary;
      const seconds = (performance.now() - t0) / 1000;
      s.close();
      expect(r.saved).toBe(COUNT);
      console.log(
        `[bench] URL import, concurrency ${concurrency}: ${COUNT} images (${(totalBytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(2)} s = ${(COUNT / seconds).toFixed(0)} images/s, ${(totalBytes / 1e6 / seconds).toFixed(1)} MB/s (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`,
      );
    }
  } finally {
    server.close();
  }
});
