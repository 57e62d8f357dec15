import { parentPort } from 'node:worker_threads';
import { isLightboxError } from '../../api/errors.js';
import { checkModels, decode, type Embedding, embed } from './samModels.js';
import type { SamRequest } from './samOps.js';

/**
 * The worker thread that runs SAM models (bundled into samThread.ts as `?thread` code), so an
 * encoder run of seconds never holds up RPC. It keeps the last few embeddings it computed or was
 * sent, so each click sends only the prompt.
 */

const KEEP = 3;
const embeddings = new Map<string, Embedding>();

function keep(key: string, e: Embedding): void {
  embeddings.delete(key);
  embeddings.set(key, e);
  while (embeddings.size > KEEP) embeddings.delete(embeddings.keys().next().value!);
}

async function run(req: SamRequest): Promise<{ result: unknown; transfer?: ArrayBuffer[] }> {
  switch (req.op) {
    case 'check':
      await checkModels(req.encoder, req.decoder);
      return { result: null };
    case 'embed': {
      const e = await embed(req.encoder, req.image);
      keep(req.key, e);
      // A copy goes back to be written to the cache; the worker keeps its own.
      const copy = new Float32Array(e.data);
      return { result: { dims: e.dims, data: copy }, transfer: [copy.buffer] };
    }
    case 'decode': {
      if (req.embedding) keep(req.key, req.embedding);
      const e = embeddings.get(req.key);
      if (!e) return { result: { missing: true } };
      keep(req.key, e);
      const out = await decode(req.decoder, e, req.prompt, req.orig, req.resized, req.encoderName);
      return { result: out, transfer: out.mask ? [out.mask.bits.buffer as ArrayBuffer] : [] };
    }
  }
}

parentPort!.on('message', (msg: { id: number; req: SamRequest }) => {
  run(msg.req).then(
    ({ result, transfer }) => parentPort!.postMessage({ id: msg.id, result }, transfer ?? []),
    (e: unknown) =>
      parentPort!.postMessage({
        id: msg.id,
        error: isLightboxError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) },
      }),
  );
});
