// Small multiples for a run set: one panel per run, side by side, each captioned with
// the run's key (its colour and dash, as in the overlaid charts) and label. With a
// single run there is one panel and no caption: the chart looks as it always did.
import type { ReactNode } from 'react';
import { runLabel, useStore } from '../../store/store';
import { StaggerPanel } from './ChartFrame';
import { runStyle } from './palette';

/** A run's key: a short stroke in the run's colour and dash, then its letter. */
export function RunKey({ index, label }: { index: number; label?: string }) {
  const style = runStyle(index);
  const letter = useStore((s) => s.runs[index]?.letter ?? 'a');
  const variants = useStore((s) => s.variants);
  return (
    <span className="run-key" data-run={letter}>
      <svg width="26" height="10" aria-hidden="true" className="run-key-line">
        <line x1="1" y1="5" x2="25" y2="5" stroke={style.color} strokeWidth="3" strokeDasharray={style.dash} />
      </svg>
      <strong>{label ?? runLabel(letter, variants)}</strong>
    </span>
  );
}

/** One panel per run of the set; `height` is each panel's plot height. */
export function RunPanels({ children }: { children: (run: number) => ReactNode }) {
  const count = useStore((s) => s.runs.length);
  if (count <= 1) return <>{children(0)}</>;
  return (
    <div className="run-panels" data-runs={count}>
      {Array.from({ length: count }, (_, run) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a panel is the run at its place in the set
        <figure key={run} className="run-panel" data-run-index={run}>
          <figcaption>
            <RunKey index={run} />
          </figcaption>
          <StaggerPanel.Provider value={run > 0}>{children(run)}</StaggerPanel.Provider>
        </figure>
      ))}
    </div>
  );
}

/** The plot height of one panel when `count` panels share a card. */
export const panelHeight = (count: number, single = 220) => (count <= 1 ? single : count === 2 ? 170 : 150);
