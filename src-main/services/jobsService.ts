import type { Handlers } from './handlers.js';

export const jobsHandlers: Handlers<'jobs.list' | 'jobs.get' | 'jobs.cancel'> = {
  'jobs.list': (_p, s) => s.jobs.list(),
  'jobs.get': ({ id }, s) => s.jobs.get(id),
  'jobs.cancel': ({ id }, s) => {
    s.jobs.cancel(id);
    return { ok: true };
  },
};
