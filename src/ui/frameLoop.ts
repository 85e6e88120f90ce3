// One animation-frame loop for everything the charts draw, with a budget per frame.
//
// Each frame first lands the frames the worker sent (the training client's flush), then
// serves the charts that have something new, the one served longest ago first, while
// each one's usual cost still fits in FRAME_BUDGET_MS of main-thread time; the rest wait
// for the next frame. When
// there is more to draw than fits, charts refresh less often; input is never kept
// waiting behind more than one frame's budget of chart work. A task that can split its
// work (a full redraw of 100 lines) checks the deadline it is given and goes on next
// frame. In a background tab only the flush runs (on a timer: rAF does not fire there);
// a chart whose card is out of view waits until it is back (ui/onScreen.ts).

/**
 * Chart work per frame, aimed at: 6 ms, so that the cost estimates' misses still keep
 * a frame's chart work under about 8 ms.
 */
export const FRAME_BUDGET_MS = 6;

export interface FrameTask {
  /** Names the task in the benchmark's refresh rates. */
  readonly id: string;
  /** Whether it has something to draw. */
  pending(): boolean;
  /**
   * Draws, stopping where it can once performance.now() passes `deadline` (it then stays
   * pending). Returns true when it put something new on screen.
   */
  run(deadline: number): boolean;
}

export interface FrameLoopDeps {
  now(): number;
  requestFrame(fn: () => void): void;
  /** For a hidden page, where animation frames do not come. */
  setTimer(fn: () => void, ms: number): void;
  hidden(): boolean;
}

/**
 * What the UI benchmark reads (bench/ui.bench.mjs sets window.__gradscopeBench). Kept
 * small (a number a frame), since the heap is measured with it in place; `debug` adds
 * what ran in each frame.
 */
interface BenchProbe {
  /** Chart work of each frame that did any, ms. */
  frames: number[];
  debug?: { workMs: number; ran: string }[];
  paints: Record<string, number>;
  /** Per task: [runs, total ms, max ms]. */
  tasks?: Record<string, [number, number, number]>;
}

const benchProbe = () => (globalThis as { __gradscopeBench?: BenchProbe }).__gradscopeBench;

function recordTask(probe: BenchProbe, id: string, ms: number): void {
  probe.tasks ??= {};
  const stat = probe.tasks[id] ?? [0, 0, 0];
  stat[0]++;
  stat[1] += ms;
  stat[2] = Math.max(stat[2], ms);
  probe.tasks[id] = stat;
}

export interface FrameLoop {
  /**
   * Adds a task; with `where`, it takes turns only while `where.visible` (its chart card
   * is on screen: ui/onScreen.ts), and catches up when it is again.
   */
  add(task: FrameTask, where?: { readonly visible: boolean }): () => void;
  /** Asks for a frame (something became pending). */
  wake(): void;
  /** Runs `fn` at the start of the next frame, before the charts, inside the budget. */
  first(fn: () => void): void;
  /** One frame now (tests, and the loop itself). */
  runFrame(): void;
}

export function createFrameLoop(deps: FrameLoopDeps, budgetMs = FRAME_BUDGET_MS): FrameLoop {
  /** `cost`: what a run of the task is expected to take, to predict whether it fits. */
  const tasks: { task: FrameTask; served: number; cost: number; where?: { readonly visible: boolean } }[] = [];
  let firsts: (() => void)[] = [];
  let requested = false;
  let frameIndex = 0;

  const request = () => {
    if (requested) return;
    requested = true;
    if (deps.hidden()) deps.setTimer(tick, 100);
    else deps.requestFrame(tick);
  };

  const tick = () => {
    requested = false;
    runFrame();
  };

  function runFrame() {
    const start = deps.now();
    const deadline = start + budgetMs;
    let worked = firsts.length > 0;
    const calls = firsts;
    firsts = [];
    for (const fn of calls) fn();
    const probe = benchProbe();
    if (probe && calls.length > 0) recordTask(probe, '(frames from the worker)', deps.now() - start);
    const hidden = deps.hidden();
    let more = false;
    if (!hidden) {
      frameIndex++;
      // Least recently served first, so that every chart gets its turn under load.
      const order = tasks.filter((t) => (t.where?.visible ?? true) && t.task.pending()).sort((a, b) => a.served - b.served);
      let ran = 0;
      let ranIds = '';
      for (const entry of order) {
        // After the first task, only those expected to fit in what is left of the budget.
        if (ran > 0 && deps.now() + entry.cost >= deadline) {
          more = true;
          continue;
        }
        entry.served = frameIndex;
        const t0 = deps.now();
        const painted = entry.task.run(deadline);
        const ms = deps.now() - t0;
        // A slowly decaying maximum: a task that was slow once is trusted again only gradually.
        entry.cost = Math.max(ms, entry.cost * 0.8);
        if (probe) {
          if (probe.debug) ranIds += `${entry.task.id}:${ms.toFixed(1)} `;
          recordTask(probe, entry.task.id, ms);
        }
        ran++;
        worked = true;
        if (painted && probe) probe.paints[entry.task.id] = (probe.paints[entry.task.id] ?? 0) + 1;
        if (entry.task.pending()) more = true;
      }
      if (worked && probe) {
        const workMs = deps.now() - start;
        probe.frames.push(workMs);
        probe.debug?.push({ workMs, ran: ranIds });
      }
    } else if (tasks.some((t) => t.task.pending())) {
      more = true;
    }
    if (more && !hidden) request();
  }

  return {
    add(task, where) {
      const entry = { task, served: 0, cost: 0, where };
      tasks.push(entry);
      request();
      return () => {
        const i = tasks.indexOf(entry);
        if (i >= 0) tasks.splice(i, 1);
      };
    },
    wake: request,
    first(fn) {
      firsts.push(fn);
      request();
    },
    runFrame,
  };
}

const browser = typeof window !== 'undefined' && typeof document !== 'undefined';

/** The page's loop. */
export const frameLoop: FrameLoop = createFrameLoop({
  now: () => performance.now(),
  requestFrame: (fn) => (browser && typeof requestAnimationFrame === 'function' ? requestAnimationFrame(fn) : setTimeout(fn, 16)),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  hidden: () => browser && document.hidden,
});

if (browser) document.addEventListener('visibilitychange', () => !document.hidden && frameLoop.wake());
