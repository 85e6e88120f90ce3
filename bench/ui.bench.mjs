// UI budgets on the production build, in headless Chromium (run by `npm run bench`):
// - depth 100 with every chart visible and 1,000+ steps in view: long tasks (> 50 ms)
//   on the main thread after start-up, and the time of each chart update (store update
//   rendered synchronously: render + commit + layout), 95th percentile;
// - time from navigation to the first chart point on the wasm and cpu backends;
// - the gzipped size of the page's own JavaScript (the worker's tfjs chunk excluded).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const dist = new URL('../dist/', import.meta.url);
if (!existsSync(new URL('index.html', dist))) {
  console.error('dist/ is missing: npm run build first');
  process.exit(1);
}

const freePort = () =>
  new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

const port = await freePort();
const server = spawn(process.execPath, ['scripts/serve.mjs'], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const base = `http://127.0.0.1:${port}/`;
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const browser = await chromium.launch({
  executablePath,
  args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-background-networking', '--disable-component-update'],
});

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : Number.NaN;
};

async function chartBudget(backend, steps) {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.addInitScript(() => {
    window.__gradscopeUpdateMs = [];
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${base}?depth=100&width=32&backend=${backend}${process.env.BENCH_UI_QUERY ?? ""}`);
  const stepCount = () => page.evaluate(() => Number(document.querySelector('[data-testid=step-count]')?.textContent ?? 0));
  // Start-up: until the first frames have landed.
  while ((await stepCount()) < 20) await page.waitForTimeout(200);
  const startUp = await page.evaluate(() => {
    window.__gradscopeUpdateMs.length = 0;
    return performance.now();
  });
  const t0 = Date.now();
  while ((await stepCount()) < steps && Date.now() - t0 < 600_000) await page.waitForTimeout(500);
  const result = await page.evaluate((after) => {
    const updates = window.__gradscopeUpdateMs.slice();
    const long = window.__longTasks.filter((t) => t.start > after);
    return { updates, long, steps: Number(document.querySelector('[data-testid=step-count]')?.textContent ?? 0) };
  }, startUp);
  await page.close();
  return result;
}

async function firstPoint(backend) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${base}?backend=${backend}`);
  await page.waitForFunction(() => performance.getEntriesByName('gradscope:first-frame').length > 0, null, { timeout: 60_000 });
  const ms = await page.evaluate(() => performance.getEntriesByName('gradscope:first-frame')[0].startTime);
  const badge = await page.getAttribute('[data-testid=backend-badge]', 'data-backend');
  await page.close();
  return { ms, badge };
}

try {
  const assets = readdirSync(new URL('assets/', dist));
  const pageJs = assets.filter((f) => f.endsWith('.js') && !f.startsWith('training.worker'));
  const workerJs = assets.filter((f) => f.startsWith('training.worker') && f.endsWith('.js'));
  const gz = (files) => files.reduce((a, f) => a + gzipSync(readFileSync(new URL(`assets/${f}`, dist))).length, 0);
  const hasTf = pageJs.some((f) => /tfjs-core|MathBackendWebGL|registerKernel/.test(readFileSync(new URL(`assets/${f}`, dist), 'utf8')));
  console.log(`page JavaScript: ${(gz(pageJs) / 1024).toFixed(1)} KiB gzipped (${pageJs.join(', ')}); tfjs in it: ${hasTf ? 'YES' : 'no'}`);
  console.log(`worker chunk (tfjs): ${(gz(workerJs) / 1024).toFixed(1)} KiB gzipped`);

  for (const backend of ['wasm', 'cpu']) {
    const { ms, badge } = await firstPoint(backend);
    console.log(`first chart point on ${badge}: ${ms.toFixed(0)} ms after navigation (budget 2000 ms)`);
  }

  const backend = process.env.BENCH_UI_BACKEND ?? 'wasm';
  const steps = Number(process.env.BENCH_UI_STEPS ?? 1200);
  const r = await chartBudget(backend, steps);
  const longest = r.long.reduce((a, t) => Math.max(a, t.duration), 0);
  console.log(`depth 100, every chart, ${r.steps} steps on ${backend}: ${r.updates.length} chart updates`);
  console.log(
    `  update ms: median ${percentile(r.updates, 50).toFixed(1)}, p95 ${percentile(r.updates, 95).toFixed(1)}, max ${Math.max(...r.updates).toFixed(1)} (budget p95 <= 16)`,
  );
  console.log(`  long tasks after start-up: ${r.long.length}${r.long.length ? `, longest ${longest.toFixed(0)} ms` : ''} (budget: none over 50 ms)`);
} finally {
  await browser.close();
  server.kill();
}
