// A sequential, colour-blind-safe palette for layers (viridis, input layer dark purple,
// output layer yellow), and fixed series colours from the Okabe-Ito set.

const VIRIDIS = [
  [68, 1, 84],
  [72, 36, 117],
  [65, 68, 135],
  [53, 95, 141],
  [42, 120, 142],
  [33, 145, 140],
  [34, 168, 132],
  [68, 191, 112],
  [122, 209, 81],
  [189, 223, 38],
  [253, 231, 37],
];

/** Colour for t in [0, 1] along viridis. */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const c = VIRIDIS[i].map((v, k) => Math.round(v + (VIRIDIS[i + 1][k] - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export function layerColor(layer: number, numLayers: number): string {
  return viridis(numLayers <= 1 ? 0.5 : layer / (numLayers - 1));
}

export const SERIES = {
  train: '#0072B2',
  test: '#D55E00',
  theory: '#CC79A7',
  measured: '#0072B2',
  before: '#E69F00',
  after: '#009E73',
  threshold: '#D55E00',
  band: 'rgba(0, 158, 115, 0.14)',
  warn: '#D55E00',
} as const;

/**
 * One style per run of a set (A, B, C, D), the same in every chart: an Okabe-Ito hue
 * (colour-blind safe) and a dash pattern, so the runs are told apart in greyscale on a
 * projector too. A is solid.
 */
export const RUN_STYLES = [
  { color: '#0072B2', dash: undefined, name: 'blue, solid' },
  { color: '#D55E00', dash: '8 4', name: 'vermilion, dashed' },
  { color: '#009E73', dash: '2 3', name: 'green, dotted' },
  { color: '#CC79A7', dash: '10 3 2 3', name: 'purple, dash-dot' },
] as const;

export const runStyle = (index: number) => RUN_STYLES[index] ?? RUN_STYLES[0];

/** Downsampling buckets per run when `runs` series share one plot: the total stays about twice one run's. */
export const runBuckets = (single: number, runs: number) => (runs <= 1 ? single : Math.max(24, Math.round((single * 2) / runs)));
