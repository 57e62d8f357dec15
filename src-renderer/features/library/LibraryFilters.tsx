import { useTranslation } from 'react-i18next';
import type { ClassRow, ImageFilter } from '../../../src-main/api/index.js';

export type Sort = 'name' | 'added' | 'edited' | 'score' | 'margin';

/** Filter by status, class, split and file name; sort. Empty choices mean "any". */
export function LibraryFilters({ filter, sort, classes, onChange }: { filter: ImageFilter; sort: Sort; classes: ClassRow[]; onChange: (f: ImageFilter, s: Sort) => void }) {
  const { t } = useTranslation();
  const set = (patch: Partial<ImageFilter>) => {
    const next: ImageFilter = { ...filter, ...patch };
    for (const k of Object.keys(next) as (keyof ImageFilter)[]) if (next[k] === undefined || next[k] === '') delete next[k];
    onChange(next, sort);
  };
  const classValue = filter.classId !== undefined ? String(filter.classId) : filter.labeled === false ? 'unlabeled' : filter.unreadable ? 'unreadable' : '';
  return (
    <div className="filters">
      <input
        type="search"
        placeholder={t('library.filterName')}
        aria-label={t('library.filterName')}
        value={filter.q ?? ''}
        onChange={(e) => set({ q: e.target.value || undefined })}
      />
      <label>
        {t('library.status')}
        <select value={filter.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as ImageFilter['status'] })}>
          <option value="">{t('library.any')}</option>
          <option value="todo">{t('status.todo')}</option>
          <option value="done">{t('status.done')}</option>
          <option value="skipped">{t('status.skipped')}</option>
        </select>
      </label>
      <label>
        {t('library.class')}
        <select
          value={classValue}
          onChange={(e) => {
            const v = e.target.value;
            set({
              classId: /^\d+$/.test(v) ? Number(v) : undefined,
              labeled: v === 'unlabeled' ? false : undefined,
              unreadable: v === 'unreadable' ? true : undefined,
            });
          }}
        >
          <option value="">{t('library.any')}</option>
          <option value="unlabeled">{t('library.unlabeled')}</option>
          <option value="unreadable">{t('library.unreadable')}</option>
          {classes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('library.split')}
        <select value={filter.split ?? ''} onChange={(e) => set({ split: (e.target.value || undefined) as ImageFilter['split'] })}>
          <option value="">{t('library.any')}</option>
          <option value="train">{t('split.train')}</option>
          <option value="val">{t('split.val')}</option>
          <option value="test">{t('split.test')}</option>
          <option value="none">{t('split.none')}</option>
        </select>
      </label>
      <label>
        {t('library.sort')}
        <select value={sort} onChange={(e) => onChange(filter, e.target.value as Sort)}>
          <option value="name">{t('library.sortName')}</option>
          <option value="added">{t('library.sortAdded')}</option>
          <option value="edited">{t('library.sortEdited')}</option>
          <option value="score">{t('suggestions.library.sortScore')}</option>
          <option value="margin">{t('suggestions.library.sortMargin')}</option>
        </select>
      </label>
      <label>
        {t('suggestions.library.filter')}
        <select
          data-testid="model-filter"
          value={filter.likelyErrors ? 'errors' : filter.suggested ? 'suggested' : ''}
          onChange={(e) => set({ suggested: e.target.value === 'suggested' ? true : undefined, likelyErrors: e.target.value === 'errors' ? true : undefined })}
        >
          <option value="">{t('library.any')}</option>
          <option value="suggested">{t('suggestions.library.suggested')}</option>
          <option value="errors">{t('suggestions.library.errors')}</option>
        </select>
      </label>
    </div>
  );
}
