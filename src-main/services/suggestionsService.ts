import { LightboxError } from '../api/errors.js';
import type { SuggestionFilter } from '../api/suggestions.js';
import { getSetting } from '../store/settingsRepo.js';
import { evaluateClassifier, evaluateDetector } from '../models/evaluate.js';
import { listClasses } from '../store/classesRepo.js';
import { classifyEvalPairs, detectEvalBoxes, latestModel, listSuggestions, modelName, rankImages } from '../store/suggestionsRepo.js';
import type { Handlers } from './handlers.js';
import { startPredict } from './predictJob.js';
import type { Session } from './Session.js';
import { acceptSuggestions, rejectSuggestions } from './suggestionCommands.js';

/** A bulk decision needs something to narrow it, or `all`: a bare call must not accept a whole dataset by accident. */
function narrowed(p: SuggestionFilter & { all?: boolean }): SuggestionFilter {
  const { all, ...filter } = p;
  const narrows = Object.values(filter).some((v) => v !== undefined);
  if (!narrows && !all) throw new LightboxError('BAD_PARAMS', 'Say which suggestions: by ids, image, class or minimum score (or all: true for every pending one).');
  return filter;
}

const spread = (b: ReturnType<typeof detectEvalBoxes>) => [b.predicted, b.human, 0.5] as const;

export const suggestionsHandlers: Handlers<'suggestions.predict' | 'suggestions.list' | 'suggestions.accept' | 'suggestions.reject' | 'suggestions.rank' | 'suggestions.evaluate'> = {
  'suggestions.predict': (p, s) => startPredict(s, p),
  'suggestions.list': ({ offset, limit, ...filter }, s) => listSuggestions(s.require().db, filter, offset, limit),
  'suggestions.accept': (p, s) => {
    const { db } = s.require();
    const single = getSetting(db, 'labelMode', 'single') === 'single';
    const r = acceptSuggestions(db, narrowed(p), { single, autoDone: single && getSetting(db, 'autoDone', true) }, s.author());
    if (r.imageIds.length > 0) s.emit('images.changed', { ids: r.imageIds });
    return r;
  },
  'suggestions.reject': (p, s) => {
    const r = rejectSuggestions(s.require().db, narrowed(p), s.author());
    if (r.imageIds.length > 0) s.emit('images.changed', { ids: r.imageIds });
    return r;
  },
  'suggestions.rank': ({ by, offset, limit, minScore, split }, s) => rankImages(s.require().db, by, { offset, limit, minScore, split }),
  'suggestions.evaluate': ({ splits }, s) => {
    const { db } = s.require();
    const order = listClasses(db, true).map((c) => c.id);
    const classifier = latestModel(db, 'class');
    const detector = latestModel(db, 'box');
    const ref = (id: string) => ({ modelId: id, modelName: modelName(db, id) ?? id.slice(0, 12) });
    return {
      classify: classifier ? { ...ref(classifier), ...evaluateClassifier(classifyEvalPairs(db, classifier, splits), order) } : null,
      detect: detector ? { ...ref(detector), ...evaluateDetector(...spread(detectEvalBoxes(db, detector, splits))) } : null,
    };
  },
};
