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
  | { type: 'delete'; shapes: Shape[]; indices: number[] };

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
      // Ascending order of original places restores each at its own index.
      cmd.shapes
        .map((s, k) => ({ s, i: cmd.indices[k] ?? doc.shapes.length }))
        .sort((a, b) => a.i - b.i)
        .forEach(({ s, i }) => doc.add(s, i));
      return;
  }
}

/** Ids of the shapes a command touches. */
export function commandShapeIds(cmd: Command): string[] {
  return (cmd.type === 'update' ? cmd.after : cmd.shapes).map((s) => s.id);
}
