import { z } from 'zod';
import { ExportFormat } from './exports.js';

export const Language = z.enum(['en', 'zh-CN']);
export const Theme = z.enum(['dark', 'light']);
export const KeymapPreset = z.enum(['lightbox', 'labelimg', 'labelme', 'cvat']);

/** A key combo as the keymap writes it ('mod+shift+z', 'arrowright', '?'). */
const Combo = z.string().min(1).max(40).regex(/^[^\s]+$/);

/** The user's keys: action id → its combos (replacing the preset's). */
export const KeyOverrides = z.record(z.string().min(1).max(100).regex(/^[a-zA-Z0-9.\-]+$/), z.array(Combo).max(4)).refine((o) => Object.keys(o).length <= 500, 'at most 500 remapped actions');

/** Per-user preferences, kept outside any dataset (the same for every dataset on this machine). */
/** What the export dialog starts with (Settings → Export defaults); every export can still change them. */
export const ExportDefaults = z
  .object({
    format: ExportFormat,
    resize: z.boolean(),
    width: z.number().int().min(1).max(16384),
    height: z.number().int().min(1).max(16384),
    fit: z.enum(['cover', 'contain', 'fill']),
    imageFormat: z.enum(['keep', 'jpeg', 'png']),
    stripMetadata: z.boolean(),
    anonymousNames: z.boolean(),
    redact: z.enum(['fill', 'blur']),
  })
  .strict();
export type ExportDefaults = z.infer<typeof ExportDefaults>;

/** The export dialog's defaults before the user sets any. */
export const EXPORT_DEFAULTS: ExportDefaults = {
  format: 'imagefolder',
  resize: true,
  width: 224,
  height: 224,
  fit: 'cover',
  imageFormat: 'keep',
  stripMetadata: true,
  anonymousNames: false,
  redact: 'fill',
};

export const Preferences = z
  .object({
    language: Language.optional(),
    theme: Theme,
    keymap: z.object({ preset: KeymapPreset, overrides: KeyOverrides }).strict(),
    exportDefaults: ExportDefaults.optional(),
    /** The workspace shows a DICOM file's patient name, id and birth date, read from the file when shown (never stored). Off by default. */
    showPatientData: z.boolean().optional(),
  })
  .strict();
export type Preferences = z.infer<typeof Preferences>;

export const settingsMethods = {
  /** Project settings stored in the dataset (annotator name and the like). */
  'settings.get': { params: z.object({ key: z.string().min(1).max(200) }).strict(), result: z.object({ value: z.unknown() }) },
  'settings.set': {
    params: z.object({ key: z.string().min(1).max(200), value: z.unknown() }).strict(),
    result: z.object({ value: z.unknown() }),
  },
  /** The user's preferences (theme, keymap, language, export defaults), the same in every dataset. */
  'settings.preferences': { params: z.object({}).strict(), result: Preferences },
  /** Change some preferences; returns them all. */
  'settings.setPreferences': { params: Preferences.partial().strict(), result: Preferences },
} as const;
