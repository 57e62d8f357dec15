import type { ImageDocument } from './ImageDocument.js';
import type { Shape } from './types.js';

/**
 * Every change to a document is one of these records. The editor applies it, keeps it for undo,
 * and hands it to whoever persists it (the workspace sends it through the contract).
 */
export type Command =
  | { type: 'create'; shapes: Shape[] }
  | { type: 'update'; before: Shape[]; after: Shape[] }
  /** `indices` are the shapes' places in the drawing order, so undo puts them back where they were. */
  | { type: 'delete'; shapes: Shape[]; indices: number[] }
  /** Shapes put in the place of others (a mask turned into polygons); `indices` as for delete. */
  | { type: 'replace'; before: Shape[]; indices: number[]; after: Shape[] };

export function applyCommand(doc: ImageDocument, cmd: Command): void {
  switch (cmd.type) {
    case 'create':
      for (const s of cmd.shapes) doc.add(s);
      return;
    case 'update':
      for (const s of cmd.after) doc.replace(s);
      return;
    case 'delete':
      for (const s of cmd.shapes) doc.remove(s.id);
      return;
    case 'replace':
      for (const s of cmd.before) doc.remove(s.id);
      for (const s of cmd.after) doc.add(s);
      return;
  }
}

/** Undo a command on the document. */
export function revertCommand(doc: ImageDocument, cmd: Command): void {
  switch (cmd.type) {
    case 'create':
      for (const s of cmd.shapes) doc.remove(s.id);
      return;
    case 'update':
      for (const s of cmd.before) doc.replace(s);
      return;
    case 'delete':
      restore(doc, cmd.shapes, cmd.indices);
      return;
    case 'replace':
      for (const s of cmd.after) doc.remove(s.id);
      restore(doc, cmd.before, cmd.indices);
      return;
  }
}

/** Put shapes back at their places in the drawing order: ascending order of places restores each at its own index. */
function restore(doc: ImageDocument, shapes: Shape[], indices: number[]): void {
  shapes
    .map((s, k) => ({ s, i: indices[k] ?? doc.shapes.length }))
    .sort((a, b) => a.i - b.i)
    .forEach(({ s, i }) => doc.add(s, i));
}

/** Ids of the shapes a command touches. */
export function commandShapeIds(cmd: Command): string[] {
  return (cmd.type === 'update' || cmd.type === 'replace' ? cmd.after : cmd.shapes).map((s) => s.id);
}
