import type { Stats } from '../api/datasets.js';
import { LightboxError } from '../api/errors.js';
import { scanDataset } from '../dataset/scan.js';
import type { Db } from '../store/openStore.js';
import type { Handlers } from './handlers.js';
import { splitNewImages } from './splitPlan.js';
import { openSample } from './sampleDataset.js';
import type { Session } from './Session.js';

export function datasetStats(db: Db, author: string, now = Date.now()): Stats {
  const one = <T>(sql: string) => db.prepare(sql).get() as T;
  const images = one<{ n: number }>('SELECT COUNT(*) AS n FROM images WHERE missing = 0').n;
  const unreadable = db.prepare('SELECT path, error AS reason FROM images WHERE missing = 0 AND error IS NOT NULL ORDER BY path').all() as {
    path: string;
    reason: string;
  }[];
  const labeled = one<{ n: number }>(
    'SELECT COUNT(*) AS n FROM images i WHERE i.missing = 0 AND EXISTS (SELECT 1 FROM annotations a WHERE a.image_id = i.id AND a.deleted = 0)',
  ).n;
  const status = db.prepare('SELECT status, COUNT(*) AS n FROM images WHERE missing = 0 GROUP BY status').all() as { status: 'todo' | 'done' | 'skipped'; n: number }[];
  const split = db.prepare('SELECT split, COUNT(*) AS n FROM images WHERE missing = 0 GROUP BY split').all() as { split: 'train' | 'val' | 'test' | null; n: number }[];
  const perClass = db
    .prepare(
      `SELECT c.id AS classId, c.name, c.color, COUNT(DISTINCT a.image_id) AS count FROM classes c
       LEFT JOIN annotations a ON a.class_id = c.id AND a.deleted = 0 AND a.image_id IN (SELECT id FROM images WHERE missing = 0)
       WHERE c.archived = 0 GROUP BY c.id ORDER BY c.ord, c.id`,
    )
    .all() as Stats['perClass'];
  const byStatus = { todo: 0, done: 0, skipped: 0 };
  for (const s of status) byStatus[s.status] = s.n;
  const perSplit = { train: 0, val: 0, test: 0, none: 0 };
  for (const s of split) perSplit[s.split ?? 'none'] = s.n;
  return {
    images,
    readable: images - unreadable.length,
    unreadable,
    missing: one<{ n: number }>('SELECT COUNT(*) AS n FROM images WHERE missing = 1').n,
    labeled,
    unlabeled: images - labeled,
    byStatus,
    perClass,
    perSplit,
    annotator: { name: author, lastHour: labeledSince(db, author, now - 3_600_000), today: labeledSince(db, author, new Date(now).setHours(0, 0, 0, 0)) },
  };
}

function labeledSince(db: Db, author: string, since: number): number {
  return (
    db.prepare(`SELECT COUNT(DISTINCT image_id) AS n FROM annotations WHERE author = ? AND kind = 'tag' AND created_at >= ?`).get(author, since) as { n: number }
  ).n;
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
  'datasets.recent': (_p, s) => ({ paths: s.config.recent }),
  'datasets.pickFolder': async (_p, s) => {
    if (!s.hooks.pickFolder) {
      throw new LightboxError('NOT_FOUND', 'This window cannot show a folder dialog. Type the folder path instead.');
    }
    return { path: await s.hooks.pickFolder() };
  },
  'datasets.scan': ({ thumbnails }, s) => ({ jobId: startScan(s, thumbnails).id }),
  'datasets.stats': (_p, s) => datasetStats(s.require().db, s.author()),
};
