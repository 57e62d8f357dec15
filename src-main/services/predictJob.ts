import os from 'node:os';
import type { z } from 'zod';
import { methods } from '../api/contract.js';
import { LightboxError } from '../api/errors.js';
import type { PredictSummary } from '../api/suggestions.js';
import { fileOfRow } from '../dataset/imageFrames.js';
import { resolveInside } from '../dataset/pathSafety.js';
import { forEachParallel } from '../jobs/forEachParallel.js';
import type { Prediction } from '../models/predictProtocol.js';
import { PredictThreads } from '../models/predictThreads.js';
import { topClasses } from '../models/postprocess.js';
import { listClasses } from '../store/classesRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import { type NewSuggestion, type PredictionSummary, predictTargets, predictedImages, storePrediction } from '../store/suggestionsRepo.js';
import { decideLabels, matchLabels, readDatasetModel } from './modelsService.js';
import type { Session } from './Session.js';

type Params = z.output<(typeof methods)['suggestions.predict']['params']>;

/** Class suggestions kept per image: the best few above the threshold (the rest only count in the margin). */
const CLASS_SUGGESTIONS = 5;
const MAX_FAILED_LISTED = 100;

const round2 = (v: number) => Math.round(v * 100) / 100;

/** What one image's prediction becomes in the store, with its model labels mapped to class ids. */
function toStored(p: Prediction, classOf: readonly (number | undefined)[], minScore: number): { items: NewSuggestion[]; summary: PredictionSummary } {
  if (p.kind === 'class') {
    const ranked = topClasses(p.probs, p.probs.length);
    const best = ranked[0];
    const summary = {
      topClassId: best ? (classOf[best.index] ?? null) : null,
      topScore: best?.score ?? null,
      margin: best ? best.score - (ranked[1]?.score ?? 0) : null,
    };
    const items = ranked
      .filter((r) => r.score >= minScore && classOf[r.index] !== undefined)
      .slice(0, CLASS_SUGGESTIONS)
      .map((r) => ({ classId: classOf[r.index]!, score: r.score, box: null }));
    return { items, summary };
  }
  const items = p.boxes
    .filter((b) => classOf[b.index] !== undefined)
    .map((b) => ({ classId: classOf[b.index]!, score: b.score, box: { x: round2(b.x), y: round2(b.y), w: round2(b.w), h: round2(b.h) } }));
  return { items, summary: { topClassId: items[0]?.classId ?? null, topScore: items[0]?.score ?? null, margin: null } };
}

/** A class named as the user typed it (`--map LABEL=CLASS`), A–Z case folded as the store compares names. */
function classIdByName(db: Db, name: string): number {
  const folded = (t: string) => t.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const classes = listClasses(db, true);
  const found = classes.find((c) => c.name === name) ?? classes.find((c) => folded(c.name) === folded(name));
  if (!found) throw new LightboxError('NOT_FOUND', `There is no class "${name.slice(0, 100)}" to map onto: add it first (lightbox classes DATASET add NAME), or use --create-classes.`);
  return found.id;
}

/** `createClasses`: a class for every model label that has neither a class of its name nor a decision (ignored labels stay ignored). */
async function createUnmatched(s: Session, model: { id: string; name: string; labels: readonly string[] }): Promise<string[]> {
  const unmatched = matchLabels(s.require().db, model.labels, model.id).unmatched;
  // A label that cannot be a class name (the contract's own checks) stays unmatched and is listed.
  const creatable = unmatched.filter((label) => methods['classes.add'].params.safeParse({ name: label }).success);
  return creatable.length === 0 ? [] : decideLabels(s, model, creatable.map((label) => ({ label, to: 'create' as const })));
}

/**
 * `suggestions.predict`: read the model (refused before any job starts when it says too little),
 * then a job that feeds it every chosen image it has not seen, in worker threads, and stores each
 * image's suggestions in its own transaction, so whatever was stored stays when the job is stopped.
 */
export async function startPredict(s: Session, p: Params): Promise<{ jobId: string }> {
  const ds = s.require();
  const { db, root } = ds;
  const model = readDatasetModel(db, p.model);
  const modelRef = { id: model.id, name: model.name, labels: model.spec.labels };
  if (p.map && p.map.length > 0) await decideLabels(s, modelRef, p.map.map((m) => ({ label: m.label, to: classIdByName(db, m.className) })));
  const createdClasses = p.createClasses ? await createUnmatched(s, modelRef) : [];
  const match = matchLabels(db, model.spec.labels, model.id);
  const byLabel = new Map(match.matched.map((m) => [m.label, m.classId]));
  const classOf = model.spec.labels.map((l) => byLabel.get(l));
  const classNames = new Map(listClasses(db, true).map((c) => [c.id, c.name]));
  // Labels stored under a class of another name (a class created for a label keeps its name).
  const mapped = match.matched.flatMap((m) => {
    const className = classNames.get(m.classId);
    return m.mapped && className !== undefined && className !== m.label ? [{ label: m.label, className }] : [];
  });
  const kind = model.spec.task === 'classify' ? 'class' : 'box';
  const threads = p.threads ?? Math.max(1, Math.min(4, os.availableParallelism()));

  const job = s.jobs.start<PredictSummary>('suggestions.predict', async (ctx) => {
    const targets = predictTargets(db, p.images);
    const seen = predictedImages(db, model.id);
    const todo = targets.filter((t) => !seen.has(t.id));
    const summary: PredictSummary = {
      model: { id: model.id, name: model.name, task: model.spec.task },
      predicted: 0,
      skipped: targets.length - todo.length,
      suggestions: 0,
      failed: [],
      failedCount: 0,
      unmatched: match.unmatched,
      ignored: match.ignored,
      mapped,
      createdClasses,
    };
    ctx.progress(0, todo.length, null);
    if (todo.length === 0) return summary;
    const pool = await PredictThreads.start({ bytes: model.bytes, name: model.name, spec: model.spec, minScore: p.minScore, window: p.window }, Math.min(threads, todo.length));
    // A cancel stops the threads at once: a model that takes a minute per image is not waited for.
    const stop = () => void pool.close();
    ctx.signal.addEventListener('abort', stop);
    const fail = (path: string, reason: string) => {
      summary.failedCount++;
      if (summary.failed.length < MAX_FAILED_LISTED) summary.failed.push({ path, reason });
    };
    try {
      await forEachParallel(ctx, todo, threads + 1, (t) => t.path, async (t) => {
        let prediction: Prediction;
        try {
          prediction = await pool.predict({ file: resolveInside(root, fileOfRow(t.path, t.frame)), width: t.width, height: t.height, frame: t.frame, format: t.format, bitsStored: t.bitsStored });
        } catch (e) {
          if (ctx.signal.aborted || (e instanceof LightboxError && e.code === 'CANCELLED')) throw new LightboxError('CANCELLED', 'The job was cancelled.');
          return fail(t.path, (e as Error).message);
        }
        ctx.checkCancelled();
        if (s.dataset !== ds) throw new LightboxError('CANCELLED', 'The dataset was closed while the model ran.');
        const { items, summary: top } = toStored(prediction, classOf, p.minScore);
        summary.suggestions += writeTx(db, () => storePrediction(db, t.id, model, kind, items, top, Date.now()));
        summary.predicted++;
      });
    } finally {
      ctx.signal.removeEventListener('abort', stop);
      await pool.close();
      if (summary.predicted > 0 && s.dataset === ds) s.emit('images.changed', {});
    }
    return summary;
  });
  return { jobId: job.id };
}
