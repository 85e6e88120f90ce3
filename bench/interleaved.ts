// Timing several variants of one operation side by side: after `warmup` runs of each,
// `rounds` rounds in which each variant runs `block` times in a row; each variant's
// figure is its median block (ms per run). Interleaving keeps a noisy, shared machine's
// drift out of the ratios. Used by the Node and the in-browser engine benchmarks.

export type Variant = readonly [name: string, run: () => Promise<unknown>];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function interleavedMedians(variants: readonly Variant[], rounds: number, block: number, warmup: number): Promise<number[]> {
  for (const [, run] of variants) for (let i = 0; i < warmup; i++) await run();
  const blocks = variants.map((): number[] => []);
  for (let r = 0; r < rounds; r++) {
    for (const [k, [, run]] of variants.entries()) {
      const t0 = performance.now();
      for (let i = 0; i < block; i++) await run();
      blocks[k].push((performance.now() - t0) / block);
    }
  }
  return blocks.map(median);
}
