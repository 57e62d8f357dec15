import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problemText } from '../../i18n/errorText.js';

/** At most this many are listed; the summary line above gives the full count. */
const MAX_LISTED = 50;

/** The items an import could not take, each with its reason. */
export function ProblemList({ items }: { items: { key: string | number; what: ReactNode; reason: string }[] }) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return null;
  return (
    <ul className="import-failures">
      {items.slice(0, MAX_LISTED).map((p) => (
        <li key={p.key}>
          {p.what}: {problemText(t, i18n.language, p.reason)}
        </li>
      ))}
    </ul>
  );
}
