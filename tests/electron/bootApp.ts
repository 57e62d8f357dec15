import fs from 'node:fs';
import path from 'node:path';
import { type RunningApp, startApp } from '../../src-main/host/electron/startApp.js';
import { tempDir } from '../helpers/tempDataset.js';
import { mock, resetElectronMock } from './electronMock.js';

export interface BootedApp {
  running: RunningApp;
  /** A scratch folder for the test: the app's home, a built renderer and anything else. */
  dir: string;
  home: string;
  rendererDir: string;
  cleanup(): void;
}

/** A minimal built renderer: an index page and a script, like dist/renderer. */
export function writeRendererDir(dir: string): string {
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("lightbox")');
  return rendererDir;
}

/**
 * Start the real main-process wiring against the mocked electron module, in a fresh mock state,
 * with its own home folder (the recent list) unless one is given.
 */
export async function bootApp(opts: { argv?: string[]; cwd?: string; home?: string; keepMock?: boolean } = {}): Promise<BootedApp> {
  if (!opts.keepMock) resetElectronMock();
  const tmp = tempDir('lightbox-electron-');
  const home = opts.home ?? path.join(tmp.dir, 'home');
  const rendererDir = writeRendererDir(tmp.dir);
  const running = await startApp({ rendererDir, preloadPath: path.join(tmp.dir, 'preload.cjs'), home, argv: opts.argv ?? ['lightbox-studio'], cwd: opts.cwd ?? tmp.dir });
  if (!running) throw new Error(`the app did not start (lock granted: ${mock.lockGranted})`);
  return {
    running,
    dir: tmp.dir,
    home,
    rendererDir,
    cleanup: () => {
      running.session.close();
      tmp.cleanup();
    },
  };
}

/** An IPC event as Electron passes it to a handler, from a frame showing `url`. */
export function ipcEvent(url: string | null) {
  return { senderFrame: url === null ? null : { url } } as never;
}

/** Call a registered contract handler as a frame at `url` would. */
export function invoke(method: string, params: unknown, url: string | null = 'app://lightbox/index.html'): Promise<unknown> {
  const h = mock.ipcHandlers.get(`lightbox:call:${method}`);
  if (!h) throw new Error(`no handler for ${method}`);
  return h(ipcEvent(url), params);
}
