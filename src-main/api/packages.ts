import { z } from 'zod';
import { RegionShape } from './annotations.js';
import { AbsPath } from './common.js';

/**
 * Teams without a server (issue 14): task packages (`.lbx`, a zip) handed to annotators, their
 * results handed back and merged with attribution, and agreement between annotators. Packages
 * and results are a stranger's files: every one is checked before anything is written.
 */

/** Who an assignment is for: a name written into the package and onto every merged annotation. */
export const AnnotatorName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((s) => !/[\u0000-\u001f\u007f-\u009f,]/.test(s), 'a name without commas or control characters');

const TeamState = z.enum(['single', 'agreed', 'majority', 'review', 'reviewed']);

export const ReviewItem = z.object({
  imageId: z.number().int(),
  path: z.string(),
  state: TeamState.nullable(),
  /** Why it is in the queue: annotators disagree, its annotator is flagged, or it was drawn in the sample. */
  reason: z.enum(['disagreement', 'flagged', 'sample']),
  answers: z.array(z.object({ annotator: z.string(), tags: z.array(z.string()), regions: z.number().int() })),
});

/** Each annotator's whole answer for one image, for showing them side by side (the review screen). */
export const ReviewAnswers = z.object({
  imageId: z.number().int(),
  answers: z.array(
    z.object({
      annotator: z.string(),
      /** Image classes, by name. */
      tags: z.array(z.string()),
      /** Regions in pixels of the upright image, as `annotations.list` gives them. */
      regions: z.array(z.object({ className: z.string(), shape: RegionShape })),
    }),
  ),
});
export type ReviewAnswers = z.infer<typeof ReviewAnswers>;

const JobStarted = z.object({ jobId: z.string() });

export const CreatedPackage = z.object({ annotator: z.string(), file: z.string(), assignmentId: z.string(), images: z.number().int(), gold: z.number().int() });
export const OpenedTask = z.object({ folder: z.string(), annotator: z.string(), images: z.number().int(), classes: z.number().int(), guidelines: z.string().nullable() });
export const ReturnedResult = z.object({ out: z.string(), annotator: z.string(), images: z.number().int(), answered: z.number().int() });
export const MergeSummary = z.object({
  files: z.array(z.object({ file: z.string(), annotator: z.string(), images: z.number().int(), alreadyMerged: z.boolean() })),
  /** Images this merge resolved, per rule: one answer, all agree, a majority of three or more. */
  single: z.number().int(),
  agreed: z.number().int(),
  majority: z.number().int(),
  /** Images left for review (annotators disagree): nothing was written for them. */
  review: z.number().int(),
  /** False when every result had been merged before. */
  changed: z.boolean(),
});
export type MergeSummary = z.infer<typeof MergeSummary>;

const Kappa = z.number().nullable();
const Accuracy = z.object({ annotator: z.string(), images: z.number().int(), correct: z.number().int(), accuracy: z.number().nullable() });
export const AgreementReport = z.object({
  annotators: z.array(z.string()),
  /** Images answered by two or more annotators. */
  sharedImages: z.number().int(),
  /** Fleiss' κ over the shared images (each answer = its set of image classes). */
  fleissKappa: Kappa,
  pairs: z.array(
    z.object({
      a: z.string(),
      b: z.string(),
      images: z.number().int(),
      /** Cohen's κ on image classes over the images both answered. */
      kappa: Kappa,
      /** Regions matched one to one by IoU (Hungarian); a region without a partner counts 0. Null: no regions. */
      meanIou: z.number().nullable(),
      meanDice: z.number().nullable(),
      perClass: z.array(z.object({ className: z.string(), slots: z.number().int(), meanIou: z.number(), meanDice: z.number() })),
    }),
  ),
  /** Each annotator's answers on gold images: correct when their classes are the owner's. */
  gold: z.array(Accuracy),
  /**
   * Each annotator's answers judged by review: on an image whose answer was accepted in review,
   * right when they agree with it (the merge's rule: same classes, regions matched at IoU ≥ 0.5);
   * an answer rejected in review counts as wrong.
   */
  reviewed: z.array(Accuracy),
  /** Images answered per hour of active labeling time (gaps over five minutes left out), from each result's history. */
  throughput: z.array(z.object({ annotator: z.string(), images: z.number().int(), activeHours: z.number(), perHour: z.number().nullable() })),
  /** How the images answered by annotators stand. */
  states: z.object({ single: z.number().int(), agreed: z.number().int(), majority: z.number().int(), review: z.number().int(), reviewed: z.number().int() }),
});
export type AgreementReport = z.infer<typeof AgreementReport>;

