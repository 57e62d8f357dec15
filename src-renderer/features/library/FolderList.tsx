import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useEvent } from '../shell/ApiContext.js';

/**
 * The dataset's folders as an indented tree with their image counts (at any depth); choosing one
 * shows only the images under it. `folder` undefined: all folders.
 */
export function FolderList({ folder, onChange }: { folder: string | undefined; onChange: (folder: string | undefined) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [folders, setFolders] = useState<{ folder: string; count: number }[]>([]);
  const [version, setVersion] = useState(0);
  useEvent('images.changed', () => setVersion((v) => v + 1));
  useEffect(() => {
    let live = true;
    api.call('images.folders', {}).then(
      (f) => live && setFolders(f),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, version]);
  // A dataset with all its images in one folder has nothing to choose from.
  if (folders.length < 2 && folder === undefined) return null;
  return (
    <nav className="folder-list" data-testid="folder-list" aria-label={t('library.folders')}>
      <h3>{t('library.folders')}</h3>
      <button type="button" className={folder === undefined ? 'on' : ''} aria-pressed={folder === undefined} onClick={() => onChange(undefined)}>
        {t('library.allFolders')}
      </button>
      {folders.map((f) => {
        const depth = f.folder === '' ? 0 : f.folder.split('/').length - 1;
        const name = f.folder === '' ? t('library.rootFolder') : `${f.folder.split('/').pop()!}/`;
        return (
          <button
            key={f.folder}
            type="button"
            className={folder === f.folder ? 'on' : ''}
            aria-pressed={folder === f.folder}
            title={f.folder || t('library.rootFolder')}
            style={{ paddingLeft: 8 + depth * 12 }}
            onClick={() => onChange(f.folder)}
          >
            <span className="folder-name">{name}</span>
            <span className="count">{f.count}</span>
          </button>
        );
      })}
    </nav>
  );
}
