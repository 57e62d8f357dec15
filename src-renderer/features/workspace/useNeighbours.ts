import { useEffect, useState } from 'react';
import type { ImageRow } from '../../../src-main/api/index.js';
import type { ClassifyState } from '../../editor/classify/ClassifyController.js';
import { useApi } from '../shell/ApiContext.js';

/** How many images either side of the current one the workspace keeps at hand. */
export const AROUND = 4;

export interface Neighbours {
  /** List index of rows[0]. */
  from: number;
  rows: (ImageRow | null)[];
}

/**
 * The rows of the images around the current one, read once per move: the filmstrip draws them and
 * the prefetch decodes the ones ahead. Read again when the current image's labels change, so the
 * filmstrip's "labeled" marks stay true.
 */
export function useNeighbours(s: ClassifyState): Neighbours {
  const api = useApi();
  const [n, setN] = useState<Neighbours>({ from: 0, rows: [] });
  const from = Math.max(0, s.index - AROUND);
  const ids = s.ids.slice(from, s.index + AROUND + 1);
  const key = `${from}:${ids.join(',')}`;
  const imageKey = s.image ? `${s.image.id}:${s.image.tags.join('.')}` : '';
  useEffect(() => {
    let live = true;
    Promise.all(ids.map((id) => api.call('images.get', { id }).catch(() => null))).then((rows) => live && setN({ from, rows }));
    return () => {
      live = false;
    };
  }, [api, key, imageKey]);
  return n;
}
