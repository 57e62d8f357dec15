import type { RpcSuccess } from './rpc.js';

/**
 * A JSON-RPC reply that carries bytes (a `Bytes` field of a result, such as `images.values`'s
 * `data`) goes over the WebSocket as one binary frame instead of base64 text. Electron IPC needs
 * none of this: it clones a Uint8Array as it is. Layout, little-endian:
 *
 *   u32 n | n bytes of UTF-8 JSON header | padding to 8 | part 0 | padding to 8 | part 1 ...
 *
 * The header is `{ reply, parts }`: the reply with each Uint8Array field of its result replaced by
 * `{ "$bytes": k }`, and `parts[k] = [offset, length]` in the frame. Parts start on 8-byte
 * boundaries, so the receiver reads them as Int16/Float32 views without copying. Only top-level
 * fields of a result are looked at: walking every list reply would cost every call.
 */

interface Header {
  reply: RpcSuccess;
  parts: [number, number][];
}

/** TextEncoder/TextDecoder are globals in Node and browsers alike; this layer has no DOM or Node types. */
const text = globalThis as unknown as {
  TextEncoder: new () => { encode(s: string): Uint8Array };
  TextDecoder: new () => { decode(b: Uint8Array): string };
};

const align = (n: number) => (n + 7) & ~7;

/** The byte fields at the top of a reply's result, or null for a reply that is plain JSON. */
function byteFields(reply: RpcSuccess): [string, Uint8Array][] | null {
  const r = reply.result;
  if (r === null || typeof r !== 'object' || Array.isArray(r)) return null;
  let found: [string, Uint8Array][] | null = null;
  for (const [k, v] of Object.entries(r)) if (v instanceof Uint8Array) (found ??= []).push([k, v]);
  return found;
}

/** The reply as one binary frame when its result has bytes; null when it is plain JSON (sent as text). */
export function encodeBinaryReply(reply: RpcSuccess): Uint8Array | null {
  const fields = byteFields(reply);
  if (!fields) return null;
  const result: Record<string, unknown> = { ...(reply.result as Record<string, unknown>) };
  fields.forEach(([k], i) => (result[k] = { $bytes: i }));
  // Offsets depend on the header's length, which depends on the offsets' digits: lay out with room to spare.
  const draft = (start: number): Header => {
    let at = start;
    const parts = fields.map(([, b]): [number, number] => {
      const off = align(at);
      at = off + b.byteLength;
      return [off, b.byteLength];
    });
    return { reply: { ...reply, result }, parts };
  };
  const enc = new text.TextEncoder();
  let header = enc.encode(JSON.stringify(draft(0)));
  for (;;) {
    const h = enc.encode(JSON.stringify(draft(4 + header.byteLength)));
    if (h.byteLength === header.byteLength) {
      header = h;
      break;
    }
    header = h;
  }
  const parts = (JSON.parse(new text.TextDecoder().decode(header)) as Header).parts;
  const last = parts[parts.length - 1]!;
  const frame = new Uint8Array(last[0] + last[1]);
  new DataView(frame.buffer).setUint32(0, header.byteLength, true);
  frame.set(header, 4);
  fields.forEach(([, b], i) => frame.set(b, parts[i]![0]));
  return frame;
}

/** A binary frame back into the reply, its byte fields as Uint8Array views of `frame` (no copy). */
export function decodeBinaryReply(frame: ArrayBuffer): RpcSuccess {
  if (frame.byteLength < 4) throw new Error('binary reply: too short');
  const n = new DataView(frame).getUint32(0, true);
  if (4 + n > frame.byteLength) throw new Error('binary reply: header past the end');
  const { reply, parts } = JSON.parse(new text.TextDecoder().decode(new Uint8Array(frame, 4, n))) as Header;
  const result = reply.result as Record<string, unknown>;
  for (const [k, v] of Object.entries(result)) {
    const ref = (v as { $bytes?: unknown } | null)?.$bytes;
    if (typeof ref !== 'number') continue;
    const part = parts[ref];
    if (!part || part[0] + part[1] > frame.byteLength) throw new Error('binary reply: a part past the end');
    result[k] = new Uint8Array(frame, part[0], part[1]);
  }
  return reply;
}
