import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DisplayTransfer, SamModelRef, SamPreview, SamPromptParams, SegmentParams } from '../api/annotations.js';
import { LightboxError } from '../api/errors.js';
import { encodeMask, type MaskCrop, maskArea } from '../api/maskCodec.js';
import type { z } from 'zod';
import { sha256File } from '../dataset/hash.js';
import { resolveInside } from '../dataset/pathSafety.js';
import { applyDisplay, isIdentityDisplay } from '../imaging/displayTransfer.js';
import { decodeFailureReason } from '../imaging/sharpSafe.js';
import { renderOf } from '../imaging/thumbnails.js';
import { decodeUprightResized, type Render } from '../imaging/uprightResized.js';
import { imageSource } from '../store/imageStateRepo.js';
import { embeddingPath, readEmbedding, writeEmbedding } from '../vision/sam/embeddingCache.js';
import type { Embedding } from '../vision/sam/samModels.js';
import type { ModelFile } from '../vision/sam/samOps.js';
import { resizedSize } from '../vision/sam/samLayout.js';
import { samThread } from '../vision/sam/samThread.js';
import { createRegion, imageSize } from './annotationsService.js';
import type { Handlers } from './handlers.js';
import { loadConfig } from './appConfig.js';
import { assertLiveClass } from './labelCommands.js';
import type { Session } from './Session.js';

/**
 * SAM-family one-click masks: the user's encoder + decoder pair (by path and SHA-256, never
 * copied; given by its paths or as a pair of the per-user model registry), the image's embedding
 * computed once per model and window/level on the SAM thread as a `sam.embed` job and cached in
 * the dataset, then one decoder run per prompt. Coordinates are upright pixels.
 */

type Prompt = z.output<typeof SamPromptParams>;

/** The embed job's steps, for its progress events. */
const STEPS = ['reading the image', 'computing the image embedding', 'saving the embedding'] as const;

/** File hashes by path, size and mtime: a 350 MB encoder is hashed once, not per click. */
const hashes = new Map<string, { size: number; mtimeMs: number; hash: string }>();

async function modelFile(file: string, role: 'encoder' | 'decoder'): Promise<ModelFile> {
  if (!path.isAbsolute(file)) throw new LightboxError('BAD_PARAMS', `The SAM ${role} must be given by its full path, not "${file}".`);
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new LightboxError('NOT_FOUND', `The SAM ${role} ${file} does not exist: choose the .onnx file again.`);
  }
  if (!st.isFile()) throw new LightboxError('BAD_FILE', `The SAM ${role} ${file} is not a file: choose the .onnx file.`);
  const known = hashes.get(file);
  if (known && known.size === st.size && known.mtimeMs === st.mtimeMs) return { file, hash: known.hash };
  const hash = await sha256File(file);
  hashes.set(file, { size: st.size, mtimeMs: st.mtimeMs, hash });
  return { file, hash };
}

const asciiLower = (t: string) => t.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * The pair's files: as given, or the registered SAM pair with that id (the encoder's SHA-256, or
 * a unique prefix of at least 8 hex digits) or name. `hashes` are the registered ones, checked
 * against the files so a model replaced in place is said, not silently used.
 */
export function samPair(ref: SamModelRef, s: Session): { encoder: string; decoder: string; registered?: { encoder: string; decoder: string } } {
  if (!('id' in ref)) return ref;
  const wanted = ref.id.trim();
  const pairs = (loadConfig(s.home).models ?? []).filter((m) => m.kind === 'sam' && m.decoderPath);
  const exact = pairs.filter((m) => m.id === wanted || m.name === wanted);
  const found =
    exact.length > 0
      ? exact
      : pairs.filter((m) => (wanted.length >= 8 && /^[0-9a-f]+$/i.test(wanted) && m.id.startsWith(wanted.toLowerCase())) || asciiLower(m.name) === asciiLower(wanted));
  const shownId = wanted.slice(0, 80);
  if (found.length === 0) {
    throw new LightboxError(
      'NOT_FOUND',
      pairs.length === 0
        ? `There is no SAM model "${shownId}": none is added yet. Add its encoder and decoder in Settings → Models, or give both files (ENCODER.onnx,DECODER.onnx).`
        : `There is no SAM model "${shownId}" in Settings → Models (there: ${pairs.map((m) => m.name).join(', ').slice(0, 200)}); or give both files (ENCODER.onnx,DECODER.onnx).`,
    );
  }
  if (found.length > 1) throw new LightboxError('BAD_PARAMS', `"${shownId}" names ${found.length} SAM models: give more of the id.`);
  const m = found[0]!;
  return { encoder: m.path, decoder: m.decoderPath!, registered: { encoder: m.id, decoder: m.decoderId ?? '' } };
}

