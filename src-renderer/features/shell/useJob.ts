import { useEffect, useState } from 'react';
import type { JobInfo } from '../../../src-main/api/index.js';
import { useApi } from './ApiContext.js';

/** The live state of job `id` (from job.progress events), or null before it starts. */
export function useJob(id: string | null): JobInfo | null {
  const api = useApi();
  const [info, setInfo] = useState<JobInfo | null>(null);
  useEffect(() => {
    setInfo(null);
    if (!id) return;
    const off = api.on('job.progress', (j) => j.id === id && setInfo(j));
    // The job may have ended before the listener was attached.
    api.call('jobs.get', { id }).then((j) => setInfo((cur) => (cur && cur.state !== 'running' ? cur : j)), () => undefined);
    return off;
  }, [api, id]);
  return info;
}
