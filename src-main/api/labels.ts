import { z } from 'zod';
import { Id, Ids, LabelMode } from './common.js';

export const LabelChange = z.object({ imageId: z.number().int(), tags: z.array(z.number().int()) });

export const UndoResult = z.object({
  /** False when there was nothing to undo/redo. */
  applied: z.boolean(),
  /** What the command was, for the status line ("set label", "bulk label"...). */
  kind: z.string().nullable(),
  /** Images whose labels or status changed, so the UI can refresh them. */
  imageIds: z.array(z.number().int()),
});

export const labelsMethods = {
  /**
   * Set an image tag. Single-label mode replaces the image's tag and, unless the `autoDone` setting
   * is false, marks a to-do image done; multi-label mode adds it. Refused (UNREADABLE) on a file that
   * cannot be read: as are labels.toggle and regions.
   */
  'labels.set': { params: z.object({ imageId: Id, classId: Id }).strict(), result: LabelChange },
  /** Multi-label: add the tag if absent, remove it if present. */
  'labels.toggle': { params: z.object({ imageId: Id, classId: Id }).strict(), result: LabelChange },
  /** Remove every tag of the image (or only `classId`). */
  'labels.clear': { params: z.object({ imageId: Id, classId: Id.optional() }).strict(), result: LabelChange },
  /** Label many images at once, as one undoable command. */
  'labels.bulkSet': {
    params: z.object({ imageIds: Ids, classId: Id }).strict(),
    /** `unreadable`: images of the selection left out because their file cannot be read (refused when that is all of them). */
    result: z.object({ changed: z.number().int(), unreadable: z.number().int() }),
  },
  'labels.undo': { params: z.object({}).strict(), result: UndoResult },
  'labels.redo': { params: z.object({}).strict(), result: UndoResult },
  'labels.mode': { params: z.object({}).strict(), result: z.object({ mode: LabelMode }) },
  'labels.setMode': { params: z.object({ mode: LabelMode }).strict(), result: z.object({ mode: LabelMode }) },
} as const;