/** The embedding cache's name for an image seen through a window/level: none for the image as displayed. */
export function displayKey(d: DisplayTransfer | undefined): string {
  if (isIdentityDisplay(d)) return '';
  return `-w${createHash('sha256').update(`${d!.slope},${d!.intercept}`).digest('hex').slice(0, 16)}`;
}

function checkPrompt(p: { points?: Prompt['points']; box?: Prompt['box'] }, width: number, height: number): void {
  const points = p.points ?? [];
  for (const pt of points) {
    if (pt.x < 0 || pt.y < 0 || pt.x >= width || pt.y >= height) {
      throw new LightboxError('BAD_PARAMS', `The point ${pt.x},${pt.y} is outside the image (${width}×${height} px).`);
    }
  }
  if (!p.box && !points.some((pt) => pt.positive)) {
    throw new LightboxError('BAD_PARAMS', 'SAM needs a prompt: click on the object (a positive point) or drag a box around it.');
  }
  if (p.box) {
    const { x, y, w, h } = p.box;
    if (x + w <= 0 || y + h <= 0 || x >= width || y >= height) throw new LightboxError('BAD_PARAMS', `The box is outside the image (${width}×${height} px).`);
  }
}

/** Embeddings being computed, by cache file: a second click while the first runs waits for it. */
const computing = new Map<string, Promise<Embedding>>();

async function computeEmbedding(
  s: Session,
  encoder: ModelFile,
  source: { file: string; rel: string; render: Render; frame: number | null },
  cacheFile: string,
  orig: { width: number; height: number },
  display: DisplayTransfer | undefined,
): Promise<Embedding> {
  const rel = source.rel;
  const { root } = s.require();
  const resized = resizedSize(orig.width, orig.height);
  let computed: Embedding | null = null;
  const { promise } = s.jobs.start('sam.embed', async (ctx) => {
    ctx.progress(0, STEPS.length, rel);
    let image;
    try {
      image = await decodeUprightResized(source.file, source, orig, resized.width, resized.height);
    } catch (e) {
      throw new LightboxError('UNREADABLE', `This image could not be read (${e instanceof Error && e.name === 'DicomError' ? e.message : decodeFailureReason(e)}).`);
    }
    if ('changed' in image) {
      const now = image.changed;
      throw new LightboxError('CONFLICT', `This image changed on disk since it was scanned (now ${now.width}×${now.height} px): scan the dataset again.`);
    }
    // What the person sees: the viewer's window/level on the picture (applied to the resized
    // picture; a per-value table, so it and the resize nearly commute).
    if (display && !isIdentityDisplay(display)) image = applyDisplay(image, display);
    ctx.checkCancelled();
    ctx.progress(1, STEPS.length, rel);
    const embedding = await samThread().call({ op: 'embed', key: cacheFile, encoder, image });
    computed = embedding;
    ctx.checkCancelled();
    ctx.progress(2, STEPS.length, rel);
    try {
      writeEmbedding(root, cacheFile, embedding);
    } catch {
      // A read-only dataset still segments; it computes again next time.
    }
    ctx.progress(3, STEPS.length, rel);
    // The job's result is small: the embedding itself is in the worker and in the cache file.
    return { dims: embedding.dims };
  });
  await promise;
  return computed!;
}

