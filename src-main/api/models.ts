import { z } from 'zod';
import { AbsPath, Id, Ok } from './common.js';

/** What a registered model is for: an image classifier, a detector, or a SAM-family encoder + decoder pair. */
export const ModelKind = z.enum(['classify', 'detect', 'sam']);

/**
 * A model in the per-user registry (the app's config, never a dataset): referenced by its path and
 * the sha256 of its bytes, never copied. `missing`: the file is not there any more; `changed`: its
 * bytes are not the ones registered (it was retrained in place: add it again).
 */
export const RegisteredModel = z.object({
  /** What the dataset stores its suggestions and label mappings under: the file and its description together. */
  id: z.string(),
  /** sha256 of the .onnx file itself, for the user to check against the file (a SAM pair: the encoder's). Always set by models.list and models.add. */
  sha256: z.string().optional(),
  kind: ModelKind,
  name: z.string(),
  path: z.string(),
  /** SAM: the decoder's file and hash (the encoder is `path`). */
  decoderPath: z.string().optional(),
  decoderId: z.string().optional(),
  /** Class names in output order (classify, detect). */
  labels: z.array(z.string()).optional(),
  addedAt: z.number().int(),
  missing: z.boolean(),
});
export type RegisteredModel = z.infer<typeof RegisteredModel>;

/**
 * How a model's labels meet the open dataset's classes: by name (case of A–Z ignored), or as the
 * user mapped them for this model in this dataset (`models.mapLabels`, `mapped: true`).
 */
export const LabelMatch = z.object({
  matched: z.array(z.object({ label: z.string(), classId: Id, mapped: z.boolean() })),
  /** Labels with no class of that name and no decision yet: map them, create the classes, or ignore them. */
  unmatched: z.array(z.string()),
  /** Labels the user chose to ignore: their predictions are not stored. */
  ignored: z.array(z.string()),
});
export type LabelMatch = z.infer<typeof LabelMatch>;

/** A model label's name (as a model may name a class). */
const ModelLabel = z.string().min(1).max(200);

/**
 * What to do with one model label: map it onto a class (its id), `create` a class of its name,
 * `ignore` it (its predictions are not stored), or `byName` (forget the decision: match by name).
 */
export const LabelDecision = z.object({ label: ModelLabel, to: z.union([Id, z.literal('create'), z.literal('ignore'), z.literal('byName')]) }).strict();
export type LabelDecision = z.infer<typeof LabelDecision>;

const MatchResult = LabelMatch.extend({ task: z.enum(['classify', 'detect']), modelId: z.string(), labels: z.array(z.string()) });

export const modelsMethods = {
  'models.list': { params: z.object({}).strict(), result: z.array(RegisteredModel) },
  /**
   * Register a model after checking it opens and agrees with its description (BAD_FILE with the
   * problem otherwise). Adding a file again replaces its entry. `kind` is read from the model for
   * classify/detect; `sam` needs `decoderPath`.
   */
  'models.add': {
    params: z.object({ path: AbsPath, kind: ModelKind.optional(), decoderPath: AbsPath.optional() }).strict(),
    result: RegisteredModel,
  },
  'models.remove': { params: z.object({ id: z.string().min(1).max(200) }).strict(), result: Ok },
  /** Match a model's labels to the open dataset's classes (the model is read, not run). */
  'models.match': {
    params: z.object({ path: AbsPath }).strict(),
    result: MatchResult,
  },
  /**
   * Decide what a model's labels become in the open dataset; kept per model (its file and description: `modelId`) and per
   * dataset, and used by every later `suggestions.predict` with that model. Returns the new match.
   */
  'models.mapLabels': {
    params: z.object({ path: AbsPath, decisions: z.array(LabelDecision).min(1).max(1000) }).strict(),
    result: MatchResult,
  },
} as const;
