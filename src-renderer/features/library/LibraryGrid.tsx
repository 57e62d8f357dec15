import { useVirtualizer } from '@tanstack/react-virtual';
import { type MouseEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassRow, ImageRow } from '../../../src-main/api/index.js';
import { useApi } from '../shell/ApiContext.js';
import { reasonText } from '../../i18n/reasons.js';

const CELL = 176;
const GAP = 8;

interface Props {
  total: number;
  row: (index: number) => ImageRow | undefined;
  classes: ClassRow[];
  selected: ReadonlySet<number>;
  /** Index of the keyboard cursor's cell. */
  cursor: number;
  onColumns: (columns: number) => void;
  onSelect: (row: ImageRow, index: number, e: MouseEvent) => void;
  onOpen: (row: ImageRow) => void;
}

/** The thumbnail grid, virtualized by rows so 100,000 images scroll as smoothly as 100. */
export function LibraryGrid({ total, row, classes, selected, cursor, onColumns, onSelect, onOpen }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const parent = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useEffect(() => {
    const el = parent.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  // The cells share the width: no strip is left empty right of the grid. The scroller's and the
  // rows' padding (8 px each side, each) come off first.
  const inner = Math.max(CELL, width - 4 * 8);
  const columns = Math.max(1, Math.floor((inner + GAP) / (CELL + GAP)));
  const cellWidth = Math.floor((inner - GAP * (columns - 1)) / columns);
  const rows = Math.ceil(total / columns);
  const virtual = useVirtualizer({ count: rows, getScrollElement: () => parent.current, estimateSize: () => CELL + GAP + 22, overscan: 4 });
  const byId = new Map(classes.map((c) => [c.id, c]));
  useEffect(() => {
    onColumns(columns);
  }, [columns, onColumns]);
  // Keep the keyboard cursor on screen.
  useEffect(() => {
    if (total > 0) virtual.scrollToIndex(Math.floor(cursor / columns), { align: 'auto' });
  }, [cursor, columns, total, virtual]);

  return (
    <div className="grid-scroll" ref={parent} data-testid="library-grid" tabIndex={-1}>
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((vr) => (
          <div key={vr.key} className="grid-row" style={{ transform: `translateY(${vr.start}px)`, gap: GAP }}>
            {Array.from({ length: columns }, (_, c) => {
              const index = vr.index * columns + c;
              if (index >= total) return null;
              const r = row(index);
              if (!r) return <div key={c} className="cell placeholder" style={{ width: cellWidth }} />;
              const tags = r.tags.map((id) => byId.get(id)).filter((x): x is ClassRow => !!x);
              return (
                <figure
                  key={r.id}
                  className={`cell${selected.has(r.id) ? ' selected' : ''}${index === cursor ? ' cursor' : ''}${r.status === 'skipped' ? ' skipped' : ''}`}
                  style={{ width: cellWidth }}
                  data-testid="grid-cell"
                  onClick={(e) => onSelect(r, index, e)}
                  onDoubleClick={() => onOpen(r)}
                  title={r.error ? `${r.path}\n${r.error}` : r.path}
                >
                  <div className="thumb" style={{ height: CELL - 24 }}>
                    {r.error ? (
                      <div className="unreadable">
                        <span>⚠</span>
                        <small>{t('library.unreadableBadge')}</small>
                        <small className="reason">{reasonText(t, r.error)}</small>
                      </div>
                    ) : (
                      <img src={api.thumbUrl(r.id, r.version)} alt="" loading="lazy" decoding="async" draggable={false} />
                    )}
                    {r.split && <span className={`split-badge split-${r.split}`}>{t(`split.${r.split}`)}</span>}
                  </div>
                  <figcaption>
                    <span className="name">
                      {r.path.includes('/') && <span className="folder">{r.path.slice(0, r.path.lastIndexOf('/') + 1)}</span>}
                      <span className="base">{r.path.slice(r.path.lastIndexOf('/') + 1)}</span>
                    </span>
                    <span className="tags">
                      {tags.map((c) => (
                        <span key={c.id} className="tag" style={{ background: c.color }}>
                          {c.name}
                        </span>
                      ))}
                    </span>
                  </figcaption>
                </figure>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
