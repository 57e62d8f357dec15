import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LightboxError } from '../api/errors.js';
import { assertNotTooNew, migrate } from './migrate.js';
import { nativeBindingPath } from './nativeBinding.js';

export const STORE_DIR = '.lightbox';
export const STORE_FILE = 'labels.sqlite';

export type Db = Database.Database;

export interface StoreOptions {
  /** Milliseconds a writer waits for another process's write lock before giving up. */
  busyTimeoutMs?: number;
}

export function storePath(datasetRoot: string): string {
  return path.join(datasetRoot, STORE_DIR, STORE_FILE);
}

/** Open a SQLite file with the pragmas every Lightbox store uses, then migrate it. */
export function openDatabase(file: string, opts: StoreOptions = {}): Db {
  const binding = nativeBindingPath();
  const db = new Database(file, binding ? { nativeBinding: binding } : {});
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 10_000}`);
    // Before anything that writes (journal_mode is stored in the file): a newer store stays untouched.
    assertNotTooNew(db);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    if (file !== ':memory:' && file !== '') {
      const st = fs.statSync(file);
      identities.set(db, { dev: st.dev, ino: st.ino });
    }
    return db;
  } catch (e) {
    db.close();
    if (e instanceof LightboxError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_BUSY') {
      throw new LightboxError('STORE_BUSY', 'The dataset is busy in another program and did not free it in time. Try again in a moment.');
    }
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new LightboxError('BAD_FILE', `The label store ${file} is damaged or is not a Lightbox store. Restore it from a backup or move it aside.`);
    }
    throw e;
  }
}

/** Open (creating if needed) `<root>/.lightbox/labels.sqlite`. */
export function openStore(datasetRoot: string, opts: StoreOptions = {}): Db {
  const dir = path.join(datasetRoot, STORE_DIR);
  const inTheWay = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (inTheWay && !inTheWay.isDirectory()) {
    throw new LightboxError(
      'NOT_WRITABLE',
      `${dir} is a file, where Lightbox keeps the dataset's labels folder. Move or rename that file, then open the dataset again.`,
    );
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new LightboxError(
      'NOT_WRITABLE',
      `This folder is not writable: Lightbox needs to create ${STORE_DIR}/ inside ${datasetRoot} to keep your labels.`,
    );
  }
  return openDatabase(path.join(dir, STORE_FILE), opts);
}

/** The file each open store was opened from, to notice it being deleted or moved while open. */
const identities = new WeakMap<Db, { dev: number; ino: number }>();

/**
 * Refuse to write when the store's file is no longer where it was opened (its dataset folder was
 * deleted, moved or replaced): the write would go into a file nobody will open again, and the
 * person would be told it was saved.
 */
export function assertStoreInPlace(db: Db): void {
  const id = identities.get(db);
  if (!id) return;
  const st = fs.statSync(db.name, { throwIfNoEntry: false });
  if (!st || st.ino !== id.ino || st.dev !== id.dev) {
    throw new LightboxError(
      'NOT_FOUND',
      `The dataset folder was moved or deleted while it was open (${path.dirname(path.dirname(db.name))}). This change was not saved. Open the dataset again from where it is now.`,
    );
  }
}

/** Run `fn` in an immediate (write-locking) transaction, in a store still in place. */
export function writeTx<T>(db: Db, fn: () => T): T {
  if (!db.inTransaction) assertStoreInPlace(db);
  return db.transaction(fn).immediate();
}
