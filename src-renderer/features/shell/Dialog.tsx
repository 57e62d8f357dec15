import { type ReactNode, useEffect, useRef } from 'react';

/** A modal dialog: focus moves into it, Escape (through the keymap) closes it. */
export function Dialog({ title, onClose, children, className }: { title: string; onClose: () => void; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The first field of the body, else its first button, else the close button.
    const body = ref.current?.querySelector('.dialog-body');
    const first = body?.querySelector<HTMLElement>('input, select, textarea') ?? body?.querySelector<HTMLElement>('button') ?? ref.current?.querySelector<HTMLElement>('button');
    first?.focus();
  }, []);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`dialog ${className ?? ''}`} role="dialog" aria-modal="true" aria-label={title} ref={ref}>
        <header className="dialog-header">
          <h2>{title}</h2>
          <button type="button" className="icon" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="dialog-body">{children}</div>
      </div>
    </div>
  );
}
