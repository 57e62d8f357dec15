import { type Db, writeTx } from './openStore.js';

/**
 * Before a model's id covered its description (NAME.onnx.json or its metadata), suggestions,
 * predictions and label mappings were stored under the sha256 of the .onnx alone. These two calls let
 * the models service hand such rows to the model that made them (see adoptLegacyRows there).
 */

/** What rows stored under an old file-hash id say about the model that made them; null when there are none. */
export interface LegacyFootprint {
  /** Labels the user mapped or ignored for it. */
  labels: string[];
  /** Classes its suggestions and predictions were stored under. */
  classIds: number[];
}

export function legacyFootprint(db: Db, fileSha256: string): LegacyFootprint | null {
  // Both existence look-ups use an index; the suggestions table (no model_id index) is read only when they find something.
  const has = (table: 'predictions' | 'model_label_map') => db.prepare(`SELECT 1 FROM ${table} WHERE model_id = ? LIMIT 1`).get(fileSha256) !== undefined;
  if (!has('predictions') && !has('model_label_map')) return null;
  const labels = (db.prepare('SELECT label FROM model_label_map WHERE model_id = ?').all(fileSha256) as { label: string }[]).map((r) => r.label);
  const classIds = (
    db
      .prepare(
        `SELECT top_class_id AS id FROM predictions WHERE model_id = ? AND top_class_id IS NOT NULL
         UNION SELECT class_id AS id FROM suggestions WHERE model_id = ?`,
      )
      .all(fileSha256, fileSha256) as { id: number }[]
  ).map((r) => r.id);
  return { labels, classIds };
}

/** Move every suggestion, prediction and label mapping of model `from` to model `to`; what `to` already has wins. Returns the rows moved. */
export function moveModelRows(db: Db, from: string, to: string): number {
  return writeTx(db, () => {
    let moved = 0;
    moved += db.prepare('UPDATE OR IGNORE model_label_map SET model_id = ? WHERE model_id = ?').run(to, from).changes;
    db.prepare('DELETE FROM model_label_map WHERE model_id = ?').run(from);
    moved += db.prepare('UPDATE OR IGNORE predictions SET model_id = ? WHERE model_id = ?').run(to, from).changes;
    db.prepare('DELETE FROM predictions WHERE model_id = ?').run(from);
    moved += db.prepare('UPDATE suggestions SET model_id = ? WHERE model_id = ?').run(to, from).changes;
    return moved;
  });
}
