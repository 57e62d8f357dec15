import { type MouseEvent, type ReactNode, forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageFilter, ImageRow } from '../../../src-main/api/index.js';
import { useApi, useClasses, useStats } from '../shell/ApiContext.js';
import { ClassCounts } from '../shell/ClassCounts.js';
import { ProgressBar } from '../shell/ProgressBar.js';
import { LibraryFilters, type Sort } from './LibraryFilters.js';
import { FolderList } from './FolderList.js';
import { LibraryGrid } from './LibraryGrid.js';
import { useImagePages } from './useImagePages.js';

interface Props {
  filter: ImageFilter;
  sort: Sort;
  onFilterChange: (f: ImageFilter, s: Sort) => void;
  onOpenImage: (id: number) => void;
  onError: (e: unknown) => void;
  /** More buttons beside Rescan (the app's jobs over the dataset, such as face proposals). */
  tools?: ReactNode;
}

export interface LibraryHandle {
  command(op: 'left' | 'right' | 'up' | 'down' | 'toggle' | 'selectAll' | 'open'): void;
}

/** The grid of the dataset with filters, counts, and bulk actions on a selection; keyboard-driven too. */
export const LibraryScreen = forwardRef<LibraryHandle, Props>(function LibraryScreen({ filter, sort, onFilterChange, onOpenImage, onError, tools }, ref) {
  const { t } = useTranslation();
  const api = useApi();
  const { classes } = useClasses();
  const { total, row } = useImagePages(filter, sort);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [anchor, setAnchor] = useState<number | null>(null);
  const stats = useStats(onError);
  useEffect(() => setSelected(new Set()), [filter, sort]);
  const [cursor, setCursor] = useState(0);
  const columns = useRef(1);
  useEffect(() => setCursor(0), [filter, sort]);

  const select = (r: ImageRow, index: number, e: MouseEvent) => {
    const next = new Set(e.ctrlKey || e.metaKey || e.shiftKey ? selected : []);
    if (e.shiftKey && anchor !== null) {
      const [a, b] = anchor < index ? [anchor, index] : [index, anchor];
      for (let i = a; i <= b; i++) {
        const ri = row(i);
        if (ri) next.add(ri.id);
      }
    } else if (next.has(r.id) && (e.ctrlKey || e.metaKey)) next.delete(r.id);
    else next.add(r.id);
    setAnchor(index);
    setSelected(next);
  };
  const ids = [...selected];
  const bulk = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      onError(e);
    }
  };
  const selectAll = () => bulk(async () => setSelected(new Set((await api.call('images.ids', { filter, sort })).ids)));

  useImperativeHandle(ref, () => ({
    command(op) {
      const n = total ?? 0;
      if (n === 0) return;
      const move = (d: number) => setCursor((c) => Math.max(0, Math.min(n - 1, c + d)));
      if (op === 'left') move(-1);
      else if (op === 'right') move(1);
      else if (op === 'up') move(-columns.current);
      else if (op === 'down') move(columns.current);
      else if (op === 'selectAll') void selectAll();
      else {
        const r = row(cursor);
        if (!r) return;
        if (op === 'open') onOpenImage(r.id);
        else
          setSelected((old) => {
            const next = new Set(old);
            if (next.has(r.id)) next.delete(r.id);
            else next.add(r.id);
            return next;
          });
      }
    },
  }));

  return (
    <main className="library">
      <div className="library-top">
        {stats && (
          <div className="library-summary">
            <span data-testid="image-count">
              {Object.keys(filter).length > 0 && total !== null ? t('library.countOf', { shown: total, count: stats.images }) : t('library.count', { count: stats.images })}
            </span>
            <ProgressBar done={stats.labeled} total={stats.readable} label={t('counts.labeledOf', { labeled: stats.labeled, total: stats.readable })} />
            <span className="muted" data-testid="library-status">
              {t('status.todo')} {stats.byStatus.todo} · {t('status.done')} {stats.byStatus.done} · {t('status.skipped')} {stats.byStatus.skipped}
            </span>
            <span className="class-counts" data-testid="library-class-counts">
              {stats.perClass.map((c) => (
                <span key={c.classId} className="tag" style={{ background: c.color }} title={t('counts.classTitle', { name: c.name, images: c.images, regions: c.regions })}>
                  {c.name} <ClassCounts name={c.name} images={c.images} regions={c.regions} compact />
                </span>
              ))}
            </span>
          </div>
        )}
        <LibraryFilters filter={filter} sort={sort} classes={classes} onChange={onFilterChange} />
        {selected.size > 0 ? (
          <div className="bulk-bar">
            <span>{t('library.selected', { count: selected.size })}</span>
            <select aria-label={t('library.labelAs')} value="" onChange={(e) => bulk(() => api.call('labels.bulkSet', { imageIds: ids, classId: Number(e.target.value) }))}>
              <option value="">{t('library.labelAs')}</option>
              {classes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => bulk(() => api.call('images.setStatus', { ids, status: 'skipped' }))}>
              {t('library.skip')}
            </button>
            <select
              aria-label={t('library.moveTo')}
              value=""
              onChange={(e) => bulk(() => api.call('images.setSplit', { ids, split: e.target.value === 'none' ? null : (e.target.value as 'train') }))}
            >
              <option value="">{t('library.moveTo')}</option>
              <option value="train">{t('split.train')}</option>
              <option value="val">{t('split.val')}</option>
              <option value="test">{t('split.test')}</option>
              <option value="none">{t('split.none')}</option>
            </select>
            <button type="button" onClick={() => setSelected(new Set())}>
              {t('library.clearSelection')}
            </button>
          </div>
        ) : (
          <div className="bulk-bar">
            <button type="button" onClick={selectAll} disabled={!total}>
              {t('library.selectAll')}
            </button>
            <button type="button" onClick={() => bulk(() => api.call('datasets.scan', {}))} title={t('library.rescanHint')}>
              {t('library.rescan')}
            </button>
            {tools}
          </div>
        )}
      </div>
      <div className="library-body">
        <FolderList
          folder={filter.folder}
          onChange={(folder) => {
            const next: ImageFilter = { ...filter, folder };
            if (folder === undefined) delete next.folder;
            onFilterChange(next, sort);
          }}
        />
      {total === 0 ? (
        <p className="empty">{stats?.images === 0 ? t('library.emptyDataset') : t('library.empty')}</p>
      ) : (
        <LibraryGrid
          total={total ?? 0}
          row={row}
          classes={classes}
          selected={selected}
          cursor={cursor}
          onColumns={(c) => (columns.current = c)}
          onSelect={(r, index, e) => {
            setCursor(index);
            select(r, index, e);
          }}
          onOpen={(r) => onOpenImage(r.id)}
        />
      )}
      </div>
    </main>
  );
});
