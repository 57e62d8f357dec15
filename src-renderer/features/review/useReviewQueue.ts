import { useCallback, useEffect, useState } from 'react';
import type { Result } from '../../../src-main/api/index.js';
import { useApi } from '../shell/ApiContext.js';

export type QueueItem = Result<'packages.reviewQueue'>[number];
export interface QueueOptions {
  /** Every image of this annotator is in the queue (flagged for checking). */
  annotator: string | null;
  /** This share of each annotator's images is drawn into the queue. */
  samplePercent: number;
}

/**
 * The review queue for the chosen options, read again whenever images change (a decision, an undo,
 * a merge from the CLI), so what is shown is what the store holds.
 */
export function useReviewQueue(options: QueueOptions, onError: (e: unknown) => void): { queue: QueueItem[] | null; reload: () => Promise<QueueItem[] | null> } {
  const api = useApi();
  const [queue, setQueue] = useState<QueueItem[] | null>(null);
  const reload = useCallback(
    () =>
      api
        .call('packages.reviewQueue', { ...(options.annotator ? { annotator: options.annotator } : {}), ...(options.samplePercent > 0 ? { samplePercent: options.samplePercent } : {}) })
        .then(
          (q) => {
            setQueue(q);
            return q;
          },
          (e: unknown) => {
            onError(e);
            return null;
          },
        ),
    [api, options.annotator, options.samplePercent, onError],
  );
  useEffect(() => {
    void reload();
    return api.on('images.changed', () => void reload());
  }, [api, reload]);
  return { queue, reload };
}
