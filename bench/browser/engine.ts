// The page of the in-browser engine benchmark (run by bench/ui.bench.mjs): one worker per
// backend, so that each starts clean; results in window.__engineBench.
import type { EngineResult } from './engine.worker';

const params = new URLSearchParams(location.search);
const backends = (params.get('backends') ?? 'webgl,wasm,cpu').split(',');
const depths = (params.get('depths') ?? '20,100').split(',').map(Number);
const out = document.getElementById('out');

async function run(backend: string): Promise<EngineResult[]> {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  const result = await new Promise<EngineResult[]>((resolve) => {
    worker.onmessage = (e: MessageEvent<EngineResult[]>) => resolve(e.data);
    worker.onerror = (e) => resolve(depths.map((depth) => ({ backend, depth, bareMs: Number.NaN, instrumentedMs: Number.NaN, renderer: null, error: e.message })));
    worker.postMessage({ backend, depths });
  });
  worker.terminate();
  return result;
}

/**
 * Several runs at once (?lockstep=1,2,4): in one worker, taking turns step by step, and in
 * a worker each. Steps/s of each run, for the comparison of runs side by side.
 */
async function lockstep(counts: number[], backend: string, depth: number, seconds: number) {
  const once = (runs: number) =>
    new Promise<number[]>((resolve, reject) => {
      const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (e: MessageEvent<number[]>) => {
        worker.terminate();
        resolve(e.data);
      };
      worker.onerror = (e) => reject(new Error(e.message));
      worker.postMessage({ mode: 'interleave', backend, depth, runs, seconds });
    });
  const results: { runs: number; oneWorker: number[]; workerEach: number[] }[] = [];
  for (const runs of counts) {
    const oneWorker = (await once(runs)).map((n) => n / seconds);
    const workerEach = (await Promise.all(Array.from({ length: runs }, () => once(1)))).map(([n]) => n / seconds);
    results.push({ runs, oneWorker, workerEach });
    if (out) out.textContent = JSON.stringify(results, null, 1);
  }
  return results;
}

const counts = params.get('lockstep');
if (counts) {
  const result = await lockstep(counts.split(',').map(Number), backends[0], depths[0], Number(params.get('seconds') ?? 20));
  (window as unknown as { __engineBench: unknown }).__engineBench = result;
} else {
  const rows: EngineResult[] = [];
  for (const backend of backends) {
    rows.push(...(await run(backend)));
    if (out) out.textContent = JSON.stringify(rows, null, 1);
  }
  (window as unknown as { __engineBench: EngineResult[] }).__engineBench = rows;
}
