/**
 * The sequence of label operations a crash-test writer performs, the same in the writer and in the
 * checker. Operations refer to images and classes by their position in name order. Every fourth
 * class is applied to all images at once with `labels.bulkSet` (one multi-row transaction); the
 * others image by image with `labels.set`. In multi-label mode every operation only adds tags, so
 * the store's tags tell exactly which operations were committed.
 */
export interface LabelOp {
  index: number;
  kind: 'single' | 'bulk';
  classRow: number;
  imageRows: number[];
}

export function planLabelOps(images: number, classes: number): LabelOp[] {
  const ops: LabelOp[] = [];
  const all = Array.from({ length: images }, (_, i) => i);
  for (let c = 0; c < classes; c++) {
    if (c % 4 === 3) ops.push({ index: ops.length, kind: 'bulk', classRow: c, imageRows: all });
    else for (const i of all) ops.push({ index: ops.length, kind: 'single', classRow: c, imageRows: [i] });
  }
  return ops;
}

/** The contract call that performs `op`, given the ids in name order. */
export function opCall(op: LabelOp, imageIds: readonly number[], classIds: readonly number[]): { method: 'labels.set' | 'labels.bulkSet'; params: object } {
  const classId = classIds[op.classRow]!;
  return op.kind === 'bulk'
    ? { method: 'labels.bulkSet', params: { imageIds: op.imageRows.map((r) => imageIds[r]!), classId } }
    : { method: 'labels.set', params: { imageId: imageIds[op.imageRows[0]!]!, classId } };
}
