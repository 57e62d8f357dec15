import type Database from 'better-sqlite3';
import { LightboxError } from '../api/errors.js';
import { latestVersion, migrations, type Migration } from './migrations/index.js';

export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The store's version, or STORE_TOO_NEW when a newer Lightbox wrote it. Reads only. */
export function assertNotTooNew(db: Database.Database): number {
  const from = userVersion(db);
  if (from > latestVersion) {
    throw new LightboxError(
      'STORE_TOO_NEW',
      `This dataset was saved by a newer version of Lightbox Studio (store version ${from}, this app knows up to ${latestVersion}). Update Lightbox Studio to open it; nothing was changed.`,
      { storeVersion: from, appVersion: latestVersion },
    );
  }
  return from;
}

/**
 * Bring the store up to `target` (default: the latest) in one immediate transaction.
 * A store written by a newer Lightbox is refused rather than guessed at.
 */
export function migrate(
  db: Database.Database,
  list: readonly Migration[] = migrations,
  target: number = latestVersion,
): { from: number; to: number } {
  const from = assertNotTooNew(db);
  const pending = list.filter((m) => m.version > from && m.version <= target);
  if (pending.length === 0) return { from, to: from };
  const run = db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  });
  run.immediate();
  return { from, to: userVersion(db) };
}
