import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { nativeBindingPath } from './nativeBinding.js';
import type { Db } from './openStore.js';

/**
 * The names a large export has handed out, on disk instead of in memory: a throw-away SQLite file
 * in the system's temporary folder (never in the dataset or the export), with a small page cache,
 * so 100,000 names cost a few megabytes of disk and the same memory as 1,000. Removed by `close`.
 * `folder` scopes a name: each output folder (and the WebDataset keys) has its own.
 */
export class ScratchNames {
  /** The temporary folder holding the file. */
  readonly dir: string;
  private readonly db: Db;
  private readonly hasStmt;
  private readonly addStmt;
  private readonly lastStmt;
  private readonly setLastStmt;

  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lightbox-names-'));
    const binding = nativeBindingPath();
    this.db = new Database(path.join(this.dir, 'names.sqlite'), binding ? { nativeBinding: binding } : {});
    // Nothing here outlives the export: no journal, no syncs, 2 MB of cache.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -2048');
    this.db.exec(`CREATE TABLE taken (folder TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (folder, key)) WITHOUT ROWID;
      CREATE TABLE last_suffix (folder TEXT NOT NULL, name TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (folder, name)) WITHOUT ROWID;`);
    this.hasStmt = this.db.prepare('SELECT 1 FROM taken WHERE folder = ? AND key = ?').pluck();
    this.addStmt = this.db.prepare('INSERT OR IGNORE INTO taken (folder, key) VALUES (?, ?)');
    this.lastStmt = this.db.prepare('SELECT n FROM last_suffix WHERE folder = ? AND name = ?').pluck();
    this.setLastStmt = this.db.prepare('INSERT INTO last_suffix (folder, name, n) VALUES (?, ?, ?) ON CONFLICT (folder, name) DO UPDATE SET n = excluded.n');
  }

  has(folder: string, key: string): boolean {
    return this.hasStmt.get(folder, key) !== undefined;
  }

  add(folder: string, key: string): void {
    this.addStmt.run(folder, key);
  }

  lastSuffix(folder: string, name: string): number | undefined {
    return this.lastStmt.get(folder, name) as number | undefined;
  }

  setLastSuffix(folder: string, name: string, n: number): void {
    this.setLastStmt.run(folder, name, n);
  }

  close(): void {
    try {
      this.db.close();
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
