import { type LightboxBridge, type RpcEvent, type RpcFailure, type RpcSuccess, decodeBinaryReply } from '../../src-main/api/index.js';

/**
 * JSON-RPC 2.0 over the web host's WebSocket. Calls made while the socket is (re)connecting wait
 * for it; a dropped connection is retried, and calls in flight fail with a clear message.
 */
export function createWsBridge(url: string): LightboxBridge & { ready: Promise<void>; onConnection: (l: (connected: boolean) => void) => () => void } {
  let ws: WebSocket;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let open!: Promise<void>;
  let retry = 250;
  /** True between a dropped connection and the next open: the UI says so. */
  let lost = false;
  const connectionListeners = new Set<(connected: boolean) => void>();
  const tell = (connected: boolean) => connectionListeners.forEach((l) => l(connected));

  const connect = () => {
    open = new Promise<void>((resolve) => {
      ws = new WebSocket(url);
      // A reply with bytes (images.values) is a binary frame: read it as an ArrayBuffer, to view without copying.
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => {
        retry = 250;
        resolve();
        if (lost) {
          lost = false;
          tell(true);
        }
      };
      ws.onmessage = (m) => {
        const msg = m.data instanceof ArrayBuffer ? decodeBinaryReply(m.data) : (JSON.parse(String(m.data)) as RpcSuccess | RpcFailure | RpcEvent);
        if ('method' in msg && msg.method === 'event') {
          for (const l of listeners.get(msg.params.name) ?? []) l(msg.params.payload);
          return;
        }
        const reply = msg as RpcSuccess | RpcFailure;
        const p = pending.get(reply.id as number);
        if (!p) return;
        pending.delete(reply.id as number);
        if ('error' in reply) p.reject(reply.error.data ?? { code: 'INTERNAL', message: reply.error.message });
        else p.resolve(reply.result);
      };
      ws.onclose = () => {
        for (const p of pending.values()) p.reject({ code: 'INTERNAL', message: 'The connection to Lightbox was lost. Your saved work is safe; reconnecting…' });
        pending.clear();
        if (!lost) {
          lost = true;
          tell(false);
        }
        setTimeout(connect, retry);
        retry = Math.min(retry * 2, 5000);
      };
    });
  };
  connect();

  return {
    get ready() {
      return open;
    },
    async call(method, params) {
      await open;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params: params ?? {} }));
      });
    },
    onConnection(l) {
      connectionListeners.add(l);
      return () => connectionListeners.delete(l);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}
