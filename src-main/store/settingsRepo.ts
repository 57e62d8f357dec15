import { z } from 'zod';
import { CapturePrefs } from '../api/capture.js';
import { LabelMode } from '../api/common.js';
import { LightboxError } from '../api/errors.js';
import { type Db, writeTx } from './openStore.js';

/** Settings are small documents: at most this much JSON, nested at most this deep. */
export const MAX_SETTING_BYTES = 1 << 20;
export const MAX_SETTING_DEPTH = 32;

const ratio = z.number().min(0).max(1);

/**
 * The settings the app itself reads, with the form its code relies on. Anyone can write a setting
 * (the renderer through settings.set, a dataset folder someone sent), so a value of the wrong form
 * is refused when written and ignored when read (the reader's fallback is used instead). A feature
 * that stores a setting of its own adds its key here.
 */
const SHAPES: Readonly<Record<string, z.ZodType>> = {
  labelMode: LabelMode,
  /** Labeling an image in single-label mode marks it done (default true). */
  autoDone: z.boolean(),
  annotator: z
    .string()
    .max(200)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'a name without control characters')
    .nullable(),
  sampleSeeded: z.boolean(),
  splitPlan: z.object({ ratios: z.tuple([ratio, ratio, ratio]), seed: z.number().int().min(0).max(2 ** 31), labeledOnly: z.boolean().optional() }),
  'capture.prefs': CapturePrefs.partial(),
};

/** True when `value` nests deeper than `limit` (walked without recursion, so any depth is safe). */
function tooDeep(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v as object)) stack.push([child, depth + 1]);
  }
  return false;
}

function shapeProblem(key: string, value: unknown): string | null {
  const shape = Object.prototype.hasOwnProperty.call(SHAPES, key) ? SHAPES[key] : undefined;
  if (!shape) return null;
  const r = shape.safeParse(value);
  if (r.success) return null;
  const issue = r.error.issues[0];
  // Which field, not the validator's own words (they are not written for the user, nor translated).
  return issue?.path.length ? `${issue.path.join('.')}: wrong form` : 'wrong form';
}

/** Same JSON kind (string, number, boolean, array, object) as the fallback, when it has one. */
function sameKind(value: unknown, fallback: unknown): boolean {
  if (fallback === null || fallback === undefined) return true;
  return typeof value === typeof fallback && Array.isArray(value) === Array.isArray(fallback) && (value === null) === (fallback === null);
}

export function getSetting<T>(db: Db, key: string, fallback: T): T {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row || typeof row.value !== 'string' || row.value.length > MAX_SETTING_BYTES) return fallback;
  let value: unknown;
  try {
    value = JSON.parse(row.value);
  } catch {
    return fallback;
  }
  if (tooDeep(value, MAX_SETTING_DEPTH) || !sameKind(value, fallback) || shapeProblem(key, value) !== null) return fallback;
  return value as T;
}

/** Store `value` as JSON; refuses (BAD_PARAMS) what is not a small plain document or not of the key's form. */
export function setSetting(db: Db, key: string, value: unknown): void {
  const refuse = (why: string) => new LightboxError('BAD_PARAMS', `The setting "${key.slice(0, 100)}" was not saved: ${why}.`);
  if (tooDeep(value, MAX_SETTING_DEPTH)) throw refuse(`it is nested more than ${MAX_SETTING_DEPTH} levels deep`);
  let text: string;
  try {
    text = JSON.stringify(value ?? null);
  } catch {
    throw refuse('it is not plain data (text, numbers, true/false, lists and objects)');
  }
  if (text === undefined) throw refuse('it is not plain data (text, numbers, true/false, lists and objects)');
  if (Buffer.byteLength(text, 'utf8') > MAX_SETTING_BYTES) throw refuse(`it is larger than ${MAX_SETTING_BYTES >> 20} MB`);
  const problem = shapeProblem(key, JSON.parse(text));
  if (problem) throw refuse(`it does not have the expected form (${problem})`);
  writeTx(db, () => {
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, text);
  });
}
