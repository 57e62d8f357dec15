// The Electron main process entry (bundled to dist/main/main.cjs). Wiring lives in startApp.ts.
import path from 'node:path';
import { app } from 'electron';
import { startApp } from './startApp.js';

startApp({
  rendererDir: path.join(__dirname, '..', 'renderer'),
  preloadPath: path.join(__dirname, 'preload.cjs'),
}).catch((e: unknown) => {
  console.error('[lightbox] could not start:', e);
  app.exit(2);
});
