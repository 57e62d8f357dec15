import { parentPort } from 'node:worker_threads';
import { isLightboxError } from '../../api/errors.js';
import { checkModels, decode, type Embedding, embed } from './samModels.js';
import type { SamRequest } from './samOps.js';
import type { SamBox, SamMask, SamPoint } from './samTensors.js';

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
  while (embeddings.size > KEEP) {
    const old = embeddings.keys().next().value!;
    embeddings.delete(old);
    for (const k of lowRes.keys()) if (k.startsWith(`${old}\u0000`)) lowRes.delete(k);
  }
}

/**
 * The low-res masks of prompts decoded on each embedding (per decoder), by prompt: a click after
 * the first is decoded with the previous prompt's low-res mask as mask_input (has_mask_input 1),
 * as segment-anything's predictor is used interactively. So the answer to a list of clicks is the
 * answer to making them in that order, whatever was asked before (Backspace, a restarted thread).
 */
const lowRes = new Map<string, Map<string, Float32Array | null>>();
/** Prompts remembered per embedding and decoder (each a 256 KB mask). */
const KEEP_PROMPTS = 24;

const promptKey = (points: readonly SamPoint[], box: SamBox | undefined) => JSON.stringify([points.map((p) => [p.x, p.y, p.positive ? 1 : 0]), box ? [box.x, box.y, box.w, box.h] : null]);

async function decodeInOrder(req: Extract<SamRequest, { op: 'decode' }>, e: Embedding): Promise<SamMask> {
  const historyKey = `${req.key}\u0000${req.decoder.hash}`;
  let history = lowRes.get(historyKey);
  if (!history) lowRes.set(historyKey, (history = new Map()));
  const { points, box } = req.prompt;
  // The prompts leading to this one: the clicks one by one (after the box, when there is one).
  const first = box ? 0 : 1;
  const keyAt = (k: number) => promptKey(points.slice(0, k), box);
  let known = points.length - 1;
  while (known >= first && !history.has(keyAt(known))) known--;
  let prior = known >= first ? (history.get(keyAt(known)) ?? undefined) : undefined;
  let answer: SamMask | null = null;
  for (let k = Math.max(known + 1, first); k <= points.length; k++) {
    const out = await decode(req.decoder, e, { points: points.slice(0, k), ...(box ? { box } : {}) }, req.orig, req.resized, req.encoderName, prior);
    const key = keyAt(k);
    history.delete(key);
    history.set(key, out.lowRes);
    while (history.size > KEEP_PROMPTS) history.delete(history.keys().next().value!);
    prior = out.lowRes ?? undefined;
    if (k === points.length) answer = { mask: out.mask, score: out.score, best: out.best };
  }
  return answer!;
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
      const out = await decodeInOrder(req, e);
      return { result: { mask: out.mask, score: out.score }, transfer: out.mask ? [out.mask.bits.buffer as ArrayBuffer] : [] };
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
