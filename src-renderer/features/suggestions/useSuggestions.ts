import { useEffect, useState } from 'react';
import type { Suggestion } from '../../../src-main/api/index.js';
import { useApi, useEvent } from '../shell/ApiContext.js';

/** The pending suggestions of one image, best first, refreshed whenever that image (or every image) changes. */
export function useSuggestions(imageId: number | null): Suggestion[] {
  const api = useApi();
  const [state, setState] = useState<{ id: number | null; items: Suggestion[] }>({ id: null, items: [] });
  const [tick, setTick] = useState(0);
  useEvent('images.changed', (p) => {
    if (imageId !== null && (!p.ids || p.ids.includes(imageId))) setTick((t) => t + 1);
  }, [imageId]);
  useEffect(() => {
    if (imageId === null) return;
    let live = true;
    api
      .call('suggestions.list', { imageId, limit: 500 })
      .then((r) => live && setState({ id: imageId, items: r.items }))
      // A store from before suggestions, or a closed dataset: nothing to show.
      .catch(() => live && setState({ id: imageId, items: [] }));
    return () => {
      live = false;
    };
  }, [api, imageId, tick]);
  return state.id === imageId ? state.items : [];
}
