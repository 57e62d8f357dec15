import WebSocket from 'ws';

/** A JSON-RPC 2.0 reply from the web host. */
export interface RpcReply {
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string; data: { code: string } };
}

/** Open the web host's JSON-RPC socket with `token`; `origin` is sent as the page's Origin header when given. */
export function openRpc(port: number, token: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/rpc?token=${token}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Send one frame and wait for the reply with `id` (events in between are skipped). */
export function rpcReply(ws: WebSocket, frame: string | Buffer, id: unknown): Promise<RpcReply> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString()) as { id?: unknown; method?: string };
      if (msg.method === 'event' || msg.id !== id) return;
      ws.off('message', onMessage);
      resolve(msg as RpcReply);
    };
    ws.on('message', onMessage);
    ws.send(frame);
  });
}
