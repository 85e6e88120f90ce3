// Subscriptions to the run history for charts. The expensive part of a chart (recharts'
// axes) re-renders only when a small derived value (its domain) changes; the series
// subscribe to every history version themselves, optionally staggered so that heavy
// charts take turns (each store update then renders at most one of them).

import { useRef } from 'react';
import type { RunHistory } from '../../store/history';
import { useStore } from '../../store/store';

/** Re-render on every `every`-th history version, offset by `phase`. */
export interface Cadence {
  every: number;
  phase: number;
}

/**
 * Who redraws on which store update (history version v). Each heavy chart redraws on
 * every third update, one per update: the per-layer norms on v ≡ 0, the heatmap on v ≡ 1,
 * the update ratios on v ≡ 2 (mod 3). The loss and global-norm curves redraw on every
 * other update. A change of axes makes recharts lay out the whole chart again (several
 * ms), so each chart takes new domains only in its own slot: the line charts when they
 * redraw anyway, the others on separate heatmap turns (the cheapest heavy redraw), so no
 * update pays for two. The newest data may sit outside the axes for up to 12 updates
 * (under a second) after a domain change; once the run stops, every chart catches up.
 */
export const SCHEDULE = {
  layerNorms: { every: 3, phase: 0 },
  heatmap: { every: 3, phase: 2 },
  updateRatio: { every: 3, phase: 1 },
  lossCurves: { every: 2, phase: 0 },
  normCurves: { every: 2, phase: 1 },
  /** v ≡ 4, 1 and 7 (mod 12): heatmap turns. */
  lossAxes: { every: 12, phase: 8 },
  normAxes: { every: 12, phase: 11 },
  flowAxes: { every: 12, phase: 5 },
} as const satisfies Record<string, Cadence>;

/** Whether history version `version` is a turn of `cadence`. */
export const isTurn = (version: number, cadence: Cadence) => (version + cadence.phase) % cadence.every === 0;

/**
 * The history and a version number that changes at the cadence (every version by
 * default). The cadence applies while training runs; once the run stops (paused,
 * diverged) every chart catches up with the newest version.
 */
export function useLiveHistory(cadence?: Cadence): { history: RunHistory; version: number } {
  const history = useStore((s) => s.history);
  const version = useStore((s) =>
    cadence && s.status === 'running' ? -1 - Math.floor((s.historyVersion + cadence.phase) / cadence.every) : s.historyVersion,
  );
  return { history, version };
}

/**
 * A primitive derived from the history: the component re-renders only when it changes.
 * `select` runs on every store update (with `cadence`, only on its turns while training
 * runs: the value in between is the last one, unless the run or `key`, naming whatever
 * else the selection depends on, changed), so it must be cheap (a scan of a column is
 * fine).
 */
export function useLiveSelect<T extends string | number | boolean | null>(select: (history: RunHistory) => T, cadence?: Cadence, key = ''): T {
  const last = useRef<{ value: T; key: string; history: RunHistory } | null>(null);
  return useStore((s) => {
    const cached = last.current;
    const fresh = cached && cached.key === key && cached.history === s.history;
    if (fresh && cadence && s.status === 'running' && !isTurn(s.historyVersion, cadence)) return cached.value;
    const value = select(s.history);
    last.current = { value, key, history: s.history };
    return value;
  });
}

/** "lo,hi" of a domain, for useLiveSelect. */
export const domainKey = (d: readonly [number, number]) => `${d[0]},${d[1]}`;
export const parseDomain = (key: string): [number, number] => {
  const [lo, hi] = key.split(',').map(Number);
  return [lo, hi];
};

/**
 * A log domain with hysteresis: it grows at once to fit new data, but shrinks only when
 * the data fill less than 40% of it (in decades). Noisy values would otherwise flip a
 * 1-2-5 bound back and forth and re-lay-out the axes on every other step.
 */
export function stickyLogDomain(previous: readonly [number, number] | null, next: readonly [number, number]): [number, number] {
  if (!previous) return [next[0], next[1]];
  const [plo, phi] = previous;
  const inside = next[0] >= plo && next[1] <= phi;
  const fill = Math.log10(next[1] / next[0]) / Math.log10(phi / plo);
  return inside && fill >= 0.4 ? [plo, phi] : [next[0], next[1]];
}

export function useStickyLogDomain(next: readonly [number, number]): [number, number] {
  const ref = useRef<[number, number] | null>(null);
  ref.current = stickyLogDomain(ref.current, next);
  return ref.current;
}
