import { describe, expect, it } from 'vitest';
import { decodeBinaryReply, encodeBinaryReply } from '../../src-main/api/binaryFrame.js';

/** The frame as the browser receives it: an ArrayBuffer of exactly the frame. */
const received = (frame: Uint8Array): ArrayBuffer => frame.slice().buffer;

describe('binary replies over the WebSocket', () => {
  it('leaves a reply without bytes to JSON text', () => {
    expect(encodeBinaryReply({ jsonrpc: '2.0', id: 1, result: { total: 3, items: [] } })).toBeNull();
    expect(encodeBinaryReply({ jsonrpc: '2.0', id: 2, result: null })).toBeNull();
    expect(encodeBinaryReply({ jsonrpc: '2.0', id: 3, result: [new Uint8Array(4)] })).toBeNull();
  });

  it('carries the bytes as they are, beside the rest of the result, each part readable as Int16 without a copy', () => {
    const hu = Int16Array.from([-1024, -600, 0, 40, 3071]);
    const odd = Uint8Array.from([1, 2, 3]);
    const reply = { jsonrpc: '2.0' as const, id: 'v7', result: { width: 5, height: 1, type: 'int16', units: 'HU', data: new Uint8Array(hu.buffer), extra: odd, name: 'Ünïcode ✓' } };
    const frame = encodeBinaryReply(reply)!;
    // No base64: the frame is the bytes plus a short header.
    expect(frame.byteLength).toBeLessThan(hu.byteLength + odd.byteLength + 300);
    const back = decodeBinaryReply(received(frame));
    expect(back.id).toBe('v7');
    const r = back.result as typeof reply.result;
    expect([r.width, r.height, r.type, r.units, r.name]).toEqual([5, 1, 'int16', 'HU', 'Ünïcode ✓']);
    expect(r.data).toBeInstanceOf(Uint8Array);
    expect(r.data.byteOffset % 8).toBe(0);
    expect(Array.from(new Int16Array(r.data.buffer, r.data.byteOffset, 5))).toEqual([-1024, -600, 0, 40, 3071]);
    expect(Array.from(r.extra)).toEqual([1, 2, 3]);
  });

  it('refuses a frame whose parts run past its end', () => {
    const frame = encodeBinaryReply({ jsonrpc: '2.0', id: 1, result: { data: new Uint8Array(64) } })!;
    expect(() => decodeBinaryReply(received(frame.subarray(0, frame.byteLength - 8)))).toThrow(/past the end/);
    expect(() => decodeBinaryReply(new ArrayBuffer(2))).toThrow(/too short/);
  });
});
