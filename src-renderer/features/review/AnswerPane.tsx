import { useTranslation } from 'react-i18next';
import type { ReviewAnswers } from '../../../src-main/api/index.js';
import { RegionOverlay } from './RegionOverlay.js';

type Answer = ReviewAnswers['answers'][number];

/** One annotator's answer: their number key, name and classes, and the image with their regions. */
export function AnswerPane({ n, answer, color, src, width, height, picked }: { n: number; answer: Answer; color: string; src: string; width: number; height: number; picked: boolean }) {
  const { t } = useTranslation();
  return (
    <figure className={`review-answer${picked ? ' picked' : ''}`} style={{ borderColor: color }} data-testid="review-answer" data-annotator={answer.annotator}>
      <figcaption>
        <kbd style={{ background: color }}>{n}</kbd>
        <strong>{answer.annotator}</strong>
        <span className="review-tags" data-testid="review-tags">
          {answer.tags.length > 0 ? answer.tags.join(', ') : <span className="muted">{t('review.noTags')}</span>}
        </span>
        {answer.regions.length > 0 && <span className="muted">{t('review.regions', { count: answer.regions.length })}</span>}
      </figcaption>
      <div className="review-stage" style={{ aspectRatio: `${width} / ${height}` }}>
        <img src={src} alt="" draggable={false} />
        <RegionOverlay width={width} height={height} regions={answer.regions} color={color} />
      </div>
    </figure>
  );
}
