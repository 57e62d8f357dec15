import type { ErrorPayload } from './errors.js';

/** JSON-RPC 2.0 frames used by the WebSocket host. Events are notifications with method `event`. */
export interface RpcRequest {
  jsonrpc: '2.0';
  id: number | string;
  method: string;
  params?: unknown;
}
export interface RpcSuccess {
  jsonrpc: '2.0';
  id: number | string;
  result: unknown;
}
export interface RpcFailure {
  jsonrpc: '2.0';
  id: number | string | null;
  error: { code: number; message: string; data: ErrorPayload };
}
export interface RpcEvent {
  jsonrpc: '2.0';
  method: 'event';
  params: { name: string; payload: unknown };
}

/** The surface the preload exposes as `window.lightbox`, and the WebSocket client mirrors. */
export interface LightboxBridge {
  call(method: string, params?: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
