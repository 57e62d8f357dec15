import { z } from 'zod';
import { ClassName, Color, Hotkey, Id, LabelMode } from '../api/common.js';
import { AnnotatorName } from '../api/packages.js';
import { refuse } from './zipRead.js';

/**
 * The two files that travel: a task package (`manifest.json` with the images and the schema) and
 * a result (`result.json` with the answers). Both are a stranger's input: parsed with keys that
 * could reach an object's prototype refused, then by strict schemas with every list bounded.
 */

export const MAX_PACKAGE_IMAGES = 100_000;
const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'an id like 1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed');
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex');
const Time = z.number().int().min(0).max(8.64e15);

/** Names of the image files inside a package: fixed, so nothing else can be written on unpacking. */
export const IMAGE_ENTRY = /^images\/\d{6}\.(png|jpg|webp|tif)$/;

export const TaskManifest = z
  .object({
    format: z.literal('lightbox-task'),
    version: z.literal(1),
    assignmentId: Uuid,
    datasetId: Uuid,
    annotator: AnnotatorName,
    createdAt: Time,
    labelMode: LabelMode,
    classes: z.array(z.object({ name: ClassName, color: Color, hotkey: Hotkey.nullable() }).strict()).max(1000),
    images: z
      .array(
        z
          .object({
            file: z.string().regex(IMAGE_ENTRY, 'images/NNNNNN.png (or .jpg, .webp, .tif)'),
            /** The image's id in the owner's dataset. */
            id: Id,
            sha256: Sha256,
            width: z.number().int().min(1).max(1_000_000),
            height: z.number().int().min(1).max(1_000_000),
          })
          .strict(),
      )
      .max(MAX_PACKAGE_IMAGES),
    /** `guidelines.md` in the package, or null. */
    guidelines: z.literal('guidelines.md').nullable(),
    /** Images sent back by the reviewer, with the comment (image ids as in `images`). */
    notes: z
      .array(z.object({ id: Id, comment: z.string().max(2000).nullable() }).strict())
      .max(MAX_PACKAGE_IMAGES)
      .optional(),
  })
  .strict();
export type TaskManifest = z.infer<typeof TaskManifest>;

const ResultRegion = z.object({ className: ClassName, shape: z.unknown() }).strict();

export const ResultManifest = z
  .object({
    format: z.literal('lightbox-result'),
    version: z.literal(1),
    assignmentId: Uuid,
    datasetId: Uuid,
    annotator: AnnotatorName,
    openedAt: Time,
    returnedAt: Time,
    images: z
      .array(
        z
          .object({
            id: Id,
            /** Hash of the image file the annotator labeled (the package's copy). */
            sha256: Sha256,
            tags: z.array(ClassName).max(1000),
            /** Shapes are checked at merge by the same door as every region (api/regionCheck.ts). */
            regions: z.array(ResultRegion).max(10_000),
            /** Last change to the image's answer; null when it was left unanswered. */
            answeredAt: Time.nullable(),
          })
          .strict(),
      )
      .max(MAX_PACKAGE_IMAGES),
    /** The annotator's commands (kind and time), for throughput. */
    history: z.array(z.object({ kind: z.string().max(100), at: Time }).strict()).max(1_000_000),
  })
  .strict();
export type ResultManifest = z.infer<typeof ResultManifest>;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON from a package: refused when malformed or when a key could reach an object's prototype. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw refuse(what, `its manifest has a key "${key}"`);
      return value;
    });
  } catch (e) {
    if (e instanceof Error && e.name === 'LightboxError') throw e;
    throw refuse(what, 'its manifest is not valid JSON');
  }
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw refuse(what, `its manifest is not in the expected form${where} (${(issue?.message ?? 'invalid').slice(0, 120)})`);
}
