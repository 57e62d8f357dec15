import { BrowserWindow, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { APP_INDEX_URL } from './appOrigin.js';
import type { WindowPlace } from './windowPlace.js';

/**
 * The main window's settings. The renderer is treated as untrusted: isolated from the preload,
 * sandboxed, without Node, with web security on; it reaches main only through window.lightbox.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: 'Lightbox Studio',
    show: false,
    backgroundColor: '#1b1d21',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // Files dropped on the window are handled by the page (import), never opened as a page.
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

/**
 * The app is one page: every navigation and every new window is refused, links included. Nothing
 * is handed to the OS browser either — Lightbox works offline and its pages link nowhere outside.
 */
export function refuseNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The main window, at its saved place when there is one (windowPlace.ts). */
export function createMainWindow(preloadPath: string, place: WindowPlace | null = null): BrowserWindow {
  const options = mainWindowOptions(preloadPath);
  const win = new BrowserWindow(place ? { ...options, x: place.x, y: place.y, width: place.width, height: place.height } : options);
  refuseNavigation(win.webContents);
  win.once('ready-to-show', () => {
    if (place?.maximized) win.maximize();
    win.show();
  });
  win.loadURL(APP_INDEX_URL).catch((e: unknown) => console.error('[lightbox] the window could not load its page:', e));
  return win;
}

/** Bring a window to the front (a second launch of the app lands here). */
export function focusWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
