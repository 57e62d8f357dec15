import fs from 'node:fs';
import path from 'node:path';
import type { AgreementReport } from '../api/packages.js';
import { LightboxError } from '../api/errors.js';
import { storedToShape } from '../store/regionsRepo.js';
import { acceptedInReview, allLiveAnswers, goldAnswers, isTaskFolder, rejectedInReview, teamStateCounts, throughputRows } from '../store/teamsRepo.js';
import { type Answer, fleissOf, goldAccuracy, pairAgreements, perHour, reviewedAccuracy } from '../teams/agreement.js';
import { createPackages } from '../teams/createPackage.js';
import { mergeResults } from '../teams/mergeResults.js';
import { GUIDELINES_FILE, setUpWorkingFolder, unpackTask } from '../teams/openPackage.js';
import { currentTask, returnResult } from '../teams/returnPackage.js';
import { answersOfImage, decide, reviewQueue } from '../teams/review.js';
import type { Db } from '../store/openStore.js';
import type { Handlers } from './handlers.js';
import type { Session } from './Session.js';

/** Classes and label mode of a working folder are the owner's schema: changes are refused here, whoever asks (the renderer, the CLI). */
export function assertSchemaOpen(s: Session): void {
  if (isTaskFolder(s.require().db)) {
    throw new LightboxError('CONFLICT', "This folder is a task package: its classes and label mode are fixed by the dataset's owner. Ask them for a new package to change them.");
  }
}

/** Every live answer as the agreement functions take it: one per annotator and image. */
export function answersOf(db: Db): Answer[] {
  const byKey = new Map<string, { annotator: string; imageId: number; tags: string[]; regions: Answer['regions'][number][] }>();
  for (const r of allLiveAnswers(db)) {
    const key = `${r.imageId}\u0000${r.annotator}`;
    const a = byKey.get(key) ?? { annotator: r.annotator, imageId: r.imageId, tags: [], regions: [] };
    if (r.kind === 'tag') a.tags.push(r.className);
    else a.regions.push({ className: r.className, shape: storedToShape(r.kind, r.geometry, r.mask) });
    byKey.set(key, a);
  }
  return [...byKey.values()];
}

export function agreementReport(db: Db): AgreementReport {
  const answers = answersOf(db);
  const fleiss = fleissOf(answers);
  return {
    annotators: [...new Set(answers.map((a) => a.annotator))].sort(),
    sharedImages: fleiss.images,
    fleissKappa: fleiss.kappa,
    pairs: pairAgreements(answers),
    gold: goldAccuracy(answers, goldAnswers(db)),
    reviewed: reviewedAccuracy(answers, acceptedInReview(db), rejectedInReview(db)),
    throughput: throughputRows(db).map((t) => ({ annotator: t.annotator, images: t.labeled, activeHours: t.activeMs / 3_600_000, perHour: perHour(t.labeled, t.activeMs) })),
    states: teamStateCounts(db),
  };
}

function guidelinesOf(root: string): string | null {
  try {
    return fs.readFileSync(path.join(root, GUIDELINES_FILE), 'utf8');
  } catch {
    return null;
  }
}

export const packagesHandlers: Handlers<
  'packages.create' | 'packages.pickFile' | 'packages.open' | 'packages.task' | 'packages.return' | 'packages.merge' | 'packages.agreement' | 'packages.reviewQueue' | 'packages.reviewAnswers' | 'packages.review'
> = {
  'packages.create': (p, s) => {
    const ds = s.require();
    return { jobId: s.jobs.start('package-create', (job) => createPackages(ds.root, ds.db, p, job)).id };
  },
  'packages.pickFile': async (_p, s) => {
    if (!s.hooks.pickPackage) throw new LightboxError('NOT_FOUND', 'This window cannot show a file dialog. Type the path of the .lbx file instead.');
    return { path: await s.hooks.pickPackage() };
  },
  'packages.open': ({ file, into }, s) => {
    const target = path.resolve(into);
    const job = s.jobs.start('package-open', async (j) => {
      const manifest = await unpackTask(path.resolve(file), target, j);
      await setUpWorkingFolder(target, manifest, j);
      s.open(target, false, false);
      const info = s.info()!;
      s.emit('dataset.opened', info);
      return { folder: info.root, annotator: manifest.annotator, images: manifest.images.length, classes: manifest.classes.length, guidelines: manifest.guidelines ? GUIDELINES_FILE : null };
    });
    return { jobId: job.id };
  },
  'packages.task': (_p, s) => {
    const ds = s.require();
    if (!isTaskFolder(ds.db)) return null;
    const { manifest } = currentTask(ds.db);
    const fileOf = new Map(manifest.images.map((im) => [im.id, im.file]));
    const notes = (manifest.notes ?? []).map((n) => ({ path: fileOf.get(n.id) ?? '', comment: n.comment }));
    return { annotator: manifest.annotator, images: manifest.images.length, guidelines: guidelinesOf(ds.root), notes };
  },
  'packages.return': ({ out }, s) => {
    const ds = s.require();
    return { jobId: s.jobs.start('package-return', (job) => returnResult(ds.root, ds.db, path.resolve(out), job)).id };
  },
  'packages.merge': ({ files }, s) => {
    const ds = s.require();
    const author = s.author();
    const job = s.jobs.start('package-merge', async (j) => {
      const summary = await mergeResults(
        ds.db,
        files.map((f) => path.resolve(f)),
        author,
        j,
      );
      if (summary.changed) s.emit('images.changed', {});
      return summary;
    });
    return { jobId: job.id };
  },
  'packages.agreement': (_p, s) => agreementReport(s.require().db),
  'packages.reviewQueue': (p, s) => reviewQueue(s.require().db, p),
  'packages.reviewAnswers': ({ imageId }, s) => answersOfImage(s.require().db, imageId),
  'packages.review': (p, s) => {
    const r = decide(s.require().db, p, s.author());
    s.emit('images.changed', {});
    return r;
  },
};
