import { useTranslation } from 'react-i18next';
import { type Action, type KeyContext } from '../../keymap/actions.js';
import { displayCombo } from '../../keymap/keys.js';
import { Dialog } from '../shell/Dialog.js';

const ORDER: KeyContext[] = ['workspace', 'workspace.region', 'library', 'capture', 'global'];

/** Drawn from the keymap table, so it always tells the truth about the keys. */
export function CheatSheet({ table, onClose }: { table: readonly Action[]; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('keys.title')} onClose={onClose} className="cheat-sheet">
      {ORDER.map((ctx) => (
        <section key={ctx}>
          <h3>
            {ctx === 'global'
              ? t('nav.library') + ' · ' + t('nav.workspace')
              : ctx === 'workspace.region'
                ? t('nav.workspace') + ' · ' + t('region.mode')
                : t(ctx === 'workspace' ? 'nav.workspace' : ctx === 'capture' ? 'nav.capture' : 'nav.library')}
          </h3>
          <table>
            <tbody>
              {table
                .filter((a) => a.when === ctx && a.keys.length > 0)
                .map((a) => (
                  <tr key={a.id}>
                    <td>{t(a.label, a.labelArgs ?? {})}</td>
                    <td>
                      {a.keys.map((k) => (
                        <kbd key={k}>{displayCombo(k)}</kbd>
                      ))}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
    </Dialog>
  );
}
