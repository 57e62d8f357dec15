import { useTranslation } from 'react-i18next';
import { type Action, type KeyContext } from '../../keymap/actions.js';
import { displayCombo } from '../../keymap/keys.js';
import { Dialog } from '../shell/Dialog.js';

const ORDER: KeyContext[] = ['workspace', 'workspace.region', 'library', 'capture', 'review', 'global'];

interface Row {
  id: string;
  label: string;
  labelArgs: Record<string, unknown>;
  keys: string[];
  /** keys[0] to keys[1] stand for a run of keys (1–9). */
  range?: boolean;
}

/**
 * One row per action, except a run of actions that differ only by a number (apply class 1 … 9),
 * which reads as one row: "Apply class 1–9".
 */
function rows(actions: readonly Action[]): Row[] {
  const out: Row[] = [];
  for (const a of actions) {
    const prev = out[out.length - 1];
    const n = a.labelArgs?.n;
    if (prev && prev.label === a.label && typeof n === 'number' && prev.keys.length > 0) {
      prev.labelArgs = { ...prev.labelArgs, n: `${String(prev.labelArgs.first)}–${n}` };
      prev.keys = [prev.keys[0]!, a.keys[0]!];
      prev.range = true;
      continue;
    }
    out.push({ id: a.id, label: a.label, labelArgs: { ...(a.labelArgs ?? {}), first: n }, keys: a.keys });
  }
  return out;
}

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
                : t(ctx === 'workspace' ? 'nav.workspace' : ctx === 'capture' ? 'nav.capture' : ctx === 'review' ? 'review.nav' : 'nav.library')}
          </h3>
          <table>
            <tbody>
              {rows(table.filter((a) => a.when === ctx && a.keys.length > 0)).map((a) => (
                <tr key={a.id}>
                  <td>{t(a.label, a.labelArgs)}</td>
                  <td>
                    {a.range ? (
                      <>
                        <kbd>{displayCombo(a.keys[0]!)}</kbd>–<kbd>{displayCombo(a.keys[1]!)}</kbd>
                      </>
                    ) : (
                      a.keys.map((k) => <kbd key={k}>{displayCombo(k)}</kbd>)
                    )}
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
