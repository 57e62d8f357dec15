import type { Db } from './openStore.js';

/**
 * The user's decisions for a model's labels whose names are not classes of this dataset
 * (migration 0220): a label mapped onto a class, or ignored (`classId` null).
 */
export interface LabelDecision {
  label: string;
  /** The class the label's predictions become; null: ignored (not stored). */
  classId: number | null;
}

export function labelDecisions(db: Db, modelId: string): LabelDecision[] {
  return db.prepare('SELECT label, class_id AS classId FROM model_label_map WHERE model_id = ? ORDER BY label').all(modelId) as LabelDecision[];
}

/** Set (`classId` a class or null to ignore) or forget (`undefined`: back to matching by name) one label's decision. Call inside a write transaction. */
export function setLabelDecision(db: Db, modelId: string, label: string, classId: number | null | undefined, now: number): void {
  if (classId === undefined) {
    db.prepare('DELETE FROM model_label_map WHERE model_id = ? AND label = ?').run(modelId, label);
    return;
  }
  db.prepare(
    `INSERT INTO model_label_map (model_id, label, class_id, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (model_id, label) DO UPDATE SET class_id = excluded.class_id, updated_at = excluded.updated_at`,
  ).run(modelId, label, classId, now);
}
