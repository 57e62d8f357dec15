import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassRow } from '../../../src-main/api/index.js';
import { useApi, useClasses } from '../shell/ApiContext.js';
import { Dialog } from '../shell/Dialog.js';
import { ClassCounts } from '../shell/ClassCounts.js';

/** Add, rename, recolor, reorder, archive and delete classes; set their 1–9 keys. */
export function ClassPanel({ onClose, onError }: { onClose: () => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [showArchived, setShowArchived] = useState(false);
  const { classes } = useClasses(showArchived);
  const [name, setName] = useState('');
  const live = classes.filter((c) => !c.archived);

  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      onError(e);
    }
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n) return;
    void run(async () => {
      await api.call('classes.add', { name: n });
      setName('');
    });
  };
  const move = (c: ClassRow, delta: number) => {
    const ids = live.map((x) => x.id);
    const i = ids.indexOf(c.id);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    void run(() => api.call('classes.reorder', { ids }));
  };
  const remove = (c: ClassRow) => {
    if (c.count > 0 && !window.confirm(t('classes.deleteConfirm', { name: c.name, count: c.count }))) return;
    void run(() => api.call('classes.delete', { id: c.id, confirm: true }));
  };

  return (
    <Dialog title={t('classes.title')} onClose={onClose} className="class-panel">
      <form onSubmit={add} className="row">
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('classes.namePlaceholder')} aria-label={t('classes.namePlaceholder')} maxLength={200} />
        <button type="submit" className="primary" disabled={!name.trim()}>
          {t('classes.add')}
        </button>
      </form>
      <ul className="class-list">
        {classes.map((c) => (
          <li key={c.id} className={c.archived ? 'archived' : ''} data-testid="class-row">
            <input type="color" value={c.color} aria-label={t('classes.color')} onChange={(e) => void run(() => api.call('classes.recolor', { id: c.id, color: e.target.value }))} />
            <input
              className="cname"
              defaultValue={c.name}
              aria-label={t('classes.rename')}
              onBlur={(e) => e.target.value.trim() && e.target.value.trim() !== c.name && void run(() => api.call('classes.rename', { id: c.id, name: e.target.value }))}
              onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
            />
            <select
              aria-label={t('classes.hotkey')}
              value={c.hotkey ?? ''}
              disabled={c.archived}
              onChange={(e) => void run(() => api.call('classes.setHotkey', { id: c.id, hotkey: e.target.value || null }))}
            >
              <option value="">–</option>
              {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
            <label className="row" title={t('deid.classRedactHint')}>
              <input
                type="checkbox"
                checked={c.redact}
                onChange={(e) => void run(() => api.call('classes.setRedact', { id: c.id, redact: e.target.checked }))}
                data-testid="class-redact"
              />{' '}
              {t('deid.classRedact')}
            </label>
            <ClassCounts name={c.name} images={c.images} regions={c.regions} />
            <button type="button" onClick={() => move(c, -1)} aria-label={t('classes.moveUp')} disabled={c.archived}>
              ↑
            </button>
            <button type="button" onClick={() => move(c, 1)} aria-label={t('classes.moveDown')} disabled={c.archived}>
              ↓
            </button>
            <button type="button" onClick={() => void run(() => api.call('classes.archive', { id: c.id, archived: !c.archived }))}>
              {c.archived ? t('classes.restore') : t('classes.archive')}
            </button>
            <button type="button" className="danger" onClick={() => remove(c)}>
              {t('classes.delete')}
            </button>
          </li>
        ))}
      </ul>
      <label className="row">
        <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> {t('classes.showArchived')}
      </label>
    </Dialog>
  );
}
