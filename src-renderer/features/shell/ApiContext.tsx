import { createContext, useContext, useEffect, useState } from 'react';
import type { ClassRow, EventName, EventPayload, Stats } from '../../../src-main/api/index.js';
import type { Api } from '../../bridge/Bridge.js';

export const ApiContext = createContext<Api | null>(null);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}

/** Subscribe to a contract event for the life of the component. */
export function useEvent<E extends EventName>(event: E, listener: (p: EventPayload<E>) => void, deps: unknown[] = []): void {
  const api = useApi();
  useEffect(() => api.on(event, listener), [api, event, ...deps]);
}

/** The live classes of the dataset, refreshed when they or the labels change. */
export function useClasses(includeArchived = false): { classes: ClassRow[]; reload: () => void } {
  const api = useApi();
  const [classes, setClasses] = useState<ClassRow[]>([]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    api.call('classes.list', { includeArchived }).then((c) => live && setClasses(c), () => undefined);
    return () => {
      live = false;
    };
  }, [api, includeArchived, tick]);
  useEvent('classes.changed', () => setTick((t) => t + 1));
  useEvent('images.changed', () => setTick((t) => t + 1));
  return { classes, reload: () => setTick((t) => t + 1) };
}

/** The dataset's counts (datasets.stats), fetched again whenever its images change. */
export function useStats(onError: (e: unknown) => void): Stats | null {
  const api = useApi();
  const [stats, setStats] = useState<Stats | null>(null);
  const [tick, setTick] = useState(0);
  useEvent('images.changed', () => setTick((n) => n + 1));
  useEffect(() => {
    api.call('datasets.stats', {}).then(setStats, onError);
  }, [api, tick, onError]);
  return stats;
}
