import { useEffect, useRef } from 'react';
import { type Action, type AppCommands, type KeyContext, findAction } from './actions.js';
import { comboOf } from './keys.js';

function typingInto(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

/**
 * The one key listener of the app: the combo is looked up in the keymap table for the current
 * context. Keys typed into a field stay in the field (except Escape).
 */
export function useKeymap(table: readonly Action[], context: KeyContext | null, app: AppCommands): void {
  const ref = useRef({ table, context, app });
  ref.current = { table, context, app };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const { table: tbl, context: ctx, app: a } = ref.current;
      const combo = comboOf(e);
      if (typingInto(e.target) && combo !== 'escape') return;
      if (e.repeat && /^[1-9]$/.test(combo)) return; // holding a class key must not label a run of images
      const action = findAction(tbl, combo, ctx ?? 'global');
      if (!action || (ctx === null && action.when !== 'global')) return;
      e.preventDefault();
      action.run(a);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
