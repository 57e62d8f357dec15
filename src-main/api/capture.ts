import { z } from 'zod';
import { Base64 } from './acquire.js';
import { Id } from './common.js';

/** The camera screen: frames are saved by the main process with their class in one transaction. */

export const CaptureFormat = z.enum(['jpeg', 'png']);

/** Camera choices remembered per dataset. */
export const CapturePrefs = z
  .object({
    deviceId: z.string().max(500).nullable(),
    deviceLabel: z.string().max(500).nullable(),
    width: z.number().int().min(16).max(8192),
    height: z.number().int().min(16).max(8192),
    format: CaptureFormat,
    mirror: z.boolean(),
    /** Frames per second while a class key is held. */
    rate: z.number().min(0.5).max(30),
    burstCount: z.number().int().min(1).max(500),
    burstIntervalMs: z.number().int().min(0).max(60_000),
    /** Look for faces in each saved frame and propose redaction boxes for review (issue 13). */
    proposeFaces: z.boolean(),
  })
  .strict();
export type CapturePrefs = z.infer<typeof CapturePrefs>;

export const CaptureSaved = z.object({
  imageId: z.number().int(),
  path: z.string(),
  classId: z.number().int(),
  /** Images carrying this class now. */
  classCount: z.number().int(),
});

/** Largest single camera frame (base64 characters). */
export const MAX_FRAME_BASE64 = 7 * 1024 * 1024;

export const captureMethods = {
  /** Save one camera frame into `captures/DATE/` with its class, in one transaction. */
  'capture.save': {
    params: z.object({ classId: Id, format: CaptureFormat, dataBase64: Base64(MAX_FRAME_BASE64).min(8) }).strict(),
    result: CaptureSaved,
  },
  /** Remove the most recent camera capture (its file, row and label). */
  'capture.undoLast': {
    params: z.object({}).strict(),
    result: z.object({ removed: z.object({ imageId: z.number().int(), path: z.string(), classIds: z.array(z.number().int()) }).nullable() }),
  },
  /**
   * The capture screen opened (true) or closed (false). The desktop host grants the camera only
   * while it is open.
   */
  'capture.setActive': { params: z.object({ active: z.boolean() }).strict(), result: z.object({ active: z.boolean() }) },
  'capture.getPrefs': { params: z.object({}).strict(), result: CapturePrefs },
  'capture.setPrefs': { params: CapturePrefs.partial().strict(), result: CapturePrefs },
} as const;
