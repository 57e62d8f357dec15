import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../shell/ApiContext.js';

/** The status model's one switch: in single-label mode, labeling an image marks it done (the `autoDone` setting, default on). */
export function AutoDoneToggle() {
  const { t } = useTranslation();
  const api = useApi();
  const [on, setOn] = useState(true);
  useEffect(() => {
    let live = true;
    api.call('settings.get', { key: 'autoDone' }).then(
      (r) => live && setOn(r.value !== false),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  const change = (value: boolean) => {
    setOn(value);
    api.call('settings.set', { key: 'autoDone', value }).catch(() => setOn(!value));
  };
  return (
    <label className="row auto-done" title={t('workspace.autoDoneHint')}>
      <input type="checkbox" checked={on} onChange={(e) => change(e.target.checked)} data-testid="auto-done" /> {t('workspace.autoDone')}
    </label>
  );
}
