import { z } from 'zod';
import { Id, Ids, ImageSource, ImageStatus, Ok, RelPath, Split } from './common.js';

export const ImageRow = z.object({
  id: z.number().int(),
  path: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  format: z.string().nullable(),
  status: ImageStatus,
  split: Split.nullable(),
  source: ImageSource,
  /** Why the file cannot be shown, or null when it is readable. */
  error: z.string().nullable(),
  missing: z.boolean(),
  /** Class ids of the image-level tags on this image. */
  tags: z.array(z.number().int()),
  updatedAt: z.number().int(),
});
export type ImageRow = z.infer<typeof ImageRow>;

export const ImageFilter = z
  .object({
    status: ImageStatus.optional(),
    split: z.union([Split, z.literal('none')]).optional(),
    classId: Id.optional(),
    labeled: z.boolean().optional(),
    unreadable: z.boolean().optional(),
    q: z.string().max(500).optional(),
    /** Images under this dataset-relative folder ('cats', 'a/b'), at any depth; '' the top folder's own images only. */
    folder: z.string().max(1000).optional(),
  })
  .strict();
export type ImageFilter = z.infer<typeof ImageFilter>;

export const ImageSort = z.enum(['name', 'added', 'edited']);

export const imagesMethods = {
  'images.list': {
    params: z
      .object({
        filter: ImageFilter.optional(),
        sort: ImageSort.optional(),
        offset: z.number().int().min(0).max(10_000_000).optional(),
        limit: z.number().int().min(1).max(5000).optional(),
      })
      .strict(),
    result: z.object({ total: z.number().int(), items: z.array(ImageRow) }),
  },
  /** Ids only, in list order: lets the UI select all matches or walk through them. */
  'images.ids': {
    params: z.object({ filter: ImageFilter.optional(), sort: ImageSort.optional() }).strict(),
    result: z.object({ ids: z.array(z.number().int()) }),
  },
  /** Every folder holding images, with how many images it holds at any depth ('' the top folder's own), sorted by path. */
  'images.folders': { params: z.object({}).strict(), result: z.array(z.object({ folder: z.string(), count: z.number().int() })) },
  'images.get': { params: z.object({ id: Id }).strict(), result: ImageRow },
  /** The image at a dataset-relative `/` path (as `lightbox label` names it), or null when none is indexed there. */
  'images.byPath': { params: z.object({ path: RelPath }).strict(), result: ImageRow.nullable() },
  'images.setStatus': { params: z.object({ ids: Ids, status: ImageStatus }).strict(), result: Ok },
  'images.setSplit': { params: z.object({ ids: Ids, split: Split.nullable() }).strict(), result: Ok },
  /** Assign train/val/test by ratio and seed, stratified by class. Images that already have a split keep it unless `reassign`. */
  'images.assignSplits': {
    params: z
      .object({
        ratios: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)]),
        seed: z.number().int().min(0).max(2 ** 31),
        reassign: z.boolean().optional(),
      })
      .strict(),
    result: z.object({ train: z.number().int(), val: z.number().int(), test: z.number().int() }),
  },
} as const;
