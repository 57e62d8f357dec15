import { z } from 'zod';
import { Ok } from './common.js';

export const JobState = z.enum(['running', 'done', 'failed', 'cancelled']);

export const JobInfo = z.object({
  id: z.string(),
  kind: z.string(),
  state: JobState,
  done: z.number().int(),
  total: z.number().int(),
  /** The item being worked on (a path), for the progress line. */
  current: z.string().nullable(),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type JobInfo = z.infer<typeof JobInfo>;

export const jobsMethods = {
  'jobs.list': { params: z.object({}).strict(), result: z.array(JobInfo) },
  'jobs.get': { params: z.object({ id: z.string().max(100) }).strict(), result: JobInfo },
  'jobs.cancel': { params: z.object({ id: z.string().max(100) }).strict(), result: Ok },
} as const;