/** Run the user's SAM pair on a prompt: the best mask in upright pixels (not written). */
export async function samMask(
  p: { imageId: number; model: SamModelRef; points?: Prompt['points']; box?: Prompt['box']; display?: DisplayTransfer },
  s: Session,
): Promise<{ mask: MaskCrop | null; score: number; embedding: SamPreview['embedding'] }> {
  const { db, root } = s.require();
  const orig = imageSize(db, p.imageId);
  checkPrompt(p, orig.width, orig.height);
  const row = imageSource(db, p.imageId);
  if (!row || !row.sha256) throw new LightboxError('NOT_FOUND', `There is no image with id ${p.imageId}.`);
  const pair = samPair(p.model, s);
  const [encoder, decoder] = await Promise.all([modelFile(pair.encoder, 'encoder'), modelFile(pair.decoder, 'decoder')]);
  if (pair.registered) {
    for (const [role, file, want] of [['encoder', encoder, pair.registered.encoder], ['decoder', decoder, pair.registered.decoder]] as const) {
      if (want && file.hash !== want) {
        throw new LightboxError('CONFLICT', `The SAM ${role} ${path.basename(file.file)} changed since it was added: remove the model in Settings → Models and add it again.`);
      }
    }
  }
  const thread = samThread();
  // Both files are checked against the layout before the (long) encoder run.
  await thread.call({ op: 'check', encoder, decoder });
  const display = isIdentityDisplay(p.display) ? undefined : p.display;
  const imageKey = `${row.frame ? `${row.sha256}-f${row.frame}` : row.sha256}${displayKey(display)}`;
  const cacheFile = embeddingPath(root, encoder.hash, imageKey);
  const resized = resizedSize(orig.width, orig.height);
  const request = {
    op: 'decode' as const,
    key: cacheFile,
    decoder,
    encoderName: path.basename(encoder.file),
    prompt: { points: (p.points ?? []).map((pt) => ({ x: pt.x, y: pt.y, positive: pt.positive })), ...(p.box ? { box: p.box } : {}) },
    orig,
    resized,
  };
  let embedding: SamPreview['embedding'] = 'cached';
  let answer = await thread.call(request);
  if ('missing' in answer) {
    let e = readEmbedding(cacheFile);
    if (!e) {
      embedding = 'computed';
      let running = computing.get(cacheFile);
      if (!running) {
        const source = { file: resolveInside(root, row.path), rel: row.path, render: renderOf(row), frame: row.frame };
        running = computeEmbedding(s, encoder, source, cacheFile, orig, display);
        computing.set(cacheFile, running);
        void running.finally(() => computing.delete(cacheFile)).catch(() => undefined);
      }
      e = await running;
    }
    answer = await thread.call({ ...request, embedding: e });
    if ('missing' in answer) throw new LightboxError('INTERNAL', 'The SAM thread lost the image embedding: try again.');
  }
  return { mask: answer.mask, score: answer.score, embedding };
}

type SegmentInput = z.output<typeof SegmentParams>;

/** `annotations.segment` with method `sam`: the mask SAM makes, written as one undoable mask region. */
export async function samSegment(p: SegmentInput, s: Session): Promise<{ region: ReturnType<typeof createRegion>; area: number }> {
  const ds = s.require();
  assertLiveClass(ds.db, p.classId);
  if (!p.model) throw new LightboxError('BAD_PARAMS', 'SAM needs a model: give the encoder and decoder .onnx files (model: {encoder, decoder}) or a registered pair (model: {id}).');
  const extra = (['tolerance', 'level', 'polarity', 'iterations', 'connectivity', 'hintRadius'] as const).filter((k) => p[k] !== undefined);
  if (extra.length > 0) throw new LightboxError('BAD_PARAMS', `SAM takes points and a box only, not ${extra.join(', ')}.`);
  if ((p.points?.length ?? 0) > 100) throw new LightboxError('BAD_PARAMS', 'SAM takes at most 100 points.');
  const { mask } = await samMask({ imageId: p.imageId, model: p.model, points: p.points, box: p.box, display: p.display }, s);
  if (s.dataset !== ds) throw new LightboxError('CONFLICT', 'The dataset was closed while SAM ran: open it again and retry.');
  if (!mask) throw new LightboxError('BAD_PARAMS', 'The SAM model found no object there: click inside the object, or drag a box around it.');
  const region = createRegion(s, p.imageId, p.classId, { kind: 'mask', x: mask.x, y: mask.y, w: mask.w, h: mask.h, counts: encodeMask(mask.bits) });
  return { region, area: maskArea(mask.bits) };
}

export const samHandlers: Handlers<'annotations.samPreview'> = {
  'annotations.samPreview': async (p, s) => {
    const { mask, score, embedding } = await samMask(p, s);
    return {
      mask: mask && { kind: 'mask' as const, x: mask.x, y: mask.y, w: mask.w, h: mask.h, counts: encodeMask(mask.bits) },
      area: mask ? maskArea(mask.bits) : 0,
      score,
      embedding,
    };
  },
};
