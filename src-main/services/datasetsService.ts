import fs from 'node:fs';
import path from 'node:path';
import type { Stats } from '../api/datasets.js';
import { LightboxError } from '../api/errors.js';
import { scanDataset } from '../dataset/scan.js';
import type { Db } from '../store/openStore.js';
import {
  countByStatus,
  countBySplit,
  countImages,
  countLabeledImages,
  countMissingImages,
  countPerClass,
  countLabeledSince,
  unreadableImages,
} from '../store/statsRepo.js';
import { peekProgress } from '../store/peekStore.js';
import type { Handlers } from './handlers.js';
import { splitNewImages } from './splitPlan.js';
import { openSample } from './sampleDataset.js';
import type { Session } from './Session.js';

export function datasetStats(db: Db, author: string, now = Date.now()): Stats {
  const images = countImages(db);
  const unreadable = unreadableImages(db);
  const labeled = countLabeledImages(db);
  const byStatus = { todo: 0, done: 0, skipped: 0 };
  for (const s of countByStatus(db)) byStatus[s.status] = s.n;
  const perSplit = { train: 0, val: 0, test: 0, none: 0 };
  for (const s of countBySplit(db)) perSplit[s.split ?? 'none'] = s.n;
  return {
    images,
    readable: images - unreadable.length,
    unreadable,
    missing: countMissingImages(db),
    labeled,
    unlabeled: images - unreadable.length - labeled,
    byStatus,
    perClass: countPerClass(db),
    perSplit,
    annotator: {
      name: author,
      lastHour: countLabeledSince(db, author, now - 3_600_000),
      today: countLabeledSince(db, author, new Date(now).setHours(0, 0, 0, 0)),
    },
  };
}

/** Start a scan job of the open dataset; the returned promise settles when it ends. */
export function startScan(session: Session, thumbnails = true) {
  const ds = session.require();
  return session.jobs.start('scan', async (job) => {
    const summary = await scanDataset(ds.root, ds.db, job, { thumbnails });
    splitNewImages(ds.db);
    session.emit('images.changed', {});
    return summary;
  });
}

export const datasetsHandlers: Handlers<
  | 'datasets.open'
  | 'datasets.openSample'
  | 'datasets.current'
  | 'datasets.close'
  | 'datasets.recent'
  | 'datasets.pickFolder'
  | 'datasets.scan'
  | 'datasets.stats'
> = {
  'datasets.open': ({ path, remember }, s) => {
    s.open(path, false, remember ?? true);
    const info = s.info()!;
    s.emit('dataset.opened', info);
    return info;
  },
  'datasets.openSample': async (_p, s) => {
    await openSample(s);
    const info = s.info()!;
    s.emit('dataset.opened', info);
    return info;
  },
  'datasets.current': (_p, s) => s.info(),
  'datasets.close': (_p, s) => {
    s.close();
    return { ok: true };
  },
  'datasets.recent': (_p, s) => ({
    paths: s.config.recent,
    items: s.config.recent.map((root) => {
      const exists = fs.existsSync(root);
      return { path: root, name: path.basename(root) || root, exists, progress: exists ? peekProgress(root) : null };
    }),
  }),
  'datasets.pickFolder': async (_p, s) => {
    if (!s.hooks.pickFolder) {
      throw new LightboxError('NOT_FOUND', 'This window cannot show a folder dialog. Type the folder path instead.');
    }
    return { path: await s.hooks.pickFolder() };
  },
  'datasets.scan': ({ thumbnails }, s) => ({ jobId: startScan(s, thumbnails).id }),
  'datasets.stats': (_p, s) => datasetStats(s.require().db, s.author()),
};
