import { z } from 'zod';

/** A row id in the store: a positive integer. */
export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const Ids = z.array(Id).min(1).max(200_000);
/** A dataset-relative path with `/` separators. Never absolute, never `..`. */
export const RelPath = z.string().min(1).max(4096);
export const AbsPath = z.string().min(1).max(4096);
export const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f77b4');
export const ClassName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s), 'a name without control characters');
export const Hotkey = z.string().regex(/^[1-9]$/, 'a digit from 1 to 9');

export const ImageStatus = z.enum(['todo', 'done', 'skipped']);
export const Split = z.enum(['train', 'val', 'test']);
export const ImageSource = z.enum(['folder', 'camera', 'url', 'import']);
export const LabelMode = z.enum(['single', 'multi']);

export const Empty = z.object({}).strict();
export const Ok = z.object({ ok: z.literal(true) });
