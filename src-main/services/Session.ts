import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatasetInfo } from '../api/datasets.js';
import { LightboxError } from '../api/errors.js';
import type { EventName, EventPayload } from '../api/events.js';
import type { DatasetWatcher } from '../dataset/watch.js';
import { JobManager } from '../jobs/JobManager.js';
import { type Db, assertStoreInPlace, closeStore, openStore } from '../store/openStore.js';
import { getSetting } from '../store/settingsRepo.js';
import { countImages } from '../store/statsRepo.js';
import { type AppConfig, appHome, loadConfig, rememberRecent, saveConfig } from './appConfig.js';
import { startWatching } from './watchService.js';

export interface OpenDataset {
  root: string;
  db: Db;
  isSample: boolean;
}

export interface SessionHooks {
  /** A native "Open folder" dialog, where the host has one. */
  pickFolder?: () => Promise<string | null>;
  /** A native "Open file" dialog for a task package (.lbx), where the host has one. */
  pickPackage?: () => Promise<string | null>;
  /** Where the bundled sample dataset lives (read-only source; it is copied before use). */
  sampleSource?: string;
  /**
   * Watch the open dataset's folder and rescan when other programs change it (the app and
   * `lightbox serve`; not one-shot CLI commands). An object tunes it (tests).
   */
  watch?: boolean | { debounceMs?: number; forcePolling?: boolean };
}

type Listener = (name: EventName, payload: unknown) => void;

/**
 * The state behind the contract for one window (or one web host): the open dataset, its jobs,
 * the listeners that carry events to the renderer. Services are functions of (params, session).
 */
export class Session {
  dataset: OpenDataset | null = null;
  readonly jobs: JobManager;
  config: AppConfig;
  private readonly listeners = new Set<Listener>();
  private watcher: DatasetWatcher | null = null;

  constructor(
    readonly hooks: SessionHooks = {},
    readonly home: string = appHome(),
  ) {
    this.config = loadConfig(home);
    this.jobs = new JobManager((info) => this.emit('job.progress', info));
  }

  onEvent(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) l(name, payload);
  }

  require(): OpenDataset {
    if (!this.dataset) throw new LightboxError('NO_DATASET', 'No dataset is open. Open a folder first.');
    // Reads too: a folder deleted or moved while open must not keep answering from a store nobody will open again.
    assertStoreInPlace(this.dataset.db);
    return this.dataset;
  }

  /** `remember`: add the folder to the app's recent list (never the sample's copy). */
  open(root: string, isSample = false, remember = !isSample): OpenDataset {
    const abs = path.resolve(root);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new LightboxError('NOT_FOUND', `The folder ${abs} does not exist.`);
    }
    if (!st.isDirectory()) throw new LightboxError('NOT_A_FOLDER', `${abs} is a file, not a folder. A dataset is a folder of images.`);
    const db = openStore(abs);
    this.close();
    this.dataset = { root: fs.realpathSync(abs), db, isSample };
    const w = this.hooks.watch;
    if (w) this.watcher = startWatching(this, this.dataset.root, typeof w === 'object' ? w : {});
    if (remember && !isSample) {
      // Read afresh: another process (the CLI registering a model) may have saved since this one started.
      this.config = rememberRecent(loadConfig(this.home), this.dataset.root);
      saveConfig(this.config, this.home);
    }
    return this.dataset;
  }

  close(): void {
    if (!this.dataset) return;
    this.watcher?.close();
    this.watcher = null;
    void this.jobs.cancelAll();
    try {
      closeStore(this.dataset.db);
    } catch {
      // already closed
    }
    this.dataset = null;
  }

  info(): DatasetInfo | null {
    const d = this.dataset;
    if (!d) return null;
    const n = countImages(d.db);
    return {
      root: d.root,
      name: path.basename(d.root),
      isSample: d.isSample,
      labelMode: getSetting(d.db, 'labelMode', 'single'),
      imageCount: n,
    };
  }

  /** Who is labeling: the project's annotator setting, else the OS user. */
  author(): string {
    const d = this.dataset;
    const fromSettings = d ? getSetting<string | null>(d.db, 'annotator', null) : null;
    if (fromSettings) return fromSettings;
    try {
      return os.userInfo().username;
    } catch {
      return 'annotator';
    }
  }
}
