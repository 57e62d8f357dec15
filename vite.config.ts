import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is served from file-like origins (Electron's app protocol, the loopback web host),
// so asset URLs are relative.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
    // One bundle for a desktop app read from disk or loopback: no network cost to split for.
    chunkSizeWarningLimit: 2000,
  },
});
