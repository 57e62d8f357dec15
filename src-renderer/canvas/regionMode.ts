import { useCallback, useState } from 'react';

const KEY = 'lightbox.regionMode';

/**
 * Whether the workspace is drawing regions (kept across reloads). The tool keys turn it on (the
 * keymap table's tool rows); the toggle button and "Done with regions" turn it either way.
 */
export function useRegionMode(): { on: boolean; set: (on: boolean) => void } {
  const [on, setOn] = useState(() => localStorage.getItem(KEY) === '1');
  const set = useCallback((next: boolean) => {
    localStorage.setItem(KEY, next ? '1' : '0');
    setOn(next);
  }, []);
  return { on, set };
}
