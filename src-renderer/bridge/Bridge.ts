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
  /**
   * URL of an image's cached thumbnail. `version` (ImageRow.version, its short content hash) goes
   * into the address, so a replaced file gets a new one and the browser may cache it for long.
   */
  thumbUrl(imageId: number, version?: string | null): string;
  /** URL of an image's cached upright preview (at most PREVIEW_SIZE pixels a side, JPEG); `version` as for thumbUrl. */
  previewUrl(imageId: number, version?: string | null): string;
  transport: 'electron' | 'web';
  /** Told when the connection to the main process drops (false) and comes back (true). */
  onConnection(listener: (connected: boolean) => void): () => void;
}

/** The `?v=` suffix of a thumbnail or preview address: the content's short hash, when known. */
export function versionQuery(version?: string | null): string {
  return version ? `?v=${encodeURIComponent(version)}` : '';
}

/** Encode each path segment, keeping the `/` separators. */
export function encodePath(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}

export function typed(
  raw: LightboxBridge & { onConnection?: Api['onConnection'] },
  transport: Api['transport'],
  urls: Pick<Api, 'fileUrl' | 'thumbUrl' | 'previewUrl'>,
): Api {
  return {
    transport,
    ...urls,
    // IPC within one app cannot drop; only the WebSocket reports its state.
    onConnection: (l) => raw.onConnection?.(l) ?? (() => undefined),
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

/** Longest side of the workspace previews (imaging/thumbnails.ts makes them at this size). */
export const PREVIEW_SIZE = 2048;

/** Formats Chromium shows in an <img>; the others are shown through their preview. */
const BROWSER_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'bmp']);

/**
 * Whether the browser can show the original as it should look. DICOM never (browsers cannot read
 * it); a 16-bit greyscale image (it carries `medical`) neither: the browser keeps its high byte,
 * which leaves a 12-bit CT nearly black, while its preview is windowed by the main process.
 */
export function browserCanShow(format: string | null, medical?: unknown): boolean {
  return BROWSER_FORMATS.has(format ?? '') && medical === undefined;
}

/**
 * What the workspace shows for an image at `scale` (screen pixels per image pixel): the cached
 * preview when the image is large (decoding 12 megapixels on every step is what makes moving on
 * slow) or in a format browsers cannot show, the original once zoomed in past the preview's detail.
 */
export function displayUrl(
  api: Pick<Api, 'fileUrl' | 'previewUrl'>,
  image: { id: number; path: string; width: number | null; height: number | null; format: string | null; version?: string | null; medical?: unknown },
  scale: number,
): string {
  const side = Math.max(image.width ?? 0, image.height ?? 0);
  if (!browserCanShow(image.format, image.medical)) return api.previewUrl(image.id, image.version);
  // The original's address carries the version too, so the <img> does not reuse a decoded old picture.
  if (side <= PREVIEW_SIZE || side * scale > PREVIEW_SIZE) return `${api.fileUrl(image.path)}${versionQuery(image.version)}`;
  return api.previewUrl(image.id, image.version);
}
