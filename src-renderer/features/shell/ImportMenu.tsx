import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The header's Import menu: closes on Esc, on a click outside and after a choice; ↓/↑ move
 * through its items (↓ on the closed menu opens it), Enter runs one.
 */
export function ImportMenu({ onPick }: { onPick: (d: 'importUrls' | 'importDataset' | 'openPackage') => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDetailsElement>(null);
  const items = () => [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) ref.current?.querySelector('summary')?.focus();
  };
  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    // Esc closes it wherever the focus is (a mouse user's focus may have left the menu).
    const esc = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      close(ref.current?.contains(document.activeElement) ?? false);
    };
    document.addEventListener('mousedown', outside);
    window.addEventListener('keydown', esc, true);
    return () => {
      document.removeEventListener('mousedown', outside);
      window.removeEventListener('keydown', esc, true);
    };
  }, [open]);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!open) setOpen(true);
      // After the open state is drawn, move to the next (or previous) item.
      requestAnimationFrame(() => {
        const list = items();
        const at = list.indexOf(document.activeElement as HTMLButtonElement);
        const next = e.key === 'ArrowDown' ? (at + 1) % list.length : at <= 0 ? list.length - 1 : at - 1;
        list[next]?.focus();
      });
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const pick = (d: 'importUrls' | 'importDataset' | 'openPackage') => {
    close(false);
    onPick(d);
  };
  return (
    <details className="menu" data-testid="import-menu" ref={ref} open={open} onKeyDown={onKey}>
      <summary
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={(e) => {
          e.preventDefault();
          setOpen((o) => !o);
        }}
      >
        {t('nav.import')}
      </summary>
      <div className="menu-items" role="menu">
        <button type="button" role="menuitem" onClick={() => pick('importUrls')}>
          {t('nav.importUrls')}
        </button>
        <button type="button" role="menuitem" onClick={() => pick('importDataset')}>
          {t('nav.importDataset')}
        </button>
        <button type="button" role="menuitem" onClick={() => pick('openPackage')}>
          {t('review.openPackage')}
        </button>
      </div>
    </details>
  );
}
