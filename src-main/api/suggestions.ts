import { z } from 'zod';
import { AbsPath, Id, Ids, Split } from './common.js';

export const SuggestionState = z.enum(['pending', 'accepted', 'rejected']);

/** What a model suggested for an image: a class (classifier) or a box of a class (detector), with its probability. */
export const Suggestion = z.object({
  id: z.number().int(),
  imageId: z.number().int(),
  /** sha256 of the model file. */
  modelId: z.string(),
  modelName: z.string(),
  kind: z.enum(['class', 'box']),
  classId: z.number().int(),
  /** Probability, 0–1. */
  score: z.number(),
  /** Upright-image pixels; null for a class suggestion. */
  box: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }).nullable(),
  state: SuggestionState,
  /** The region an accepted box became. */
  annotationId: z.number().int().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.number().int().nullable(),
  createdAt: z.number().int(),
});
export type Suggestion = z.infer<typeof Suggestion>;

const Score = z.number().min(0).max(1);

/** Which suggestions: by default the pending ones. */
export const SuggestionFilter = z
  .object({
    ids: Ids.max(10_000).optional(),
    imageId: Id.optional(),
    classId: Id.optional(),
    kind: z.enum(['class', 'box']).optional(),
    minScore: Score.optional(),
    modelId: z.string().max(200).optional(),
    state: SuggestionState.optional(),
  })
  .strict();
export type SuggestionFilter = z.infer<typeof SuggestionFilter>;

/** Which images a pre-label runs on: without any label yet, all, or one split. */
export const PredictImages = z.enum(['unlabeled', 'all', 'train', 'val', 'test']);

export const PredictSummary = z.object({
  model: z.object({ id: z.string(), name: z.string(), task: z.enum(['classify', 'detect']) }),
  /** Images the model ran on in this run. */
  predicted: z.number().int(),
  /** Images it had already run on (an earlier, maybe interrupted, run): skipped. */
  skipped: z.number().int(),
  suggestions: z.number().int(),
  /** Images that could not be fed to the model, with the reason (the first 100). */
  failed: z.array(z.object({ path: z.string(), reason: z.string() })),
  failedCount: z.number().int(),
  /** Model labels with no class of that name in the dataset and no mapping: their predictions were not stored. */
  unmatched: z.array(z.string()),
  /** Model labels the user chose to ignore for this model (not stored either). */
  ignored: z.array(z.string()),
  /** Model labels stored under a class of another name, as the user mapped them. */
  mapped: z.array(z.object({ label: z.string(), className: z.string() })),
  createdClasses: z.array(z.string()),
});
export type PredictSummary = z.infer<typeof PredictSummary>;

export const RankedImage = z.object({
  imageId: z.number().int(),
  path: z.string(),
  classId: z.number().int().nullable(),
  score: z.number().nullable(),
  margin: z.number().nullable(),
  labels: z.array(z.number().int()),
  modelId: z.string(),
});

const ClassScores = z.object({ classId: z.number().int(), precision: z.number().nullable(), recall: z.number().nullable(), support: z.number().int() });
const ModelRef = { modelId: z.string(), modelName: z.string() };

export const Evaluation = z.object({
  /** The last classifier run, against the first human image label of each image of the splits. */
  classify: z
    .object({
      ...ModelRef,
      images: z.number().int(),
      accuracy: z.number().nullable(),
      perClass: z.array(ClassScores),
      /** `matrix[h][p]`: images labeled `classIds[h]` that the model called `classIds[p]`. */
      classIds: z.array(z.number().int()),
      matrix: z.array(z.array(z.number().int())),
    })
    .nullable(),
  /** The last detector run, against the human boxes (not those accepted from it) at IoU ≥ 0.5. */
  detect: z
    .object({
      ...ModelRef,
      images: z.number().int(),
      truePositives: z.number().int(),
      falsePositives: z.number().int(),
      falseNegatives: z.number().int(),
      precision: z.number().nullable(),
      recall: z.number().nullable(),
      perClass: z.array(ClassScores),
    })
    .nullable(),
});
export type Evaluation = z.infer<typeof Evaluation>;

export const suggestionsMethods = {
  /**
   * Start a pre-label job: run the model on the chosen images in worker threads and store its
   * suggestions (never labels). Images this model already ran on are skipped, so a run that was
   * stopped carries on. `createClasses` adds a class for every model label the dataset lacks.
   */
  'suggestions.predict': {
    params: z
      .object({
        model: AbsPath,
        images: PredictImages.default('unlabeled'),
        minScore: Score.default(0.25),
        createClasses: z.boolean().default(false),
        /** Model labels onto classes by name (the CLI's `--map LABEL=CLASS`): kept for this model and dataset, as `models.mapLabels` keeps them. */
        map: z
          .array(z.object({ label: z.string().min(1).max(200), className: z.string().min(1).max(200) }).strict())
          .max(1000)
          .optional(),
        /**
         * How DICOM frames and 16-bit greyscale images become the 8-bit pixels the model sees: `file`
         * (default) the file's own window (else its VOI LUT, else the histogram's, as the library shows
         * them), `auto` the 0.5–99.5 % histogram window, or `{center, width}`.
         */
        window: z
          .union([z.enum(['file', 'auto']), z.object({ center: z.number().finite().min(-1e9).max(1e9), width: z.number().finite().min(1).max(1e9) }).strict()])
          .default('file'),
        /** Worker threads (each holds the model); default: the machine's cores, at most 4. */
        threads: z.number().int().min(1).max(16).optional(),
      })
      .strict(),
    result: z.object({ jobId: z.string() }),
  },
  'suggestions.list': {
    params: SuggestionFilter.extend({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(5000).default(500) }).strict(),
    result: z.object({ total: z.number().int(), items: z.array(Suggestion) }),
  },
  /**
   * Accept the matching pending suggestions as one undoable command (labels.undo takes it back):
   * a class becomes the image's label (in single-label mode only the best per image; the image's
   * other class suggestions are rejected), a box becomes a box region. Their history names the model
   * and who accepted. A filter with nothing else accepts every pending suggestion: refused unless `all`.
   */
  'suggestions.accept': {
    params: SuggestionFilter.omit({ state: true }).extend({ all: z.boolean().optional() }).strict(),
    result: z.object({ accepted: z.number().int(), rejected: z.number().int(), imageIds: z.array(z.number().int()) }),
  },
  /** Reject the matching pending suggestions, as one undoable command. */
  'suggestions.reject': {
    params: SuggestionFilter.omit({ state: true }).extend({ all: z.boolean().optional() }).strict(),
    result: z.object({ rejected: z.number().int(), imageIds: z.array(z.number().int()) }),
  },
  /**
   * Images ranked by a classifier's predictions: `score` most confident first; `margin` least
   * confident first among unlabeled images (what to label next); `errors` labeled images whose
   * label is not the model's answer, most confident first (likely label errors).
   */
  'suggestions.rank': {
    params: z
      .object({
        by: z.enum(['score', 'margin', 'errors']),
        minScore: Score.optional(),
        split: Split.optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(200),
      })
      .strict(),
    result: z.object({ total: z.number().int(), items: z.array(RankedImage) }),
  },
  /** How the last classifier and detector do against human labels of the splits they did not train on (val and test by default). */
  'suggestions.evaluate': {
    params: z.object({ splits: z.array(Split).min(1).max(3).default(['val', 'test']) }).strict(),
    result: Evaluation,
  },
} as const;
