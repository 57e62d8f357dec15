import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../dataset/atomicOutput.js';

/** A model the user registered (models.add): a reference by path and content hash, never a copy. */
export interface ModelEntry {
  /** The model's id (file and description, see loadModel's modelId); a SAM pair's is its encoder's sha256. */
  id: string;
  /** sha256 of the .onnx file; absent in entries registered before ids covered the description (their id is the hash). */
  sha256?: string;
  kind: 'classify' | 'detect' | 'sam';
  name: string;
  path: string;
  decoderPath?: string;
  decoderId?: string;
  labels?: string[];
  addedAt: number;
}

/** Per-user settings outside any dataset: recent folders, language, the user's models. */
export interface AppConfig {
  recent: string[];
  language?: string;
  /** 'dark' | 'light'; checked when read (settings.preferences). */
  theme?: string;
  /** { preset, overrides }; checked when read. */
  keymap?: unknown;
  /** The export dialog's defaults; checked when read. */
  exportDefaults?: unknown;
  /** Whether the workspace shows a DICOM file's patient name, id and birth date (off unless true). */
  showPatientData?: unknown;
  /** The desktop window's last place; checked against the screens when used. */
  window?: unknown;
  models?: ModelEntry[];
}

const MAX_MODELS = 200;

function modelEntries(raw: unknown): ModelEntry[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const str = (v: unknown) => typeof v === 'string';
  return raw
    .filter((m: Partial<ModelEntry> | null) => m && str(m.id) && str(m.name) && str(m.path) && ['classify', 'detect', 'sam'].includes(m.kind as string) && typeof m.addedAt === 'number')
    .slice(0, MAX_MODELS)
    .map((m: ModelEntry) => (m.sha256 === undefined || str(m.sha256) ? m : { ...m, sha256: undefined })) as ModelEntry[];
}

/** `LIGHTBOX_HOME` overrides the per-user folder (tests, portable installs). */
export function appHome(): string {
  if (process.env.LIGHTBOX_HOME) return process.env.LIGHTBOX_HOME;
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? os.homedir(), 'Lightbox Studio');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Lightbox Studio');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'lightbox-studio');
}

const MAX_RECENT = 10;

export function loadConfig(home = appHome()): AppConfig {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')) as Partial<AppConfig>;
    return {
      recent: Array.isArray(raw.recent) ? raw.recent.filter((r) => typeof r === 'string').slice(0, MAX_RECENT) : [],
      language: typeof raw.language === 'string' ? raw.language : undefined,
      theme: typeof raw.theme === 'string' ? raw.theme : undefined,
      keymap: raw.keymap,
      exportDefaults: raw.exportDefaults,
      window: raw.window,
      models: modelEntries(raw.models),
    };
  } catch {
    return { recent: [] };
  }
}

export function saveConfig(config: AppConfig, home = appHome()): void {
  try {
    // Through a temporary name of this process: the app and a CLI saving at once never mix their files.
    writeFileAtomic(path.join(home, 'config.json'), JSON.stringify(config, null, 2));
  } catch {
    // A read-only home costs only the recent list; never fail opening a dataset over it.
  }
}

export function rememberRecent(config: AppConfig, root: string): AppConfig {
  return { ...config, recent: [root, ...config.recent.filter((r) => r !== root)].slice(0, MAX_RECENT) };
}
