// What a person feels, on the production build in headless Chromium (run by `npm run bench`).
// The machine is shared and has 2 cores: run it alone, repeat it, and compare figures
// taken in one run only.
//
// For each depth (BENCH_UI_DEPTHS, default 20,100), training at full speed on wasm
// (BENCH_UI_BACKEND) for BENCH_UI_SECONDS (default 120) at 1920 x 1080 with every chart:
// - long animation frames (> 50 ms, PerformanceObserver 'long-animation-frame') per minute
//   after start-up, the longest, and where their time went (the scripts' attributions);
// - main-thread chart work per animation frame, p95 (the app's own frame scheduler
//   reports it when window.__gradscopeBench is set), and each chart's refresh rate (Hz);
// - input latency while training: the "Highlighted layer" slider is dragged back and
//   forth for 10 s; Event Timing entries give each input's time to the next paint (p95);
// - the page heap (after a forced GC) at 1 minute and at the end (long frames that
//   overlap these forced collections are counted apart: the harness causes them);
// - after the window, where the 2 cores' time goes: each thread's busy time over 10 s.
// BENCH_UI_DEBUG=1 adds each long frame's details, with the page's animation frames
// and worker messages around it.
// Then: time to the first chart point on wasm and cpu, in-browser steps/s per backend
// (bare vs instrumented, bench/browser/), bundle sizes, and the Chromium version.
//
//   BENCH_UI_SECONDS=600 BENCH_UI_DEPTHS=20 npm run bench:ui    # the 10-minute heap check
//   BENCH_UI_RUNS=4 BENCH_UI_DEPTHS=50 ...                       # a set of 4 runs side by side
//   BENCH_UI_RUNS=1,4 BENCH_UI_DEPTHS=50 ...                     # both, one after the other, and each run's steps/s ratio
//   BENCH_UI_PARTS=lockstep npm run bench:ui                     # N runs in one worker vs N workers
//   BENCH_UI_CSS=".chart-series{display:none}" ...             # what a part of the page costs (here the SVG lines)
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

const DEPTHS = (process.env.BENCH_UI_DEPTHS ?? '20,100').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_UI_SECONDS ?? 120);
const BACKEND = process.env.BENCH_UI_BACKEND ?? 'wasm';
const RUN_COUNTS = (process.env.BENCH_UI_RUNS ?? '1').split(',').map(Number);
const PARTS = (process.env.BENCH_UI_PARTS ?? 'feel,first,engine,size').split(',');

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
  args: [
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--disable-background-networking',
    '--disable-component-update',
    '--enable-precise-memory-info',
  ],
});

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : Number.NaN;
};
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '-');

/** Collected in the page from the start: long animation frames, event timings, input count. */
function instrument() {
  window.__gradscopeBench = { frames: [], paints: {}, ...(DEBUG ? { debug: [] } : {}) };
  window.__loaf = [];
  window.__events = [];
  window.__inputs = 0;
  // Input latency, measured in the page: from a pointer move (its event timestamp) to the
  // end of the next frame that could show its effect (a task queued from that frame's rAF
  // runs after its rendering). Event Timing does not report range-input drags here.
  window.__moveLatency = [];
  addEventListener(
    'pointermove',
    (e) => {
      const t = e.timeStamp;
      requestAnimationFrame(() => setTimeout(() => window.__moveLatency.push(performance.now() - t)));
    },
    true,
  );
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__loaf.push({
        start: e.startTime,
        duration: e.duration,
        scripts: e.scripts.map((s) => ({ name: `${s.invokerType}:${s.invoker}${s.sourceFunctionName ? ` ${s.sourceFunctionName}` : ''}`, duration: s.duration })),
        layout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
        render: e.renderStart ? (e.styleAndLayoutStart || e.startTime + e.duration) - e.renderStart : 0,
        blocking: e.blockingDuration,
        firstUIEvent: e.firstUIEventTimestamp ? e.firstUIEventTimestamp - e.startTime : null,
        renderAt: e.renderStart ? e.renderStart - e.startTime : null,
        desiredRenderAt: e.desiredRenderStart ? e.desiredRenderStart - e.startTime : null,
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__events.push({ name: e.name, duration: e.duration, start: e.startTime });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  addEventListener('input', () => window.__inputs++, true);
  if (DEBUG) {
    // A timeline to read around each long frame: the page's animation frame callbacks
    // ('f', when one starts) and messages from a worker ('m'). Nothing is added to what
    // the page asks of the browser.
    window.__timeline = [];
    const nativeRaf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (fn) =>
      nativeRaf((t) => {
        window.__timeline.push(['f', performance.now()]);
        fn(t);
      });
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', () => window.__timeline.push(['m', performance.now()]));
      }
    };
  }
}

