import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Rejecting an answer: first which one (by its number), then the comment; Enter confirms, Esc cancels. */
export type Rejecting = { stage: 'pick' } | { stage: 'comment'; annotator: string };

export function RejectBar({ rejecting, answers, onConfirm }: { rejecting: Rejecting; answers: number; onConfirm: (annotator: string, comment: string) => void }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [needed, setNeeded] = useState(false);
  if (rejecting.stage === 'pick') {
    return (
      <p className="review-reject" role="status" data-testid="review-reject-pick">
        {t('review.rejectWhich', { max: answers })}
      </p>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (comment.trim() === '') setNeeded(true);
    else onConfirm(rejecting.annotator, comment.trim());
  };
  return (
    <form className="review-reject" onSubmit={submit} data-testid="review-reject">
      <label>
        {t('review.rejectOf', { annotator: rejecting.annotator })}
        {/* Focused as it appears: the reviewer types at once, as after pressing R. */}
        <input autoFocus value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} placeholder={t('review.rejectPlaceholder')} data-testid="review-comment" />
      </label>
      <button type="submit">{t('review.rejectConfirm')}</button>
      {needed && <span role="alert">{t('review.commentNeeded')}</span>}
    </form>
  );
}
