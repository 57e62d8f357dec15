import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

/**
 * A local HTTP server (127.0.0.1 only) serving the cases a URL import meets on the web: good
 * images, an HTML page named .jpg, redirect chains, a server too slow to finish, a body over the
 * size cap, a 404. It records every request path and closes itself when the test ends.
 */
export interface ImageServer {
  base: string;
  port: number;
  /** Every request path, in arrival order. */
  requests: string[];
  /** The bytes served at /good/N.jpg. */
  image(n: number): Buffer;
  close(): Promise<void>;
}

export async function solidJpeg(n: number, size = 64): Promise<Buffer> {
  const color = { r: (n * 53) % 256, g: (n * 97) % 256, b: (n * 151) % 256 };
  return sharp({ create: { width: size, height: Math.round(size * 0.75), channels: 3, background: color } }).jpeg().toBuffer();
}

export async function startImageServer(opts: { images?: number; delayMs?: number } = {}): Promise<ImageServer> {
  const count = opts.images ?? 10;
  const images = await Promise.all(Array.from({ length: count }, (_, i) => solidJpeg(i + 1)));
  const png = await sharp({ create: { width: 20, height: 10, channels: 4, background: '#ff000080' } }).png().toBuffer();
  const requests: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    const send = () => {
      let m: RegExpExecArray | null;
      if ((m = /^\/good\/(\d+)\.jpg$/.exec(url)) && images[Number(m[1]) - 1]) {
        res.writeHead(200, { 'Content-Type': 'image/jpeg' });
        return res.end(images[Number(m[1]) - 1]);
      }
      if (url === '/dup.jpg') {
        res.writeHead(200, { 'Content-Type': 'image/jpeg' });
        return res.end(images[0]);
      }
      if (url === '/pic.png') {
        // A PNG sent with a misleading type and name still counts: the bytes decide.
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        return res.end(png);
      }
      if (url === '/page.jpg') {
        res.writeHead(200, { 'Content-Type': 'image/jpeg' });
        return res.end('<!doctype html><html><body>Not an image</body></html>');
      }
      if ((m = /^\/r\/(\d+)\/(\d+)$/.exec(url))) {
        // /r/N/K: N more redirects, then image K.
        const left = Number(m[1]);
        res.writeHead(302, { Location: left > 1 ? `/r/${left - 1}/${m[2]}` : `/good/${m[2]}.jpg` });
        return res.end();
      }
      if (url === '/slow.jpg') {
        res.writeHead(200, { 'Content-Type': 'image/jpeg' });
        res.write(images[0]!.subarray(0, 10));
        // Never finishes on its own; the importer's deadline must cut it.
        later(60_000, () => res.end());
        return;
      }
      if (url === '/big.jpg') {
        // A JPEG start, then more bytes than the cap, streamed without a Content-Length.
        res.writeHead(200, { 'Content-Type': 'image/jpeg' });
        res.write(images[0]!.subarray(0, 100));
        const chunk = Buffer.alloc(64 * 1024, 0x41);
        let sent = 0;
        const pump = () => {
          if (res.destroyed || sent > 4 * 1024 * 1024) return res.end();
          sent += chunk.length;
          if (res.write(chunk)) setImmediate(pump);
          else res.once('drain', pump);
        };
        return pump();
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not here');
    };
    if (opts.delayMs) later(opts.delayMs, send);
    else send();
  });
  server.on('connection', (s) => s.on('error', () => undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    requests,
    image: (n) => images[n - 1]!,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
