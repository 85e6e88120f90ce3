import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// Playwright cannot download its own browsers on every machine: use CHROMIUM_PATH, else
// Debian/Ubuntu's /usr/bin/chromium when present, else Playwright's own browser.
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const port = Number(process.env.E2E_PORT ?? 4174);
/** The base path of the second build, served on port + 1 (e2e/offline.spec.ts). */
const BASE_PATH = '/gradscope/';

export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 720 },
    acceptDownloads: true,
    launchOptions: {
      executablePath,
      args: [
        // Root in CI containers needs --no-sandbox; the rest keeps Chromium off the network.
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: [
    {
      command: `node scripts/serve.mjs`,
      env: { PORT: String(port) },
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    // The same app built for a base path, as a static site under /gradscope/ (e2e/offline.spec.ts).
    {
      command: `npx vite build --outDir dist-base --emptyOutDir --logLevel warn && node scripts/serve.mjs`,
      env: { PORT: String(port + 1), BASE: BASE_PATH, DIST: 'dist-base' },
      url: `http://127.0.0.1:${port + 1}${BASE_PATH}`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
