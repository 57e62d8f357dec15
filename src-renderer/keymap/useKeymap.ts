import { useEffect, useRef } from 'react';
import { type Action, type AppCommands, type KeyContext, dispatchKey } from './actions.js';
import { comboOf } from './keys.js';

function typingInto(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  // A checkbox or button just clicked keeps the focus but takes no typing: the keys stay the app's.
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button'].includes((el as HTMLInputElement).type);
  return tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

/**
 * The one key listener of the app: the combo is looked up in the keymap table for the current
 * context, then the contexts it falls back to. Keys typed into a field stay in the field (except
 * Escape). `context` null (a dialog is open): only global keys.
 */
export function useKeymap(table: readonly Action[], context: KeyContext | null, app: AppCommands): void {
  const ref = useRef({ table, context, app });
  ref.current = { table, context, app };
  useEffect(() => {
    // Hold actions (Space to pan) by the key that started them, released on its keyup.
    const held = new Map<string, Action>();
    const onKey = (e: KeyboardEvent) => {
      const { table: tbl, context: ctx, app: a } = ref.current;
      const combo = comboOf(e);
      if (typingInto(e.target) && combo !== 'escape') return;
      // Enter or Space on a focused button or menu item presses it (a menu driven from the keyboard).
      if ((combo === 'enter' || combo === 'space') && (e.target as HTMLElement | null)?.closest?.('[role="menu"], summary')) return;
      if (e.repeat && (/^[1-9]$/.test(combo) || held.has(e.key))) {
        // Holding a class key must not label a run of images; a held key has already started.
        if (held.has(e.key)) e.preventDefault();
        return;
      }
      const scoped = ctx === null ? tbl.filter((x) => x.when === 'global') : tbl;
      const action = dispatchKey(scoped, combo, ctx ?? 'global', a);
      if (!action) return;
      e.preventDefault();
      if (action.release) held.set(e.key, action);
    };
    const onUp = (e: KeyboardEvent) => {
      const action = held.get(e.key);
      if (!action) return;
      held.delete(e.key);
      action.release?.(ref.current.app);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onUp);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onUp);
    };
  }, []);
}
