import type { Db } from './openStore.js';

/**
 * URL list imports, kept so an interrupted import resumes where it stopped (see
 * migrations/0070-url-imports.sql). Writes run inside the caller's write transaction.
 */

export type UrlItemState = 'pending' | 'done' | 'duplicate' | 'failed';

/** The unfinished import started from a list with this content, if any. */
export function runningUrlImport(db: Db, listSha256: string): number | undefined {
  return (db.prepare(`SELECT id FROM url_imports WHERE list_sha256 = ? AND state = 'running' ORDER BY id DESC LIMIT 1`).get(listSha256) as { id: number } | undefined)?.id;
}

export function setUrlImportAllowPrivate(db: Db, importId: number, allowPrivate: boolean, now: number): void {
  db.prepare('UPDATE url_imports SET allow_private = ?, updated_at = ? WHERE id = ?').run(allowPrivate ? 1 : 0, now, importId);
}

/** Record a new import and its lines; returns its id. */
export function createUrlImport(
  db: Db,
  listSha256: string,
  allowPrivate: boolean,
  items: readonly { line: number; url: string; label: string | null; state: UrlItemState; reason: string | null }[],
  now: number,
): number {
  const id = Number(
    db.prepare('INSERT INTO url_imports (list_sha256, allow_private, created_at, updated_at) VALUES (?, ?, ?, ?)').run(listSha256, allowPrivate ? 1 : 0, now, now)
      .lastInsertRowid,
  );
  const add = db.prepare('INSERT INTO url_import_items (import_id, line, url, label, state, reason) VALUES (?, ?, ?, ?, ?, ?)');
  for (const x of items) add.run(id, x.line, x.url, x.label, x.state, x.reason);
  return id;
}

export function urlImportItemCount(db: Db, importId: number): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM url_import_items WHERE import_id = ?').get(importId) as { n: number }).n;
}

export function pendingUrlImportItems(db: Db, importId: number): { line: number; url: string; label: string | null }[] {
  return db.prepare(`SELECT line, url, label FROM url_import_items WHERE import_id = ? AND state = 'pending' ORDER BY line`).all(importId) as {
    line: number;
    url: string;
    label: string | null;
  }[];
}

export function setUrlImportItemState(db: Db, importId: number, line: number, state: UrlItemState, reason: string | null, imageId: number | null): void {
  db.prepare('UPDATE url_import_items SET state = ?, reason = ?, image_id = ? WHERE import_id = ? AND line = ?').run(state, reason, imageId, importId, line);
}

export function urlImportStateCounts(db: Db, importId: number): { state: string; n: number }[] {
  return db.prepare('SELECT state, COUNT(*) AS n FROM url_import_items WHERE import_id = ? GROUP BY state').all(importId) as { state: string; n: number }[];
}

export function finishUrlImport(db: Db, importId: number, now: number): void {
  db.prepare(`UPDATE url_imports SET state = 'done', updated_at = ? WHERE id = ?`).run(now, importId);
}

export function failedUrlImportItems(db: Db, importId: number): { line: number; url: string; reason: string }[] {
  return db.prepare(`SELECT line, url, reason FROM url_import_items WHERE import_id = ? AND state = 'failed' ORDER BY line`).all(importId) as {
    line: number;
    url: string;
    reason: string;
  }[];
}