async function heapMB(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

/**
 * Where the machine's time goes: the busy time of each thread, as cores, from a trace of
 * the browser's top-level tasks (the training worker, the page's main thread, raster,
 * which shares its threads with V8's background compilers and GC, the compositors).
 */
async function coresInUse(cdp, seconds) {
  const events = [];
  const collect = ({ value }) => {
    for (const e of value) if (e.ph === 'X' || e.ph === 'M') events.push(e);
  };
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['toplevel'], excludedCategories: ['*'] } });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', collect);
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const busy = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !/RunTask/.test(e.name)) continue;
    const name = names.get(`${e.pid}:${e.tid}`) ?? '?';
    busy.set(name, (busy.get(name) ?? 0) + (e.dur ?? 0));
  }
  const of = (name) => ((busy.get(name) ?? 0) / 1e6 / seconds).toFixed(2);
  const total = [...busy.values()].reduce((a, b) => a + b, 0) / 1e6 / seconds;
  return `training worker ${of('DedicatedWorker thread')}, main ${of('CrRendererMain')}, raster and V8 background ${of('ThreadPoolForegroundWorker')}, display compositor ${of('VizCompositorThread')}, page compositor ${of('Compositor')}; all ${total.toFixed(2)}`;
}

async function dragSlider(page, seconds) {
  // The per-site chart's slider: layers (MLP) or time steps (RNN).
  const slider = page.getByLabel(/^Highlighted (layer|time step)$/);
  const t0 = Date.now();
  let sweeps = 0;
  while (Date.now() - t0 < seconds * 1000) {
    // Where the slider is now (the page may have moved since the last sweep).
    await slider.scrollIntoViewIfNeeded();
    const box = await slider.boundingBox();
    if (!box) break;
    const y = box.y + box.height / 2;
    const forward = sweeps % 2 === 0;
    const at = (t) => box.x + 4 + (forward ? t : 1 - t) * (box.width - 8);
    await page.mouse.move(at(0), y);
    await page.mouse.down();
    for (let i = 0; i <= 40; i++) {
      await page.mouse.move(at(i / 40), y);
      await page.waitForTimeout(25);
    }
    await page.mouse.up();
    sweeps++;
  }
  return sweeps;
}

