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
 * `select` runs on every store update, so it must be cheap (a scan of a column is fine).
 */
export function useLiveSelect<T extends string | number | boolean | null>(select: (history: RunHistory) => T): T {
  return useStore((s) => {
    void s.historyVersion;
    return select(s.history);
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
