import fs from 'node:fs';
import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, session as electronSession } from 'electron';
import { dispatch, toErrorPayload } from '../../services/dispatch.js';
import { Session } from '../../services/Session.js';
import { forwardEvents, registerIpcHandlers } from './ipc.js';
import { appMenuTemplate } from './menu.js';
import { installNetworkGuard } from './networkGuard.js';
import { installPermissionHandlers } from './permissions.js';
import { isCaptureActive } from '../../services/captureService.js';
import { handleProtocols, privilegedSchemes } from './protocols.js';
import { createMainWindow, focusWindow } from './window.js';
import { rememberPlace, restorePlace } from './windowPlace.js';
import { saveConfig } from '../../services/appConfig.js';

export interface StartOptions {
  /** The built renderer (dist/renderer), served as app://lightbox/. */
  rendererDir: string;
  /** The bundled preload (dist/main/preload.cjs). */
  preloadPath: string;
  /** Per-user folder for the recent list (LIGHTBOX_HOME or the OS default when omitted). */
  home?: string;
  /** The command line and working directory to take a dataset folder from (this process's by default). */
  argv?: readonly string[];
  cwd?: string;
}

export interface RunningApp {
  session: Session;
  window(): BrowserWindow | null;
  openFolder(folder: string): Promise<void>;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The dataset folder named on a command line, resolved against the working directory it was typed
 * in. Switches (Chromium adds some) are skipped, and so is the app path when run as `electron <app>`.
 */
export function folderFromArgv(argv: readonly string[], cwd: string, defaultApp: boolean): string | null {
  const operands = argv.slice(1).filter((a) => !a.startsWith('-'));
  for (const arg of defaultApp ? operands.slice(1) : operands) {
    const abs = path.resolve(cwd, arg);
    if (isDirectory(abs)) return abs;
  }
  return null;
}

/** The folder a second launch asked for: what it sent as additionalData, else its command line. */
export function folderFromSecondInstance(argv: readonly string[], cwd: string, additionalData: unknown, defaultApp: boolean): string | null {
  const sent = (additionalData as { folder?: unknown } | null)?.folder;
  if (typeof sent === 'string' && path.isAbsolute(sent) && isDirectory(sent)) return sent;
  return folderFromArgv(argv, cwd, defaultApp);
}

/**
 * Start the desktop app: one instance per user (a second launch focuses this one and opens its
 * folder), one Session behind one window, the last dataset reopened. Returns null in a second
 * instance, which hands over and quits.
 */
export async function startApp(opts: StartOptions): Promise<RunningApp | null> {
  const defaultApp = Boolean(process.defaultApp);
  const launchFolder = folderFromArgv(opts.argv ?? process.argv, opts.cwd ?? process.cwd(), defaultApp);
  if (!app.requestSingleInstanceLock({ folder: launchFolder })) {
    app.quit();
    return null;
  }
  protocol.registerSchemesAsPrivileged(privilegedSchemes);
  app.enableSandbox();

  let win: BrowserWindow | null = null;
  const session = new Session(
    {
      // Files other programs add to the open dataset appear without a manual rescan.
      watch: true,
      pickFolder: async () => {
        const options = { title: 'Open a dataset folder', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
        const r = win && !win.isDestroyed() ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
      pickPackage: async () => {
        const options = { title: 'Open a task package', properties: ['openFile'] as 'openFile'[], filters: [{ name: 'Lightbox task package', extensions: ['lbx'] }] };
        const r = win && !win.isDestroyed() ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
    },
    opts.home,
  );

  const openFolder = async (folder: string): Promise<void> => {
    try {
      await dispatch(session, 'datasets.open', { path: folder });
    } catch (e) {
      dialog.showErrorBox('Lightbox Studio', toErrorPayload(e).message);
    }
  };

  app.on('second-instance', (_event, argv, cwd, additionalData) => {
    if (win && !win.isDestroyed()) focusWindow(win);
    const folder = folderFromSecondInstance(argv, cwd, additionalData, defaultApp);
    if (folder) void openFolder(folder);
  });
  // No network: every session the app has, the default one and any made later, refuses requests
  // outside the app's own protocols before a page can load.
  app.on('session-created', (created) => installNetworkGuard(created));
  app.on('window-all-closed', () => {
    session.close();
    app.quit();
  });

  await app.whenReady();
  const ses = electronSession.defaultSession;
  installNetworkGuard(ses);
  installPermissionHandlers(ses, () => isCaptureActive(session));
  handleProtocols(ses.protocol, session, opts.rendererDir);
  registerIpcHandlers(ipcMain, session);
  forwardEvents(session, () => (win && !win.isDestroyed() ? win.webContents : null));

  const pickAndOpen = async () => {
    const folder = await session.hooks.pickFolder!();
    if (folder) await openFolder(folder);
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({ openFolder: () => void pickAndOpen(), locale: app.getLocale(), isMac: process.platform === 'darwin', dev: !app.isPackaged }),
    ),
  );

  // The folder given on the command line, else the last dataset. A last dataset that has gone
  // away is not an error worth a dialog: the welcome screen lists the others.
  const reopen = launchFolder ?? session.config.recent[0];
  if (reopen) {
    try {
      session.open(reopen);
    } catch (e) {
      if (launchFolder) dialog.showErrorBox('Lightbox Studio', toErrorPayload(e).message);
    }
  }

  win = createMainWindow(opts.preloadPath, restorePlace(session.config.window));
  rememberPlace(win, (place) => {
    session.config = { ...session.config, window: place };
    saveConfig(session.config, session.home);
  });
  return { session, window: () => win, openFolder };
}
