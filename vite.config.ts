import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The path the app is served under: `BASE=/gradscope/ npm run build` for a site at
 * https://example.org/gradscope/ (leading and trailing slash added if missing).
 */
const base = `/${(process.env.BASE ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');

/**
 * Link previews (chat apps, social sites) want absolute addresses: with
 * `SITE_URL=https://example.org` the preview image and the page's address are written
 * out in full; without it the image is a path under `base`.
 */
function linkPreview(): Plugin {
  const site = (process.env.SITE_URL ?? '').replace(/\/+$/, '');
  return {
    name: 'gradscope-link-preview',
    transformIndexHtml(html) {
      if (!site) return html;
      return html
        .replace(/(<meta property="og:image" content=")[^"]*(")/, `$1${site}${base}og-image.png$2`)
        .replace('<meta property="og:type"', `<meta property="og:url" content="${site}${base}" />\n    <meta property="og:type"`);
    },
  };
}

export default defineConfig({
  base,
  plugins: [
    react(),
    linkPreview(),
    // Offline after the first visit: a Workbox service worker precaches the page, its
    // scripts, the tfjs wasm binaries, KaTeX's fonts and the icons; a new deployment
    // waits until the person accepts it (src/ui/UpdatePrompt.tsx).
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'og-image.png'],
      manifest: {
        name: 'Gradscope: why deep networks explode and vanish',
        short_name: 'Gradscope',
        description: 'Train a deep network in your browser and watch its gradients flow, explode or vanish, layer by layer, next to what theory predicts.',
        theme_color: '#1d2433',
        background_color: '#f4f5f7',
        display: 'standalone',
        icons: [
          { src: 'pwa-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'pwa-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'pwa-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,wasm,woff2}'],
        // The training worker bundles tfjs (about 1.4 MB); the default cap is 2 MiB.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        // Every link is the page with a query: offline it is the cached index.html.
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // The first visit's page is served by the worker as soon as it is installed (so a
        // later update can take it over when the person accepts it).
        clientsClaim: true,
      },
    }),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
  server: { host: '127.0.0.1' },
});
