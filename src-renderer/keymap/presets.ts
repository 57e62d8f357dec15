import { type Action, conflicts } from './actions.js';

/**
 * Keymap presets and the user's own keys, laid over the one action table (actions.ts). A preset
 * or a remap gives an action new keys; it never adds or removes actions, so the palette and the
 * cheat sheet keep reading the table, now with the active keys.
 */

/** Action id → its keys (replacing the table's). */
export type KeyOverrides = Record<string, string[]>;

export const PRESET_IDS = ['lightbox', 'labelimg', 'labelme', 'cvat'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

/**
 * What each peer's users have in their fingers:
 * - LabelImg: W draws a box, D / A next / previous image, Del deletes, Ctrl+D copies nothing here.
 * - labelme: Ctrl+R rectangle, Ctrl+N polygon, Ctrl+J edit (select), D / A next / previous.
 * - CVAT: N repeats the last drawing tool, F / D next / previous frame, Ctrl+B brush... (tools by
 *   their panel in CVAT; here the Lightbox letters stay).
 */
export const PRESETS: Record<PresetId, KeyOverrides> = {
  lightbox: {},
  labelimg: {
    'region.tool.box': ['w', 'b'],
    'image.next': ['d', 'arrowright'],
    'image.prev': ['a', 'arrowleft'],
    'image.done': ['space', 'enter'],
    // Space marks the image verified in LabelImg; panning keeps the middle mouse button and arrows.
    'region.pan': [],
  },
  labelme: {
    'region.tool.box': ['mod+r', 'b'],
    'region.tool.polygon': ['mod+n', 'p'],
    'region.tool.select': ['mod+j', 'v'],
    'image.next': ['d', 'arrowright'],
    'image.prev': ['a', 'arrowleft'],
  },
  cvat: {
    'region.tool.repeat': ['n'],
    'image.nextUnlabeled': ['shift+n'],
    'image.next': ['f', 'arrowright'],
    'image.prev': ['d', 'arrowleft'],
    'view.fit': ['0'],
  },
};

export interface KeymapConfig {
  preset: PresetId;
  /** The user's own keys, over the preset's. */
  overrides: KeyOverrides;
}

export const DEFAULT_KEYMAP: KeymapConfig = { preset: 'lightbox', overrides: {} };

/** The table with the preset's and then the user's keys in place. Unknown action ids are ignored. */
export function bindKeymap(table: readonly Action[], config: KeymapConfig): Action[] {
  const preset = PRESETS[config.preset] ?? {};
  return table.map((a) => {
    const keys = Object.prototype.hasOwnProperty.call(config.overrides, a.id)
      ? config.overrides[a.id]!
      : Object.prototype.hasOwnProperty.call(preset, a.id)
        ? preset[a.id]!
        : null;
    return keys === null ? a : { ...a, keys: [...keys] };
  });
}

export type RemapResult = { ok: true; config: KeymapConfig } | { ok: false; clash: Action };

/**
 * Give one action `keys` (replacing its keys under this config). Refused, naming the action that
 * already answers one of the keys where both could fire, so nothing is silently shadowed.
 */
export function remap(table: readonly Action[], config: KeymapConfig, actionId: string, keys: string[]): RemapResult {
  const next: KeymapConfig = { preset: config.preset, overrides: { ...config.overrides, [actionId]: keys } };
  const bound = bindKeymap(table, next);
  for (const c of conflicts(bound)) {
    const [, pair] = c.split(': ');
    const [a, b] = pair!.split(' / ');
    if (a === actionId || b === actionId) {
      const other = bound.find((x) => x.id === (a === actionId ? b : a));
      if (other) return { ok: false, clash: other };
    }
  }
  return { ok: true, config: next };
}

/** Back to the preset's keys for one action. */
export function resetKey(config: KeymapConfig, actionId: string): KeymapConfig {
  const overrides = { ...config.overrides };
  delete overrides[actionId];
  return { preset: config.preset, overrides };
}