export const packagesMethods = {
  /**
   * Make one task package per annotator (a job; its result is CreatedPackage[]). With several
   * annotators, `out` TASK.lbx becomes TASK-NAME.lbx for each. `overlap` (percent) of the images
   * go to `raters` annotators each (default 2); `gold` labeled images go to everyone, their
   * answers kept here. `filter`: all, unlabeled, labeled, class:NAME, folder:PREFIX.
   */
  'packages.create': {
    params: z
      .object({
        out: AbsPath,
        annotators: z.array(AnnotatorName).min(1).max(100),
        filter: z.string().max(300).optional(),
        overlap: z.number().min(0).max(100).optional(),
        raters: z.number().int().min(2).max(100).optional(),
        gold: z.number().int().min(0).max(10_000).optional(),
        guidelines: AbsPath.optional(),
        seed: z.number().int().min(0).max(2 ** 31).optional(),
      })
      .strict(),
    result: JobStarted,
  },
  /**
   * Unpack a task package into `into` (new or empty) and open it as the dataset: its classes are
   * fixed (they cannot be added, renamed or removed there). A job; its result is OpenedTask.
   */
  /** Choose a task package (.lbx) in the system's file dialog (the desktop app); null when cancelled. */
  'packages.pickFile': { params: z.object({}).strict(), result: z.object({ path: z.string().nullable() }) },
  'packages.open': { params: z.object({ file: AbsPath, into: AbsPath }).strict(), result: JobStarted },
  /** The task of the open working folder (annotator, guidelines text), or null in an ordinary dataset. */
  'packages.task': {
    params: z.object({}).strict(),
    result: z
      .object({
        annotator: z.string(),
        images: z.number().int(),
        guidelines: z.string().nullable(),
        /** Images sent back by the reviewer, with the comment. */
        notes: z.array(z.object({ path: z.string(), comment: z.string().nullable() })),
      })
      .nullable(),
  },
  /** Hand in the open working folder's answers as a result file. A job; its result is ReturnedResult. */
  'packages.return': { params: z.object({ out: AbsPath }).strict(), result: JobStarted },
  /** Merge results into the open dataset: one transaction, one undo. A job; its result is MergeSummary. */
  'packages.merge': { params: z.object({ files: z.array(AbsPath).min(1).max(1000) }).strict(), result: JobStarted },
  'packages.agreement': { params: z.object({}).strict(), result: AgreementReport },
  /** The review queue: disagreements always; `annotator`: every image of theirs (flagged); `samplePercent` of each annotator's images, drawn by `seed`. */
  'packages.reviewQueue': {
    params: z.object({ annotator: AnnotatorName.optional(), samplePercent: z.number().min(0).max(100).optional(), seed: z.number().int().min(0).max(2 ** 31).optional() }).strict(),
    result: z.array(ReviewItem),
  },
  /** Every annotator's live answer for one image (tags and region shapes), by annotator; none for an image nobody answered. */
  'packages.reviewAnswers': { params: z.object({ imageId: z.number().int().positive() }).strict(), result: ReviewAnswers },
  /**
   * Decide on one annotator's answer for an image, as one undoable command: accept it (the image
   * takes it), or reject it with a comment (set aside; the image goes into their next package).
   */
  'packages.review': {
    params: z
      .object({
        imageId: z.number().int().positive(),
        annotator: AnnotatorName,
        decision: z.enum(['accepted', 'rejected']),
        comment: z.string().max(2000).refine((s) => !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(s), 'a comment without control characters').optional(),
      })
      .strict(),
    result: z.object({ imageId: z.number().int(), annotator: z.string(), decision: z.enum(['accepted', 'rejected']), state: TeamState.nullable() }),
  },
} as const;
