import type { RegisteredModel } from '../../../src-main/api/models.js';

/** The SAM pairs of the per-user registry (Settings → Models), the most recently added first. */
export function samPairs(models: readonly RegisteredModel[]): RegisteredModel[] {
  return models.filter((m) => m.kind === 'sam' && m.decoderPath).sort((a, b) => b.addedAt - a.addedAt);
}

/**
 * Which registered pair the SAM tool uses, from the dataset's setting `sam.model`:
 * - `{id}`: that pair, when it is registered here (else the newest, without remembering it);
 * - `{encoder, decoder}` (datasets from before the registry): the registered pair with those
 *   files, or `register` them (then the setting becomes `{id}`);
 * - nothing: the newest pair (remembered once the person picks one).
 * `remember`: the setting should be rewritten to this pair's id.
 */
export type SamChoice = { use: RegisteredModel | null; remember: boolean } | { register: { encoder: string; decoder: string } };

export function chooseSamPair(setting: unknown, pairs: readonly RegisteredModel[]): SamChoice {
  const v = (setting ?? null) as { id?: unknown; encoder?: unknown; decoder?: unknown } | null;
  const newest = pairs[0] ?? null;
  if (v && typeof v.id === 'string') {
    const id = v.id;
    return { use: pairs.find((p) => p.id === id) ?? newest, remember: false };
  }
  if (v && typeof v.encoder === 'string' && typeof v.decoder === 'string') {
    const found = pairs.find((p) => p.path === v.encoder && p.decoderPath === v.decoder);
    return found ? { use: found, remember: true } : { register: { encoder: v.encoder, decoder: v.decoder } };
  }
  return { use: newest, remember: false };
}

/** The window event Settings → Models sends when it has read the registry (after adding or removing a model). */
export const MODELS_CHANGED = 'lightbox:models-changed';
