import { z } from 'zod';

export const Language = z.enum(['en', 'zh-CN']);

export const settingsMethods = {
  /** Project settings stored in the dataset (annotator name and the like). */
  'settings.get': { params: z.object({ key: z.string().min(1).max(200) }).strict(), result: z.object({ value: z.unknown() }) },
  'settings.set': {
    params: z.object({ key: z.string().min(1).max(200), value: z.unknown() }).strict(),
    result: z.object({ value: z.unknown() }),
  },
} as const;
