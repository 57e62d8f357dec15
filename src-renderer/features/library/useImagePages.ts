import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageFilter, ImageRow } from '../../../src-main/api/index.js';
import { useApi, useEvent } from '../shell/ApiContext.js';

const PAGE = 300;

/**
 * Rows of a (possibly 100,000-image) list, fetched a page at a time as the grid scrolls to them.
 * A change to the images (scan, labels, another process) drops the cache.
 */
export function useImagePages(filter: ImageFilter, sort: 'name' | 'added' | 'edited' | 'score' | 'margin') {
  const api = useApi();
  const [total, setTotal] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const pages = useRef(new Map<number, ImageRow[] | 'loading'>());
  const [, force] = useState(0);
  const key = JSON.stringify({ filter, sort });

  useEffect(() => {
    pages.current = new Map();
    let live = true;
    api.call('images.list', { filter, sort, offset: 0, limit: PAGE }).then(
      (r) => {
        if (!live) return;
        pages.current.set(0, r.items);
        setTotal(r.total);
        force((n) => n + 1);
      },
      () => live && setTotal(0),
    );
    return () => {
      live = false;
    };
    // key captures filter and sort
  }, [api, key, version]);

  useEvent('images.changed', () => setVersion((v) => v + 1));

  const row = useCallback(
    (index: number): ImageRow | undefined => {
      const p = Math.floor(index / PAGE);
      const page = pages.current.get(p);
      if (page === undefined) {
        pages.current.set(p, 'loading');
        api.call('images.list', { filter, sort, offset: p * PAGE, limit: PAGE }).then(
          (r) => {
            pages.current.set(p, r.items);
            force((n) => n + 1);
          },
          () => pages.current.delete(p),
        );
        return undefined;
      }
      return page === 'loading' ? undefined : page[index % PAGE];
    },
    [api, key],
  );

  return { total, row, reload: () => setVersion((v) => v + 1) };
}
