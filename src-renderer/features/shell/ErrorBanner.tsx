import { useTranslation } from 'react-i18next';
import type { LightboxError } from '../../../src-main/api/index.js';
import { useErrorText } from '../../i18n/errorText.js';

/** A dismissable line for an error the person should see: the translated kind, then the detail. */
export function ErrorBanner({ error, onDismiss }: { error: LightboxError | null; onDismiss: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <strong>{t(`errors.${error.code}`)}</strong> <span>{errorText(error.message)}</span>
      <button type="button" onClick={onDismiss}>
        {t('errors.dismiss')}
      </button>
    </div>
  );
}

/** Shown while the browser has lost its connection to `lightbox serve`. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  return (
    <div className="error-banner" role="alert" data-testid="connection-lost">
      <strong>{t('errors.disconnectedTitle')}</strong> <span>{t('errors.disconnected')}</span>
    </div>
  );
}
