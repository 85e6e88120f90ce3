// Builds the in-browser engine benchmark into dist/bench/ (after the app's build), so
// that `npm run bench:ui` serves it beside the app. Not part of the app.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: fileURLToPath(new URL('../../dist/bench', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    rollupOptions: { input: { engine: fileURLToPath(new URL('engine.html', import.meta.url)) } },
  },
});
