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
  /** Largest store given a full `quick_check` at open (tests lower it to reach the large-store path). */
  quickCheckMaxBytes?: number;
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

/**
 * Stores up to this size get SQLite's `quick_check` (every page read and its structure checked) at
 * open: about 3.5 ms per MB on an idle core, so under 0.06 s at this bound (some 14,000 images
 * with 10 regions each). A 100,000-image store with 10 regions per image (118 MB) would take 0.43 s on
 * every open and every CLI command, so larger stores get the cheap checks below at open, and
 * damage is caught where a statement meets it (and then stops all writing).
 */
export const QUICK_CHECK_MAX_BYTES = 16 * 1024 * 1024;

function damaged(file: string, what: string): LightboxError {
  return new LightboxError('BAD_FILE', `The label store ${file} ${what}. Restore it from a backup or move it aside; nothing was changed.`);
}

/**
 * Refuse, before anything is written, a file that is not a Lightbox store (another program's
 * SQLite database) or whose pages are damaged. Reads only.
 */
function assertSoundStore(db: Db, file: string, quickCheckMaxBytes: number): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const objects = (db.prepare('SELECT COUNT(*) AS n FROM sqlite_master').get() as { n: number }).n;
  // Lightbox sets the version in the transaction that makes its tables: tables without it are someone else's.
  if (version === 0 && objects > 0) throw damaged(file, 'is a database of another program, not a Lightbox label store');
  const bytes = file === ':memory:' || file === '' ? 0 : (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0);
  if (bytes === 0 || bytes > quickCheckMaxBytes) return;
  const result = db.pragma('quick_check(1)', { simple: true });
  if (result !== 'ok') throw damaged(file, 'is damaged');
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
    assertSoundStore(db, file, opts.quickCheckMaxBytes ?? QUICK_CHECK_MAX_BYTES);
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
      const wal = fs.statSync(`${file}-wal`, { throwIfNoEntry: false });
      const shm = fs.statSync(`${file}-shm`, { throwIfNoEntry: false });
      // Both exist once a WAL store has been read; where WAL could not be used, there is nothing to watch.
      identities.set(db, {
        file: idOf(st)!,
        wal: wal && shm ? idOf(wal) : null,
        shm: wal && shm ? idOf(shm) : null,
        seen: wal ? { walSize: wal.size, dbMtimeMs: st.mtimeMs, dbSize: st.size } : undefined,
        replaced: false,
      });
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

interface FileId {
  dev: number;
  ino: number;
}
function idOf(st: fs.Stats | undefined): FileId | null {
  return st ? { dev: st.dev, ino: st.ino } : null;
}
function sameFile(st: fs.Stats | undefined, id: FileId | null): boolean {
  return !!st && !!id && st.dev === id.dev && st.ino === id.ino;
}

/**
 * The files each open store was opened from, to notice them being deleted, moved or replaced
 * while open: the store itself, and the `-wal` (recent commits) and `-shm` (its index, shared by
 * every process that has the store open) next to it. `replaced` sticks once a change was seen;
 * `damaged` once a write met a damaged page.
 */
interface StoreIdentity {
  file: FileId;
  wal: FileId | null;
  shm: FileId | null;
  /** The -wal's size and the store file's mtime and size when last checked. */
  seen?: { walSize: number; dbMtimeMs: number; dbSize: number };
  replaced: boolean;
  damaged?: LightboxError;
}
const identities = new WeakMap<Db, StoreIdentity>();

function replacedError(db: Db): LightboxError {
  return new LightboxError(
    'STORE_REPLACED',
    `Another program deleted or cut short the label store's working files (${path.basename(db.name)}-wal or -shm in ${path.dirname(db.name)}) while the dataset was open, so Lightbox stopped writing to it: nothing changed after this point was saved. Close Lightbox and open the dataset again.`,
  );
}

