// The phase diagram's budgets, on the production build in headless Chromium (run by
// `npm run bench`; `npm run bench:phase` alone). The machine is shared and has 2 cores:
// run it alone; it repeats each map BENCH_PHASE_RUNS times (default 3) and prints each.
//
// Maps: ReLU + He, width 64, gain 0.25..4 x depth 2..100, 24 x 24 cells, 4 seeds (the
// budget's map), and the tanh lesson's σ_w² x σ_b² at depth 30. For each: the coarse
// picture's time and the whole grid's (the worker's clock, from the job's start), and the
// page's long animation frames (> 50 ms) while the sweep runs.
import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { chromium } from '@playwright/test';

if (!existsSync(new URL('../dist/index.html', import.meta.url))) {
  console.error('dist/ is missing: npm run build first');
  process.exit(1);
}
const RUNS = Number(process.env.BENCH_PHASE_RUNS ?? 3);
const BACKEND = process.env.BENCH_PHASE_BACKEND ?? 'wasm';
const MAPS = [
  { name: 'relu gain x depth (w64, 24x24, 4 seeds)', query: `v=1&width=64&backend=${BACKEND}&view=phase&px=gain&xr=0.25,4&nx=24&py=depth&yr=2,100&ny=24&pseeds=4` },
  {
    name: 'tanh σ_w² x σ_b² (w64, depth 30, 24x24, 4 seeds)',
    query: `v=1&width=64&depth=30&act=tanh&init=xavier_normal&backend=${BACKEND}&view=phase&px=sw2&xr=0.5,4&nx=24&py=sb2&yr=0,0.2&ny=24&pseeds=4`,
  },
];

const port = await new Promise((resolve) => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1', () => {
    const { port } = srv.address();
    srv.close(() => resolve(port));
  });
});
const server = spawn(process.execPath, ['scripts/serve.mjs'], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const browser = await chromium.launch({ executablePath, args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-background-networking'] });
console.log(`Chromium ${browser.version()}, backend ${BACKEND}, ${RUNS} runs per map`);

function observe() {
  window.__loaf = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__loaf.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'long-animation-frame', buffered: true });
}

try {
  for (const map of MAPS) {
    console.log(`\n${map.name}`);
    for (let run = 1; run <= RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      await page.addInitScript(observe);
      await page.goto(`http://127.0.0.1:${port}/?${map.query}`);
      const status = page.getByTestId('phase-status');
      // Start-up ends when the first cells arrive.
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=phase-progress] progress')?.getAttribute('value') ?? 0) > 0, null, { timeout: 120_000 });
      const startedAt = await page.evaluate(() => performance.now());
      await page.waitForFunction(() => document.querySelector('[data-testid=phase-status]')?.getAttribute('data-status') === 'done', null, { timeout: 300_000 });
      const endedAt = await page.evaluate(() => performance.now());
      const text = (await status.textContent()) ?? '';
      const whole = Number(/cells in ([\d.]+) s/.exec(text)?.[1]);
      const coarse = Number(/coarse picture in ([\d.]+) s/.exec(text)?.[1]);
      const loaf = await page.evaluate(([a, b]) => window.__loaf.filter((e) => e.start >= a && e.start <= b), [startedAt, endedAt]);
      const longest = loaf.reduce((m, e) => Math.max(m, e.duration), 0);
      console.log(
        `  run ${run}: coarse picture ${coarse.toFixed(1)} s (budget 3), whole grid ${whole.toFixed(1)} s (budget 30), long animation frames during the sweep ${loaf.length} (budget 0)${loaf.length ? `, longest ${longest.toFixed(0)} ms` : ''}`,
      );
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.kill();
}
