import type { z } from 'zod';
import type { methods } from '../api/contract.js';
import { LightboxError } from '../api/errors.js';
import type { FaceProposalSummary } from '../api/privacy.js';
import { resolveInside } from '../dataset/pathSafety.js';
import { proposeFaces } from '../privacy/faces/faceProposals.js';
import { listClasses } from '../store/classesRepo.js';
import { writeTx } from '../store/openStore.js';
import { predictTargetById, predictTargets, predictedImages, storePrediction } from '../store/suggestionsRepo.js';
import { classesHandlers } from './classesService.js';
import type { Handlers } from './handlers.js';
import type { Session } from './Session.js';

type Params = z.output<(typeof methods)['privacy.proposeFaces']['params']>;

/** The face detector as a model of the suggestions table: `lightbox:` ids are Lightbox's own, never the user's. */
export const FACE_MODEL = { id: 'lightbox:face-api-ssd-mobilenetv1', name: 'Face detector (face-api SSD MobileNet v1)' };
const FACE_CLASS = 'face';
const MAX_FAILED_LISTED = 100;

/** The redaction class proposals go to: "face" when it is a redaction class, else one made for it. */
async function faceClass(s: Session): Promise<{ id: number; name: string }> {
  const { db } = s.require();
  const classes = listClasses(db, true);
  const existing = classes.find((c) => c.redact && !c.archived && (c.name === FACE_CLASS || c.name === `${FACE_CLASS} (redact)`));
  if (existing) return { id: existing.id, name: existing.name };
  // A non-redaction class called "face" (a label people train on) is left alone.
  const name = classes.some((c) => c.name === FACE_CLASS) ? `${FACE_CLASS} (redact)` : FACE_CLASS;
  const made = await classesHandlers['classes.add']({ name, redact: true }, s);
  return { id: made.id, name: made.name };
}

/**
 * `privacy.proposeFaces`: a job that looks for faces in each chosen image (one worker thread) and
 * stores each image's proposals in its own transaction, so a stopped run keeps what it found and
 * the next run carries on. DICOM frames are skipped with a reason (a scan's faces are not in its
 * pixels the way a photograph's are; mark burned-in text by hand).
 */
export async function startFaceProposals(s: Session, p: Params): Promise<{ jobId: string }> {
  const ds = s.require();
  const { db, root } = ds;
  const cls = await faceClass(s);
  const job = s.jobs.start<FaceProposalSummary>('privacy.proposeFaces', async (ctx) => {
    const targets = predictTargets(db, p.images);
    const seen = predictedImages(db, FACE_MODEL.id);
    const todo = targets.filter((t) => !seen.has(t.id));
    const summary: FaceProposalSummary = { looked: 0, skipped: targets.length - todo.length, faces: 0, classId: cls.id, className: cls.name, failed: [], failedCount: 0 };
    const fail = (path: string, reason: string) => {
      summary.failedCount++;
      if (summary.failed.length < MAX_FAILED_LISTED) summary.failed.push({ path, reason });
    };
    ctx.progress(0, todo.length, null);
    let done = 0;
    try {
      for (const t of todo) {
        ctx.checkCancelled();
        if (t.frame !== null) {
          fail(t.path, 'a DICOM frame: faces are looked for in photographs only');
        } else {
          let faces;
          try {
            faces = await proposeFaces(resolveInside(root, t.path), { minScore: p.minScore });
          } catch (e) {
            // A detector that cannot run fails the job: "no faces" must never be claimed for it.
            if (e instanceof LightboxError && e.code === 'BAD_FILE') throw e;
            fail(t.path, e instanceof Error ? e.message : String(e));
            faces = null;
          }
          ctx.checkCancelled();
          if (s.dataset !== ds) throw new LightboxError('CANCELLED', 'The dataset was closed while faces were looked for.');
          if (faces) {
            const items = faces.map((f) => ({ classId: cls.id, score: f.score, box: { x: round2(f.x), y: round2(f.y), w: round2(f.w), h: round2(f.h) } }));
            summary.faces += writeTx(db, () =>
              storePrediction(db, t.id, FACE_MODEL, 'box', items, { topClassId: items.length ? cls.id : null, topScore: items[0]?.score ?? null, margin: null }, Date.now(), 'model'),
            );
            summary.looked++;
          }
        }
        ctx.progress(++done, todo.length, t.path);
      }
    } finally {
      if (summary.looked > 0 && s.dataset === ds) s.emit('images.changed', {});
    }
    return summary;
  });
  return { jobId: job.id };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Frames waiting for face proposals, one after another behind this promise. */
let captureQueue: Promise<void> = Promise.resolve();

/**
 * Propose face redactions on a frame the camera just saved (the capture option): queued behind
 * the frames before it, stored as pending suggestions like a dataset run's, announced with
 * images.changed. A frame deleted (undone) or a dataset closed meanwhile is passed over.
 */
export function proposeFacesAfterCapture(s: Session, imageId: number): Promise<void> {
  const ds = s.require();
  const next = captureQueue.then(async () => {
    if (s.dataset !== ds) return;
    const target = predictTargetById(ds.db, imageId);
    if (!target) return;
    const cls = await faceClass(s);
    const faces = await proposeFaces(resolveInside(ds.root, target.path));
    if (s.dataset !== ds) return;
    const items = faces.map((f) => ({ classId: cls.id, score: f.score, box: { x: round2(f.x), y: round2(f.y), w: round2(f.w), h: round2(f.h) } }));
    writeTx(ds.db, () =>
      storePrediction(ds.db, imageId, FACE_MODEL, 'box', items, { topClassId: items.length ? cls.id : null, topScore: items[0]?.score ?? null, margin: null }, Date.now(), 'model'),
    );
    if (items.length > 0) s.emit('images.changed', { ids: [imageId] });
  });
  // One frame's failure (a frame removed under it) must not stop the next frame's proposals.
  captureQueue = next.catch((e: unknown) => console.error('[lightbox] face proposals for a captured frame failed:', e instanceof Error ? e.message : e));
  return next;
}

export const privacyHandlers: Handlers<'privacy.proposeFaces'> = {
  'privacy.proposeFaces': (p, s) => startFaceProposals(s, p),
};