/**
 * Refuse to write when the store's file is no longer where it was opened (its dataset folder was
 * deleted, moved or replaced): the write would go into a file nobody will open again, and the
 * person would be told it was saved. Likewise when its `-wal` or `-shm` was deleted, replaced or
 * cut short (a sync or clean-up tool): SQLite would go on writing into files no other process
 * sees, or over commits that are gone, and the store would be damaged without a word.
 */
export function assertStoreInPlace(db: Db): void {
  const id = identities.get(db);
  if (!id) return;
  if (id.replaced) throw replacedError(db);
  // A write met damage in the store once: writing on could spread it.
  if (id.damaged) throw id.damaged;
  const st = fs.statSync(db.name, { throwIfNoEntry: false });
  if (!sameFile(st, id.file)) {
    throw new LightboxError(
      'NOT_FOUND',
      `The dataset folder was moved or deleted while it was open (${path.dirname(path.dirname(db.name))}). This change was not saved. Open the dataset again from where it is now.`,
    );
  }
  if (!id.wal) return;
  const wal = fs.statSync(`${db.name}-wal`, { throwIfNoEntry: false });
  const shm = fs.statSync(`${db.name}-shm`, { throwIfNoEntry: false });
  if (!sameFile(wal, id.wal) || !sameFile(shm, id.shm) || walCutShort(id, wal!, st!)) {
    id.replaced = true;
    throw replacedError(db);
  }
  id.seen = { walSize: wal!.size, dbMtimeMs: st!.mtimeMs, dbSize: st!.size };
}

/**
 * The -wal is shorter than when last looked at while the store file did not change: commits were
 * cut away. (A checkpoint writes over the -wal from its start without shortening it; SQLite's
 * TRUNCATE checkpoint, which Lightbox never runs, shortens it after copying it into the store file,
 * which changes that file. The -shm itself cannot be read to compare: opening and closing a file
 * in this process would drop SQLite's locks on it.)
 */
function walCutShort(id: StoreIdentity, wal: fs.Stats, st: fs.Stats): boolean {
  return !!id.seen && wal.size < id.seen.walSize && st.mtimeMs === id.seen.dbMtimeMs && st.size === id.seen.dbSize;
}

/** After a commit of ours: what the files look like now. */
function noteCommit(db: Db): void {
  const id = identities.get(db);
  if (!id?.wal) return;
  const st = fs.statSync(db.name, { throwIfNoEntry: false });
  const wal = fs.statSync(`${db.name}-wal`, { throwIfNoEntry: false });
  if (st && wal && sameFile(wal, id.wal)) id.seen = { walSize: wal.size, dbMtimeMs: st.mtimeMs, dbSize: st.size };
}

/**
 * Close a store. One whose working files were replaced under it is closed without writing its
 * stale view back: SQLite checkpoints on close (copies the -wal into the store file) when it gets
 * an exclusive lock on the store file, which would write over what other programs committed since.
 * A read held open on a second connection, on the files as they are now, denies it that lock.
 */
export function closeStore(db: Db): void {
  if (!identities.get(db)?.replaced || !db.open) {
    db.close();
    return;
  }
  let guard: Db | null = null;
  try {
    const binding = nativeBindingPath();
    guard = new Database(db.name, { fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
    guard.exec('BEGIN');
    guard.prepare('SELECT COUNT(*) FROM sqlite_master').get();
  } catch {
    // The store file is gone or unreadable: there is nothing left to write over.
  }
  try {
    db.close();
  } finally {
    try {
      guard?.exec('COMMIT');
      guard?.close();
    } catch {
      // closing the guard is best effort
    }
  }
}

/** Run `fn` in an immediate (write-locking) transaction, in a store still in place. */
export function writeTx<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return db.transaction(fn).immediate(); // nested: the outer one maps errors
  assertStoreInPlace(db);
  let result: T;
  try {
    result = db.transaction(fn).immediate();
  } catch (e) {
    const mapped = storeError(e, db.name);
    if (mapped instanceof LightboxError && mapped.code === 'BAD_FILE') {
      const id = identities.get(db);
      if (id) id.damaged = mapped;
    }
    throw mapped;
  }
  noteCommit(db);
  return result;
}
