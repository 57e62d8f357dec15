import { z } from 'zod';
import { ClassName, Color, Hotkey, Id, Ok } from './common.js';

export const ClassRow = z.object({
  id: z.number().int(),
  name: z.string(),
  color: z.string(),
  hotkey: z.string().nullable(),
  order: z.number().int(),
  archived: z.boolean(),
  /**
   * A redaction class: its boxes, polygons and masks mark pixels to hide (a burned-in name, a
   * face). Every export fills them and none writes them as labels; a tag of it is ignored.
   */
  redact: z.boolean(),
  /** Live annotations of this class (tags and regions, on any image): what deleting it removes. */
  count: z.number().int(),
  /** Images with this class: readable images having its tag (the number the library, Stats and the class keys show). */
  images: z.number().int(),
  /** Regions per class: its live regions on readable images. */
  regions: z.number().int(),
});
export type ClassRow = z.infer<typeof ClassRow>;

export const classesMethods = {
  'classes.list': { params: z.object({ includeArchived: z.boolean().optional() }).strict(), result: z.array(ClassRow) },
  'classes.add': {
    params: z.object({ name: ClassName, color: Color.optional(), hotkey: Hotkey.nullable().optional(), redact: z.boolean().optional() }).strict(),
    result: ClassRow,
  },
  'classes.rename': { params: z.object({ id: Id, name: ClassName }).strict(), result: ClassRow },
  'classes.recolor': { params: z.object({ id: Id, color: Color }).strict(), result: ClassRow },
  'classes.setHotkey': { params: z.object({ id: Id, hotkey: Hotkey.nullable() }).strict(), result: ClassRow },
  /** New order of all live classes, first to last. */
  'classes.reorder': { params: z.object({ ids: z.array(Id).max(10_000) }).strict(), result: Ok },
  'classes.setRedact': { params: z.object({ id: Id, redact: z.boolean() }).strict(), result: ClassRow },
  'classes.archive': { params: z.object({ id: Id, archived: z.boolean() }).strict(), result: ClassRow },
  /** Delete a class and its annotations; `confirm` must be true when it is in use. */
  'classes.delete': {
    params: z.object({ id: Id, confirm: z.boolean().optional() }).strict(),
    result: z.object({ removedLabels: z.number().int() }),
  },
} as const;
