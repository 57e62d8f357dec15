import fs from 'node:fs';
import Database from 'better-sqlite3';
import { nativeBindingPath } from './nativeBinding.js';
import { type Db, storePath } from './openStore.js';
import { COUNTED_IMAGE, countLabeledImages } from './statsRepo.js';

/** How far a dataset's labeling is: readable images and those with a label. */
export interface Progress {
  images: number;
  labeled: number;
}

/**
 * A dataset's progress read without opening it: the store read-only, nothing migrated, nothing
 * written. null when there is no store or it cannot be read as it is (older, newer, damaged, busy
 * beyond a moment): the welcome screen then shows the folder without a count.
 */
export function peekProgress(datasetRoot: string): Progress | null {
  const file = storePath(datasetRoot);
  if (!fs.existsSync(file)) return null;
  let db: Db | null = null;
  try {
    const binding = nativeBindingPath();
    db = new Database(file, { readonly: true, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
    db.pragma('busy_timeout = 200');
    const images = (db.prepare(`SELECT COUNT(*) AS n FROM images i WHERE ${COUNTED_IMAGE}`).get() as { n: number }).n;
    return { images, labeled: countLabeledImages(db) };
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
