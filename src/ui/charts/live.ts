// How charts follow the run history. Nothing a chart draws is rendered on a store
// update: each chart has a turn in the frame loop (ui/frameLoop.ts), taken when the
// history has changed since its last one, and within the frame's budget. React charts
// re-render on their turn; LiveSeries (ChartSeries.tsx) sets its SVG paths' attributes on
// its own turn without React, and canvas layers draw the new rows on theirs.
// A selection (useTurnSelect) re-renders its component only when its value changes, so
// recharts lays the axes out again only when a domain changes.

import { useEffect, useRef } from 'react';
import { flushSync } from 'react-dom';
import { create } from 'zustand';
import type { RunHistory } from '../../store/history';
import { useStore } from '../../store/store';
import { frameLoop } from '../frameLoop';
import { useOnScreen } from '../onScreen';
import { niceLog, stepDomain } from './scale';

/** The turn count of each chart. */
const useTurns = create<Record<string, number>>(() => ({}));

/**
 * Gives chart `id` a turn in the frame loop whenever the history has changed since its
 * last one. Call it once per chart; read the turns with useTurn or useTurnSelect.
 */
export function useTurnTask(id: string): void {
  const onScreen = useOnScreen();
  useEffect(() => {
    let seen = -1;
    return frameLoop.add({
      id,
      pending: () => useStore.getState().historyVersion !== seen,
      run: () => {
        seen = useStore.getState().historyVersion;
        flushSync(() => useTurns.setState((turns) => ({ [id]: (turns[id] ?? 0) + 1 })));
        return true;
      },
    }, onScreen);
  }, [id, onScreen]);
}

/** Chart `id`'s turn count: the component re-renders on each of its turns. */
export function useTurn(id: string): number {
  return useTurns((turns) => turns[id] ?? 0);
}

/**
 * A primitive derived from run `run`'s history (0 = A), recomputed on chart `id`'s turns
 * (and when the run or `key`, naming whatever else the selection depends on, changes):
 * the component re-renders only when the value changes. `select` must be cheap (a scan
 * of a column is).
 */
export function useTurnSelect<T extends string | number | boolean | null>(id: string, select: (history: RunHistory) => T, key = '', run = 0): T {
  return useTurnSelectRuns(id, (histories) => select(histories[Math.min(run, histories.length - 1)]), `${key}|${run}`);
}

/** Like useTurnSelect, over every run's history (A first): for axes and colour scales the runs share. */
export function useTurnSelectRuns<T extends string | number | boolean | null>(id: string, select: (histories: RunHistory[]) => T, key = ''): T {
  const runs = useStore((s) => s.histories);
  const last = useRef<{ value: T; key: string; runs: unknown; turn: number } | null>(null);
  return useTurns((turns) => {
    const turn = turns[id] ?? 0;
    const cached = last.current;
    if (cached && cached.turn === turn && cached.key === key && cached.runs === runs) return cached.value;
    const value = select(runs);
    last.current = { value, key, runs, turn };
    return value;
  });
}

/** The end of the step axis every run shares: the newest step of any run, rounded up (scale.stepDomain). */
export const sharedStepMax = (histories: readonly RunHistory[]): number => stepDomain(Math.max(...histories.map((h) => h.lastStep)))[1];

/** The union of "lo,hi" domain keys (one per run). */
export function unionDomain(domains: readonly (readonly [number, number])[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const [a, b] of domains) {
    if (a < lo) lo = a;
    if (b > hi) hi = b;
  }
  return [lo, hi];
}

/** "lo,hi" of a domain, for useLiveSelect. */
export const domainKey = (d: readonly [number, number]) => `${d[0]},${d[1]}`;
export const parseDomain = (key: string): [number, number] => {
  const [lo, hi] = key.split(',').map(Number);
  return [lo, hi];
};

/**
 * A log domain with hysteresis: it grows at once to fit new data, and shrinks only when
 * the data fill less than a quarter of it (in decades). When it grows it keeps what it
 * covered (the union with the new data) and takes a step more on the side that grew: a
 * decade on a wide domain (over two decades), a 1-2-5 step on a narrow one. When it
 * shrinks it keeps that margin on both sides. A value that jumps back and forth (the
 * newest step's gradient profile moves by half a decade from one step to the next)
 * would otherwise move a bound every few steps, and each move re-lays-out the axes
 * (recharts: 10-25 ms under software rendering).
 */
export function stickyLogDomain(previous: readonly [number, number] | null, next: readonly [number, number]): [number, number] {
  if (!previous) return [next[0], next[1]];
  const [plo, phi] = previous;
  const inside = next[0] >= plo && next[1] <= phi;
  const fill = Math.log10(next[1] / next[0]) / Math.log10(phi / plo);
  if (inside && fill >= 0.25) return [plo, phi];
  const wide = Math.log10(next[1] / next[0]) > 2;
  const below = (v: number) => (wide ? 10 ** (Math.round(Math.log10(v)) - 1) : niceLog(v * 0.99, false));
  const above = (v: number) => (wide ? 10 ** (Math.round(Math.log10(v)) + 1) : niceLog(v * 1.01, true));
  if (inside) return [below(next[0]), above(next[1])];
  const lo = next[0] < plo ? below(next[0]) : plo;
  const hi = next[1] > phi ? above(next[1]) : phi;
  return [lo, hi];
}

export function useStickyLogDomain(next: readonly [number, number]): [number, number] {
  const ref = useRef<[number, number] | null>(null);
  ref.current = stickyLogDomain(ref.current, next);
  return ref.current;
}