async function feel(depth, RUNS) {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const cdp = await page.context().newCDPSession(page);
  await page.addInitScript(`const DEBUG = ${Boolean(process.env.BENCH_UI_DEBUG)}; (${instrument})()`);
  // N runs: A and N - 1 variants that copy it (b.name=B...), so each run costs what A does.
  const runs = ['b', 'c', 'd'].slice(0, Math.max(0, RUNS - 1)).map((l) => `&${l}.name=${l.toUpperCase()}`).join('');
  await page.goto(`${base}?depth=${depth}&width=32&backend=${BACKEND}${runs}${process.env.BENCH_UI_QUERY ?? ''}`);
  if (process.env.BENCH_UI_CSS) await page.addStyleTag({ content: process.env.BENCH_UI_CSS });
  if (RUNS > 1 && !(await page.locator(`[data-testid=app][data-run-count="${RUNS}"]`).waitFor({ timeout: 15_000 }).then(() => true, () => false))) {
    throw new Error(`BENCH_UI_RUNS=${RUNS}: this build shows no run set of ${RUNS} runs (data-run-count)`);
  }
  const stepCount = () => page.evaluate(() => Number(document.querySelector('[data-testid=step-count]')?.textContent ?? 0));
  while ((await stepCount()) < 20) await page.waitForTimeout(200);
  // Start-up is over: the first frames have landed and every chart has drawn.
  await page.waitForTimeout(2000);
  const after = await page.evaluate(() => {
    window.__gradscopeBench.frames.length = 0;
    if (window.__gradscopeBench.debug) window.__gradscopeBench.debug.length = 0;
    window.__gradscopeBench.paints = {};
    window.__gradscopeBench.tasks = {};
    return performance.now();
  });
  const t0 = Date.now();
  const steps0 = await stepCount();
  let heap1 = Number.NaN;
  // The harness's own forced collections stop the page's main thread: the long frames
  // they cause are left out (and counted apart), since no person's page ever has them.
  const gcWindows = [];
  const heapNow = async () => {
    const from = await page.evaluate(() => performance.now());
    const mb = await heapMB(cdp);
    gcWindows.push([from, await page.evaluate(() => performance.now())]);
    return mb;
  };
  let dragged = false;
  let inputWindow = null;
  while (Date.now() - t0 < SECONDS * 1000) {
    const elapsed = (Date.now() - t0) / 1000;
    if (!dragged && elapsed >= Math.min(60, SECONDS / 2)) {
      dragged = true;
      const before = await page.evaluate(() => ({ n: window.__inputs, t: performance.now(), m: window.__moveLatency.length }));
      await dragSlider(page, 10);
      await page.waitForTimeout(300);
      const end = await page.evaluate(() => ({ n: window.__inputs, t: performance.now(), m: window.__moveLatency.length }));
      inputWindow = { from: before.t, to: end.t, inputs: end.n - before.n, moves: end.m - before.m };
    }
    if (Number.isNaN(heap1) && elapsed >= Math.min(60, SECONDS)) heap1 = await heapNow();
    await page.waitForTimeout(1000);
  }
  const seconds = (Date.now() - t0) / 1000;
  const heapEnd = await heapNow();
  const r = await page.evaluate(({ after, gcWindows }) => {
    const inWindow = window.__loaf.filter((e) => e.start > after);
    const byGc = (e) => gcWindows.some(([from, to]) => e.start < to && e.start + e.duration > from);
    const loaf = inWindow.filter((e) => !byGc(e));
    const gcLoaf = inWindow.length - loaf.length;
    const b = window.__gradscopeBench;
    const debug = b.debug ? b.debug.slice().sort((x, y) => y.workMs - x.workMs).slice(0, 25) : null;
    const near = (e) => (window.__timeline ?? []).filter(([, t]) => t > e.start - 150 && t < e.start + e.duration + 50).map(([k, t]) => `${k}${(t - e.start).toFixed(0)}`).join(' ');
    for (const e of loaf) if (window.__timeline) e.timeline = near(e);
    return { debug, loaf, gcLoaf, frames: b.frames, paints: b.paints, tasks: b.tasks ?? {}, events: window.__events, moves: window.__moveLatency };
  }, { after, gcWindows });
  const steps = (await stepCount()) - steps0;
  const status = await page.getByTestId('run-status').textContent();
  const cores = await coresInUse(cdp, 10);
  await page.close();

  const minutes = seconds / 60;
  console.log(`depth ${depth}, ${RUNS} run(s), ${BACKEND}, ${seconds.toFixed(0)} s, ${steps} steps (${(steps / seconds).toFixed(0)} steps/s), status at the end: ${status}`);
  const longest = r.loaf.reduce((a, e) => Math.max(a, e.duration), 0);
  console.log(`  long animation frames: ${(r.loaf.length / minutes).toFixed(1)} per minute (${r.loaf.length}), longest ${longest.toFixed(0)} ms  [budget 0]${r.gcLoaf ? `; and ${r.gcLoaf} while the harness forced a GC (left out)` : ''}`);
  if (r.loaf.length) {
    const by = new Map();
    for (const e of r.loaf) {
      let scripts = 0;
      for (const s of e.scripts) {
        by.set(s.name, (by.get(s.name) ?? 0) + s.duration);
        scripts += s.duration;
      }
      by.set('(style, layout and paint)', (by.get('(style, layout and paint)') ?? 0) + e.layout);
      by.set('(not in any script: rendering, GC, idle in the frame)', (by.get('(not in any script: rendering, GC, idle in the frame)') ?? 0) + Math.max(0, e.duration - scripts - e.layout));
    }
    const total = r.loaf.reduce((a, e) => a + e.duration, 0);
    const top = [...by].sort((a, b) => b[1] - a[1]).slice(0, 4);
    for (const [name, ms] of top) console.log(`    ${((100 * ms) / total).toFixed(0)}% ${name.slice(0, 110)}`);
  }
  if (r.debug) for (const f of r.debug.slice(0, 8)) console.log(`    frame ${f.workMs.toFixed(1)} ms: ${f.ran}`);
  if (process.env.BENCH_UI_DEBUG) for (const e of r.loaf) console.log(`    long frame ${JSON.stringify(e)}`);
  const frames = r.frames;
  console.log(
    `  chart work per animation frame: p50 ${f1(percentile(frames, 50))} ms, p95 ${f1(percentile(frames, 95))} ms, max ${f1(Math.max(0, ...frames))} ms over ${frames.length} frames  [budget p95 <= 8]`,
  );
  const tasks = Object.entries(r.tasks)
    .sort((a, b) => b[1][1] - a[1][1])
    .map(([id, [n, total, max]]) => `${id} ${(total / n).toFixed(1)}/${max.toFixed(0)}`)
    .join(', ');
  console.log(`  per task, mean/max ms: ${tasks}`);
  const hz = Object.entries(r.paints)
    .map(([chart, n]) => `${chart} ${(n / seconds).toFixed(1)}`)
    .join(', ');
  console.log(`  chart refresh (Hz): ${hz || 'none reported'}  [budget >= ${depth <= 20 ? 20 : 10}]`);
  console.log('    (a ":cells" or ":lines" canvas paints only when a kept history row arrives: once the history strides, less often than data comes)');
  if (inputWindow) {
    const moves = [];
    // The moves of the drag window (recorded in order; the window's share of them).
    const all = r.moves;
    const inDrag = all.slice(Math.max(0, all.length - inputWindow.moves));
    moves.push(...inDrag);
    const ev = r.events.filter((e) => e.start >= inputWindow.from && e.start <= inputWindow.to && (e.name === 'pointerdown' || e.name === 'pointerup'));
    console.log(
      `  slider drag: ${inputWindow.inputs} input events; pointer move to next frame p50 ${f1(percentile(moves, 50))} ms, p95 ${f1(percentile(moves, 95))} ms, max ${f1(Math.max(0, ...moves))} ms over ${moves.length} moves; Event Timing pointerdown/up: ${ev.map((e) => e.duration).join(', ') || 'all < 16'} ms  [budget p95 <= 100]`,
    );
  }
  console.log(`  cores in use after the window (10 s trace, of 2): ${cores}`);
  console.log(`  page heap after GC: ${f1(heap1)} MB at 1 min, ${f1(heapEnd)} MB at ${(seconds / 60).toFixed(1)} min (ratio ${(heapEnd / heap1).toFixed(2)})  [budget <= 1.2 at 10 min]`);
  return steps / seconds;
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

/** bench/browser/: the training step in a worker of its own, per backend, bare vs instrumented. */
async function engine() {
  const page = await browser.newPage();
  await page.goto(`${base}bench/engine.html`);
  const result = await page.waitForFunction(() => window.__engineBench, null, { timeout: 600_000, polling: 1000 });
  const rows = await result.jsonValue();
  await page.close();
  console.log('in-browser training step (width 32, batch 64, relu + he_normal, sgd; medians of interleaved blocks)');
  console.log('  backend depth  bare steps/s  instrumented steps/s  instrumented/bare time  [budget <= 1.10 on wasm and cpu]');
  for (const r of rows) {
    if (r.error) {
      console.log(`  ${r.backend.padEnd(7)} ${String(r.depth).padStart(5)}  ${r.error}`);
      continue;
    }
    console.log(
      `  ${r.backend.padEnd(7)} ${String(r.depth).padStart(5)}  ${(1000 / r.bareMs).toFixed(1).padStart(12)}  ${(1000 / r.instrumentedMs).toFixed(1).padStart(20)}  ${(r.instrumentedMs / r.bareMs).toFixed(3).padStart(22)}${r.renderer ? `  (${r.renderer})` : ''}`,
    );
  }
}

/** Several runs at once (for runs side by side): one worker taking turns vs a worker each. */
async function lockstep() {
  const page = await browser.newPage();
  const backend = process.env.BENCH_UI_BACKEND ?? 'wasm';
  const depth = Number(process.env.BENCH_UI_LOCKSTEP_DEPTH ?? 50);
  await page.goto(`${base}bench/engine.html?lockstep=1,2,4&backends=${backend}&depths=${depth}&seconds=20`);
  const result = await page.waitForFunction(() => window.__engineBench, null, { timeout: 600_000, polling: 1000 });
  const rows = await result.jsonValue();
  await page.close();
  const one = rows.find((r) => r.runs === 1)?.oneWorker[0] ?? Number.NaN;
  console.log(`runs at once, depth ${depth} on ${backend}: steps/s of each run (ratio to one run alone x N)`);
  for (const r of rows) {
    const f = (xs) => xs.map((x) => `${x.toFixed(1)} (${((x * r.runs) / one).toFixed(2)})`).join(', ');
    console.log(`  ${r.runs} run(s): one worker taking turns: ${f(r.oneWorker)}; a worker each: ${f(r.workerEach)}`);
  }
}

try {
  console.log(`Chromium ${browser.version()}, ${process.env.BENCH_UI_NOTE ?? 'headless'}`);
  if (PARTS.includes('size')) {
    const assets = readdirSync(new URL('assets/', dist));
    const pageJs = assets.filter((f) => f.endsWith('.js') && !f.includes('.worker'));
    const workerJs = assets.filter((f) => f.includes('.worker') && f.endsWith('.js'));
    const gz = (files) => files.reduce((a, f) => a + gzipSync(readFileSync(new URL(`assets/${f}`, dist))).length, 0);
    // What the page loads at once (index.html's script and its preloads) and what it loads on demand.
    const html = readFileSync(new URL('index.html', dist), 'utf8');
    const initial = pageJs.filter((f) => html.includes(`assets/${f}`));
    const lazy = pageJs.filter((f) => !initial.includes(f));
    const hasTf = initial.some((f) => /tfjs-core|MathBackendWebGL|registerKernel/.test(readFileSync(new URL(`assets/${f}`, dist), 'utf8')));
    const kib = (files) => `${(gz(files) / 1024).toFixed(1)} KiB`;
    const lessons = lazy.filter((f) => /^(GuidePanel|en|zh-CN)-/.test(f));
    console.log(`page JavaScript at load: ${kib(initial)} gzipped; tfjs in it: ${hasTf ? 'YES' : 'no'}; worker chunks: ${kib(workerJs)}`);
    console.log(`  on demand: ${kib(lazy)} in all; the lessons (panel, KaTeX, one language's texts): ${kib(lessons.filter((f) => !f.startsWith('zh-CN')))}; ${lazy.map((f) => `${f} ${kib([f])}`).join(', ')}`);
  }
  if (PARTS.includes('feel')) {
    for (const depth of DEPTHS) {
      const rates = [];
      for (const runs of RUN_COUNTS) rates.push({ runs, rate: await feel(depth, runs) });
      const one = rates.find((r) => r.runs === 1);
      if (one && rates.length > 1) {
        for (const r of rates.filter((x) => x.runs > 1)) {
          console.log(`  depth ${depth}: each of ${r.runs} runs at ${r.rate.toFixed(1)} steps/s = ${((r.rate * r.runs) / one.rate).toFixed(2)} x 1/${r.runs} of one run's ${one.rate.toFixed(1)}  [budget >= 0.90]`);
        }
      }
    }
  }
  if (PARTS.includes('first')) {
    for (const backend of ['wasm', 'cpu']) {
      const { ms, badge } = await firstPoint(backend);
      console.log(`first chart point on ${badge}: ${ms.toFixed(0)} ms after navigation  [budget 2000]`);
    }
  }
  if (PARTS.includes('lockstep')) await lockstep();
  if (PARTS.includes('engine')) {
    if (existsSync(new URL('bench/engine.html', dist))) await engine();
    else console.log('in-browser engine benchmark: dist/bench/engine.html is missing (npm run bench:ui builds it)');
  }
} finally {
  await browser.close();
  server.kill();
}
