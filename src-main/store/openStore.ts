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

/**
 * A SQLite failure as an error the person can act on; anything else is returned as it is. `file` is
 * the store's path, for the message.
 */
export function storeError(e: unknown, file: string): unknown {
  if (e instanceof LightboxError) return e;
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return e;
  if (code.startsWith('SQLITE_BUSY')) return new LightboxError('STORE_BUSY', 'The dataset is busy in another program. Try again in a moment.');
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new LightboxError('BAD_FILE', `The label store ${file} is damaged or is not a Lightbox store. Restore it from a backup or move it aside.`);
  }
  if (code === 'SQLITE_FULL') return new LightboxError('NOT_WRITABLE', 'The disk is full: this change was not saved. Free some space and try again; what was saved before is kept.');
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') {
    return new LightboxError(
      'NOT_WRITABLE',
      `Lightbox cannot write its label store ${file} (a read-only folder, a disk error, or something other than the store at that name). This change was not saved; what was saved before is kept.`,
    );
  }
  return e;
}

let freshTables: readonly string[] | null = null;
/** The tables a store at the latest version has: those the migrations make in an empty database. */
function expectedTables(): readonly string[] {
  if (!freshTables) {
    const binding = nativeBindingPath();
    const mem = new Database(':memory:', binding ? { nativeBinding: binding } : {});
    migrate(mem);
    freshTables = (mem.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
    mem.close();
  }
  return freshTables;
}

/** Open a SQLite file with the pragmas every Lightbox store uses, then migrate it. */
export function openDatabase(file: string, opts: StoreOptions = {}): Db {
  const binding = nativeBindingPath();
  let db: Db;
  try {
    db = new Database(file, binding ? { nativeBinding: binding } : {});
  } catch (e) {
    throw storeError(e, file);
  }
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 10_000}`);
    // Before anything that writes (journal_mode is stored in the file): a newer store stays untouched.
    assertNotTooNew(db);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    // A store that claims the latest version but lacks tables (damaged, or made by hand) would
    // fail every call later; say so now.
    const have = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
    const lacking = expectedTables().filter((t) => !have.has(t));
    if (lacking.length > 0) {
      throw new LightboxError('BAD_FILE', `The label store ${file} is damaged: it has no ${lacking.join(', ')} table. Restore it from a backup or move it aside.`);
    }
    if (file !== ':memory:' && file !== '') {
      const st = fs.statSync(file);
      identities.set(db, { dev: st.dev, ino: st.ino });
    }
    return db;
  } catch (e) {
    db.close();
    throw storeError(e, file);
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
  if (db.inTransaction) return db.transaction(fn).immediate(); // nested: the outer one maps errors
  assertStoreInPlace(db);
  try {
    return db.transaction(fn).immediate();
  } catch (e) {
    throw storeError(e, db.name);
  }
}
