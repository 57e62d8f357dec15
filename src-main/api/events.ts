import { z } from 'zod';
import { JobInfo } from './jobs.js';
import { DatasetInfo } from './datasets.js';

/** Events pushed from the main process to every connected renderer. */
export const events = {
  'job.progress': JobInfo,
  'dataset.opened': DatasetInfo,
  /** Images were added, removed or changed (by a scan, an import, another process). */
  'images.changed': z.object({ ids: z.array(z.number().int()).optional() }),
  'classes.changed': z.object({}),
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
