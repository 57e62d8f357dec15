import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelDecision, RegisteredModel, Result } from '../../../src-main/api/index.js';
import { useApi, useClasses } from '../shell/ApiContext.js';

type Match = Result<'models.match'>;

/** The select's value for a label: a class id, `ignore`, or `` (undecided). */
function valueOf(match: Match, label: string): string {
  if (match.ignored.includes(label)) return 'ignore';
  const m = match.matched.find((x) => x.label === label);
  return m ? String(m.classId) : '';
}

/**
 * What a model's labels become in the open dataset: the labels that are not classes of it by name
 * (and those the user already decided), each mapped onto a class, created, or ignored. Every choice
 * is kept at once, per model and dataset (models.mapLabels), and used by every pre-label with it.
 */
export function ModelLabelMap({ model, onError }: { model: RegisteredModel; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { classes } = useClasses(true);
  const [match, setMatch] = useState<Match | null>(null);
  const load = useCallback(() => void api.call('models.match', { path: model.path }).then(setMatch, onError), [api, model.path, onError]);
  useEffect(load, [load]);
  if (!match) return null;
  const decide = (label: string, value: string) => {
    const to: LabelDecision['to'] = value === 'ignore' || value === 'create' ? value : value === '' ? 'byName' : Number(value);
    api.call('models.mapLabels', { path: model.path, decisions: [{ label, to }] }).then(setMatch, onError);
  };
  const byName = match.matched.filter((m) => !m.mapped).length;
  // Labels a person has a say in: not a class by name, or already decided.
  const shown = match.labels.filter((l) => !match.matched.some((m) => m.label === l && !m.mapped));
  return (
    <div className="model-label-map" data-testid="model-label-map">
      <h4>{t('modelMap.title', { model: model.name })}</h4>
      <p className="hint">
        {shown.length === 0 ? t('modelMap.allMatched') : t('modelMap.byName', { n: byName })}
        {match.unmatched.length > 0 && <> {t('modelMap.needsDecision', { n: match.unmatched.length })}</>}
      </p>
      {shown.length > 0 && (
        <table className="settings-key-table">
          <thead>
            <tr>
              <th>{t('modelMap.label')}</th>
              <th>{t('modelMap.becomes')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((label) => (
              <tr key={label} data-label={label} className={match.unmatched.includes(label) ? 'undecided' : undefined}>
                <td>
                  <code>{label}</code>
                </td>
                <td>
                  <select aria-label={label} value={valueOf(match, label)} onChange={(e) => decide(label, e.target.value)}>
                    <option value="">{t('modelMap.choose')}</option>
                    <option value="create">{t('modelMap.create', { name: label })}</option>
                    <option value="ignore">{t('modelMap.ignore')}</option>
                    {classes.map((c) => (
                      <option key={c.id} value={String(c.id)}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">{t('modelMap.mappedHint')}</p>
    </div>
  );
}
