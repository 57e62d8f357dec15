import { type EventName, type EventPayload, LightboxError, type LightboxBridge, type MethodName, type Params, type Result } from '../../src-main/api/index.js';

/**
 * The renderer's typed client of the contract. Over Electron IPC (window.lightbox from the
 * preload) or over the loopback WebSocket host; screens do not know which.
 */
export interface Api {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** URL of a dataset file (dataset-relative path) for <img src>. */
  fileUrl(relPath: string): string;
  /** URL of an image's cached thumbnail. */
  thumbUrl(imageId: number): string;
  transport: 'electron' | 'web';
}

/** Encode each path segment, keeping the `/` separators. */
export function encodePath(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}

export function typed(raw: LightboxBridge, transport: Api['transport'], urls: Pick<Api, 'fileUrl' | 'thumbUrl'>): Api {
  return {
    transport,
    ...urls,
    async call(method, params) {
      try {
        return (await raw.call(method, params)) as never;
      } catch (e) {
        throw asLightboxError(e);
      }
    },
    on(event, listener) {
      return raw.on(event, listener as (p: unknown) => void);
    },
  };
}

export function asLightboxError(e: unknown): LightboxError {
  if (e instanceof LightboxError) return e;
  const p = e as { code?: string; message?: string; details?: unknown };
  if (p && typeof p.code === 'string' && typeof p.message === 'string') return new LightboxError(p.code as never, p.message, p.details);
  return new LightboxError('INTERNAL', String((e as Error)?.message ?? e));
}
