import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { type ImageKind, sniffImage } from './imageMagic.js';
import { describeRefusal, judgeHost } from './netSafety.js';

/**
 * Download one image over http(s) with the limits a URL import promises: only http and https,
 * only public addresses unless the person allowed their private network, the address checked
 * where the connection is actually made (after DNS, on every redirect hop), a deadline, a size
 * cap enforced while streaming, at most `maxRedirects` redirects, and an image by its bytes.
 */

export interface FetchLimits {
  allowPrivateNetwork: boolean;
  /** Deadline for the whole URL, redirects included, in milliseconds. */
  timeoutMs: number;
  /** Largest body accepted, in bytes; the transfer is cut as soon as it is passed. */
  maxBytes: number;
  maxRedirects: number;
  signal?: AbortSignal;
}

export interface Fetched {
  body: Buffer;
  kind: ImageKind;
  /** The URL the image finally came from, after redirects. */
  finalUrl: string;
}

/** A URL that could not be imported; `message` is the reason shown to the person. */
export class FetchFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FetchFailure';
  }
}

const USER_AGENT = 'LightboxStudio/0.1 (image dataset import)';

/** A `lookup` for http.request that drops refused addresses, so a name can never lead to one. */
export function guardedLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      const kept = allowPrivate ? list : list.filter((a) => judgeHost(a.address).verdict === null);
      if (kept.length === 0) {
        const first = list[0];
        const verdict = first ? judgeHost(first.address).verdict : null;
        const why = first && verdict ? describeRefusal(first.address, verdict) : 'it has no public address';
        return callback(new FetchFailure(`refused: ${hostname} resolves to ${why}; allow the private network for this import if that is intended`), '', 0);
      }
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, kept);
      callback(null, kept[0]!.address, kept[0]!.family);
    });
  };
}

/** Why `url` may not be requested at all (scheme, literal address), or null. */
export function refuseUrl(url: URL, allowPrivate: boolean): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `only http and https addresses are imported, not ${url.protocol.replace(/:$/, '')}`;
  if (allowPrivate) return null;
  const host = judgeHost(url.hostname);
  if (host.verdict) return `${describeRefusal(url.hostname, host.verdict)}; allow the private network for this import if that is intended`;
  return null;
}

function networkReason(e: unknown): string {
  if (e instanceof FetchFailure) return e.message;
  const code = (e as { code?: string }).code;
  const known: Record<string, string> = {
    ENOTFOUND: 'the host name was not found',
    EAI_AGAIN: 'the host name could not be resolved (no network?)',
    ECONNREFUSED: 'the server refused the connection',
    ECONNRESET: 'the server closed the connection',
    ETIMEDOUT: 'the connection timed out',
    EHOSTUNREACH: 'the host is unreachable',
    ENETUNREACH: 'the network is unreachable',
    CERT_HAS_EXPIRED: 'the server certificate has expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed',
    ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not match the host name',
  };
  return (code && known[code]) ?? `network error: ${String((e as Error)?.message ?? e).slice(0, 200)}`;
}

interface Hop {
  status: number;
  location: string | null;
  body: Buffer | null;
}

function requestOnce(url: URL, limits: FetchLimits, deadline: AbortSignal): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(e instanceof FetchFailure ? e : new FetchFailure(networkReason(e)));
    };
    const req = mod.request(url, {
      method: 'GET',
      agent: false,
      lookup: guardedLookup(limits.allowPrivateNetwork),
      headers: { 'User-Agent': USER_AGENT, Accept: 'image/*', 'Accept-Encoding': 'identity' },
    });
    const onAbort = () => fail(new FetchFailure(limits.signal?.aborted ? 'cancelled' : `timed out after ${Math.round(limits.timeoutMs / 1000)} s`));
    deadline.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => deadline.removeEventListener('abort', onAbort));
    req.on('socket', (socket) => {
      // Second line of defence: whatever the resolver said, judge the peer we are connected to.
      socket.once('connect', () => {
        const peer = socket.remoteAddress ?? '';
        const verdict = judgeHost(peer).verdict;
        if (!limits.allowPrivateNetwork && verdict) {
          fail(new FetchFailure(`refused: the connection went to ${describeRefusal(peer, verdict)}; allow the private network for this import if that is intended`));
        }
      });
    });
    req.on('error', fail);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        settled = true;
        resolve({ status, location: res.headers.location ?? null, body: null });
        req.destroy();
        return;
      }
      if (status !== 200) {
        res.resume();
        return fail(new FetchFailure(`the server answered ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`));
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        return fail(new FetchFailure(`too large: ${declared} bytes, over the ${limits.maxBytes}-byte limit`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limits.maxBytes) return fail(new FetchFailure(`too large: over the ${limits.maxBytes}-byte limit`));
        chunks.push(c);
      });
      res.on('error', fail);
      res.on('aborted', () => fail(new FetchFailure('the server closed the connection before the image was complete')));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        resolve({ status, location: null, body: Buffer.concat(chunks, size) });
      });
    });
    req.end();
  });
}

/** Fetch `raw` under `limits`; throws FetchFailure with a reason for the person. */
export async function fetchImage(raw: string, limits: FetchLimits): Promise<Fetched> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchFailure('not a valid web address');
  }
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), limits.timeoutMs);
  const onCancel = () => deadline.abort();
  limits.signal?.addEventListener('abort', onCancel, { once: true });
  try {
    for (let hop = 0; ; hop++) {
      const refusal = refuseUrl(url, limits.allowPrivateNetwork);
      if (refusal) throw new FetchFailure(hop === 0 ? `refused: ${refusal}` : `refused: redirected to ${url.href.slice(0, 200)}: ${refusal}`);
      if (deadline.signal.aborted) throw new FetchFailure(limits.signal?.aborted ? 'cancelled' : `timed out after ${Math.round(limits.timeoutMs / 1000)} s`);
      const r = await requestOnce(url, limits, deadline.signal);
      if (r.body) {
        const kind = sniffImage(r.body.subarray(0, 32));
        if (!kind) throw new FetchFailure('not an image: the content is not JPEG, PNG, WebP, GIF, TIFF or BMP');
        return { body: r.body, kind, finalUrl: url.href };
      }
      if (!r.location) throw new FetchFailure(`the server answered ${r.status} without saying where to go`);
      if (hop + 1 > limits.maxRedirects) throw new FetchFailure(`too many redirects (more than ${limits.maxRedirects})`);
      try {
        url = new URL(r.location, url);
      } catch {
        throw new FetchFailure('the server redirected to an invalid address');
      }
    }
  } finally {
    clearTimeout(timer);
    limits.signal?.removeEventListener('abort', onCancel);
  }
}
