import type { Db } from './openStore.js';

export interface HistoryEntry<P = unknown> {
  id: number;
  kind: string;
  payload: P;
}

/** Record a command that was just applied (inside the same write transaction). Drops the redo branch. */
export function recordCommand(db: Db, kind: string, payload: unknown, author: string | null): void {
  db.prepare(`UPDATE history SET state = 'discarded' WHERE state = 'undone'`).run();
  db.prepare('INSERT INTO history (kind, payload, author, created_at) VALUES (?, ?, ?, ?)').run(kind, JSON.stringify(payload), author, Date.now());
}

function parse<P>(row: { id: number; kind: string; payload: string } | undefined): HistoryEntry<P> | undefined {
  return row && { id: row.id, kind: row.kind, payload: JSON.parse(row.payload) as P };
}

export function lastDone<P>(db: Db): HistoryEntry<P> | undefined {
  return parse<P>(db.prepare(`SELECT id, kind, payload FROM history WHERE state = 'done' ORDER BY id DESC LIMIT 1`).get() as never);
}

export function firstUndone<P>(db: Db): HistoryEntry<P> | undefined {
  return parse<P>(db.prepare(`SELECT id, kind, payload FROM history WHERE state = 'undone' ORDER BY id ASC LIMIT 1`).get() as never);
}

export function markHistory(db: Db, id: number, state: 'done' | 'undone'): void {
  db.prepare('UPDATE history SET state = ? WHERE id = ?').run(state, id);
}
