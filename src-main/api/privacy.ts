import { z } from 'zod';
import { PredictImages } from './suggestions.js';

/** What a face-proposal run did. */
export const FaceProposalSummary = z.object({
  /** Images looked at in this run. */
  looked: z.number().int(),
  /** Images looked at by an earlier run (skipped: their proposals are already waiting or decided). */
  skipped: z.number().int(),
  /** Proposed face boxes stored. */
  faces: z.number().int(),
  /** The redaction class the proposals belong to (made when the dataset had none named "face"). */
  classId: z.number().int(),
  className: z.string(),
  failed: z.array(z.object({ path: z.string(), reason: z.string() })),
  failedCount: z.number().int(),
});
export type FaceProposalSummary = z.infer<typeof FaceProposalSummary>;

export const privacyMethods = {
  /**
   * Look for faces offline (face-api's packaged detector) and propose a redaction box on each, as
   * suggestions of the redaction class "face": nothing is hidden until a person accepts them (Y in
   * the workspace, `suggestions.accept`). A job; images already looked at are skipped.
   */
  'privacy.proposeFaces': {
    params: z.object({ images: PredictImages.default('all'), minScore: z.number().min(0.1).max(1).default(0.5) }).strict(),
    result: z.object({ jobId: z.string() }),
  },
} as const;
