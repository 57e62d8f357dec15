import { useTranslation } from 'react-i18next';
import type { DatasetInfo, JobInfo } from '../../../src-main/api/index.js';
import { LANGUAGES, changeLanguage, type LanguageCode } from '../../i18n/i18n.js';
import { ImportMenu } from './ImportMenu.js';
import { ProgressBar } from './ProgressBar.js';

export type Screen = 'welcome' | 'library' | 'workspace' | 'stats' | 'capture' | 'review';

interface Props {
  dataset: DatasetInfo | null;
  screen: Screen;
  scan: JobInfo | null;
  onNavigate: (s: Screen) => void;
  onDialog: (d: 'classes' | 'export' | 'splits' | 'cheatSheet' | 'importUrls' | 'importDataset' | 'settings' | 'openPackage') => void;
  onClose: () => void;
}

/** Dataset name, screens, dialogs, the language switch and the progress of a running scan. */
export function Header({ dataset, screen, scan, onNavigate, onDialog, onClose }: Props) {
  const { t, i18n } = useTranslation();
  return (
    <header className="app-header">
      <span className="brand">{t('app.name')}</span>
      {dataset && (
        <>
          <span className="dataset-name" title={dataset.root}>
            {dataset.name}
          </span>
          <nav>
            {(['library', 'workspace', 'capture', 'stats', 'review'] as const).map((s) => (
              <button key={s} type="button" className={screen === s ? 'on' : ''} onClick={() => onNavigate(s)} aria-current={screen === s ? 'page' : undefined}>
                {s === 'review' ? t('review.nav') : t(`nav.${s}`)}
              </button>
            ))}
            <button type="button" onClick={() => onDialog('classes')}>
              {t('nav.classes')}
            </button>
            <button type="button" onClick={() => onDialog('splits')}>
              {t('workspace.assignSplits')}
            </button>
            <button type="button" onClick={() => onDialog('export')}>
              {t('nav.export')}
            </button>
          </nav>
          <ImportMenu onPick={onDialog} />
        </>
      )}
      {scan && scan.state === 'running' && (
        <ProgressBar done={scan.done} total={scan.total} label={t('library.scanning', { done: scan.done, total: scan.total })} />
      )}
      <span className="spacer" />
      <button type="button" className="icon" onClick={() => onDialog('cheatSheet')} aria-label={t('actions.cheatSheet')}>
        ?
      </button>
      <button type="button" className="icon" onClick={() => onDialog('settings')} aria-label={t('settings.title')} title={t('settings.title')} data-testid="open-settings">
        ⚙
      </button>
      <label className="language">
        <span className="sr-only">{t('nav.language')}</span>
        <select aria-label={t('nav.language')} value={i18n.language} onChange={(e) => changeLanguage(e.target.value as LanguageCode)} data-testid="language">
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      {dataset && (
        <button type="button" className="icon" onClick={onClose} aria-label={t('nav.close')} title={t('nav.close')}>
          ⏏
        </button>
      )}
    </header>
  );
}
