import { useCallback, useEffect, useState } from 'react';
import type { ToolId } from '../editor/Editor.js';
import { regionActions } from '../editor/regionKeymap.js';
import type { Action } from '../keymap/actions.js';
import { comboOf } from '../keymap/keys.js';

const KEY = 'lightbox.regionMode';
/** Tool keys that switch the workspace into region mode (with that tool) when it is not in it. */
export const ENTRY_KEYS: Record<string, ToolId> = { v: 'select', b: 'box', w: 'box', p: 'polygon', m: 'brush', e: 'eraser', k: 'point' };

/**
 * Whether the workspace is drawing regions (kept across reloads), and the tool to start with. While
 * it is off, a tool key (B, P, M...) turns it on with that tool; the toggle button turns it either way.
 */
export function useRegionMode(active: boolean): { on: boolean; tool: ToolId | null; set: (on: boolean, tool?: ToolId) => void } {
  const [state, setState] = useState<{ on: boolean; tool: ToolId | null }>(() => ({ on: localStorage.getItem(KEY) === '1', tool: null }));
  const set = useCallback((on: boolean, tool?: ToolId) => {
    localStorage.setItem(KEY, on ? '1' : '0');
    setState({ on, tool: tool ?? null });
  }, []);
  useEffect(() => {
    if (!active || state.on) return;
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)) return;
      if (document.querySelector('[role="dialog"]')) return;
      const tool = ENTRY_KEYS[comboOf(e)];
      if (!tool) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      set(true, tool);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [active, state.on, set]);
  return { ...state, set };
}

/** The region keys as rows of the keymap table, for the cheat sheet (the region layer runs them itself). */
export const regionCheatSheet: Action[] = regionActions.map((a) => ({ id: a.id, label: a.label, labelArgs: a.labelArgs, keys: a.keys, when: a.when, run: () => undefined }));
