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

const rows: EngineResult[] = [];
for (const backend of backends) {
  rows.push(...(await run(backend)));
  if (out) out.textContent = JSON.stringify(rows, null, 1);
}
(window as unknown as { __engineBench: EngineResult[] }).__engineBench = rows;
