import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageRow, ReviewAnswers } from '../../../src-main/api/index.js';
import { displayUrl } from '../../bridge/Bridge.js';
import type { ReviewOp } from '../../keymap/actions.js';
import { useApi } from '../shell/ApiContext.js';
import { AnswerPane } from './AnswerPane.js';
import { annotatorColor } from './annotatorColors.js';
import { RejectBar, type Rejecting } from './RejectBar.js';
import { type QueueOptions, useReviewQueue } from './useReviewQueue.js';
import './review.css';

export interface ReviewHandle {
  command(op: ReviewOp): void;
  /** Undo or redo the last command (a decision here) and show the queue as it then stands. */
  step(direction: 'undo' | 'redo'): void;
}

interface Props {
  onEdit: (imageId: number) => void;
  onBack: () => void;
  onError: (e: unknown) => void;
}

/**
 * The review queue (issue 14): images where annotators disagree, every image of a flagged
 * annotator, a sample of each annotator's work. Each shows every annotator's answer side by side;
 * the keys take one answer, reject one with a comment (it goes into that annotator's next
 * package), or open the image in the workspace. Every decision is one command in the history.
 */
export const ReviewScreen = forwardRef<ReviewHandle, Props>(function ReviewScreen({ onEdit, onBack, onError }, ref) {
  const { t } = useTranslation();
  const api = useApi();
  const [options, setOptions] = useState<QueueOptions>({ annotator: null, samplePercent: 0 });
  const { queue, reload } = useReviewQueue(options, onError);
  const [annotators, setAnnotators] = useState<string[]>([]);
  // The image under the cursor by id, and its place: after a decision takes it out of the queue, the next one is at that place.
  const [cursor, setCursor] = useState<{ id: number | null; index: number }>({ id: null, index: 0 });
  const [shown, setShown] = useState<{ image: ImageRow; answers: ReviewAnswers['answers'] } | null>(null);
  const [rejecting, setRejecting] = useState<Rejecting | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    api.call('packages.agreement', {}).then((r) => setAnnotators(r.annotators), onError);
  }, [api, onError]);

  const byId = queue && cursor.id !== null ? queue.findIndex((q) => q.imageId === cursor.id) : -1;
  const at = !queue || queue.length === 0 ? -1 : byId >= 0 ? byId : Math.min(cursor.index, queue.length - 1);
  const item = at >= 0 ? queue![at]! : null;

  useEffect(() => {
    if (!item) return setShown(null);
    let live = true;
    Promise.all([api.call('images.get', { id: item.imageId }), api.call('packages.reviewAnswers', { imageId: item.imageId })]).then(
      ([image, r]) => live && setShown({ image, answers: r.answers }),
      onError,
    );
    return () => {
      live = false;
    };
  }, [api, item, onError]);

  const answers = shown && item && shown.image.id === item.imageId ? shown.answers : [];
  const move = (by: number) => {
    if (!queue || queue.length === 0) return;
    const next = Math.max(0, Math.min(queue.length - 1, at + by));
    setRejecting(null);
    setMessage(null);
    setCursor({ id: queue[next]!.imageId, index: next });
  };
  // One decision at a time: a second key press while the first is on its way would decide the same image again.
  const deciding = useRef(false);
  const decide = useCallback(
    async (annotator: string, decision: 'accepted' | 'rejected', comment?: string) => {
      if (!item || deciding.current) return;
      deciding.current = true;
      try {
        await api.call('packages.review', { imageId: item.imageId, annotator, decision, ...(comment ? { comment } : {}) });
        setRejecting(null);
        setMessage(t(decision === 'accepted' ? 'review.accepted' : 'review.rejected', { annotator }));
        const q = await reload();
        // Decided: the next image comes up, whether this one left the queue (a disagreement) or stays in it (flagged, sampled).
        const stays = q?.some((x) => x.imageId === item.imageId) ?? false;
        setCursor({ id: null, index: stays ? at + 1 : at });
      } catch (e) {
        onError(e);
      } finally {
        deciding.current = false;
      }
    },
    [api, item, at, reload, onError, t],
  );

  useImperativeHandle(ref, () => ({
    command(op) {
      if (op === 'back') return rejecting ? setRejecting(null) : onBack();
      if (op === 'next' || op === 'prev') return move(op === 'next' ? 1 : -1);
      if (!item) return;
      if (op === 'edit') return onEdit(item.imageId);
      // The queue item names the annotators in the panes' order (by name), even before the panes have loaded.
      const names = item.answers.map((a) => a.annotator);
      if (names.length === 0) return;
      if (op === 'reject') return setRejecting(names.length === 1 ? { stage: 'comment', annotator: names[0]! } : { stage: 'pick' });
      const chosen = names[op.answer - 1];
      if (!chosen) return;
      if (rejecting?.stage === 'pick') setRejecting({ stage: 'comment', annotator: chosen });
      else if (!rejecting) void decide(chosen, 'accepted');
    },
    step(direction) {
      api.call(direction === 'undo' ? 'labels.undo' : 'labels.redo', {}).then((r) => {
        setMessage(t(r.applied ? (direction === 'undo' ? 'review.undone' : 'review.redone') : direction === 'undo' ? 'review.nothingToUndo' : 'review.nothingToRedo'));
        return reload();
      }, onError);
    },
  }));

  const src = shown ? displayUrl(api, shown.image, 0) : '';
  return (
    <main className="review" data-testid="review-screen">
      <aside className="review-queue">
        <h2>{t('review.queueTitle')}</h2>
        <label>
          {t('review.flagLabel')}
          <select value={options.annotator ?? ''} onChange={(e) => setOptions((o) => ({ ...o, annotator: e.target.value || null }))} data-testid="review-flag">
            <option value="">{t('review.flagNobody')}</option>
            {annotators.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('review.sampleLabel')}
          <input type="number" min={0} max={100} step={5} value={options.samplePercent} onChange={(e) => setOptions((o) => ({ ...o, samplePercent: Math.max(0, Math.min(100, Number(e.target.value) || 0)) }))} data-testid="review-sample" />
        </label>
        <p className="muted" data-testid="review-count">
          {queue ? t('review.count', { count: queue.length }) : ''}
        </p>
        <ol>
          {queue?.map((q, i) => (
            <li key={q.imageId} className={i === at ? 'on' : ''}>
              <button type="button" className="link" onClick={() => move(i - at)} aria-current={i === at ? 'true' : undefined}>
                <span className="review-path">{q.path}</span> <span className="muted">{t(`review.reason.${q.reason}`)}</span>
              </button>
            </li>
          ))}
        </ol>
      </aside>
      <section className="review-detail">
        {queue && queue.length === 0 && <p className="hint" data-testid="review-empty">{t('review.empty')}</p>}
        {item && (
          <>
            <header className="review-head">
              <h2 data-testid="review-path">{item.path}</h2>
              <span className="badge">{t(`review.reason.${item.reason}`)}</span>
              <span className="badge" data-testid="review-state">{t(`review.state.${item.state ?? 'none'}`)}</span>
              <span className="muted">{t('review.position', { at: at + 1, count: queue!.length })}</span>
            </header>
            <div className="review-answers">
              {shown &&
                answers.map((a, i) => (
                  <AnswerPane
                    key={a.annotator}
                    n={i + 1}
                    answer={a}
                    color={annotatorColor(annotators, a.annotator)}
                    src={src}
                    width={shown.image.width ?? 1}
                    height={shown.image.height ?? 1}
                    picked={rejecting?.stage === 'comment' && rejecting.annotator === a.annotator}
                  />
                ))}
            </div>
            {rejecting && <RejectBar key={rejecting.stage === 'comment' ? rejecting.annotator : 'pick'} rejecting={rejecting} answers={item.answers.length} onConfirm={(who, c) => void decide(who, 'rejected', c)} />}
            <p className="hint">{t('review.keysHint', { max: Math.max(1, item.answers.length) })}</p>
          </>
        )}
        {message && (
          <p className="review-message" role="status" data-testid="review-message">
            {message}
          </p>
        )}
      </section>
    </main>
  );
});
