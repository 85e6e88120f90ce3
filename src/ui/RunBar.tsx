import type { TrainingClient } from '../client/trainingClient';
import { shownRun, useStore } from '../store/store';
import { useHistory } from './useHistory';
import { RunKey } from './charts/RunPanels';
import { formatNumber } from './charts/scale';

const SPEEDS = [
  { value: 0, label: 'max' },
  { value: 100, label: '100 steps/s' },
  { value: 20, label: '20 steps/s' },
  { value: 5, label: '5 steps/s' },
];

export function RunBar({ client }: { client: TrainingClient }) {
  const status = useStore((s) => s.status);
  const wantsRunning = useStore((s) => s.wantsRunning);
  const setWantsRunning = useStore((s) => s.setWantsRunning);
  const reset = useStore((s) => s.reset);
  const speed = useStore((s) => s.speed);
  const setSpeed = useStore((s) => s.setSpeed);
  // The loss and accuracy shown are the selected run's; the step count is the set's
  // (runs advance in lockstep; one that diverged stays at its last step).
  const selected = useStore((s) => shownRun(s));
  const runCount = useStore((s) => s.runs.length);
  const diverged = useStore((s) => s.runs.every((r) => r.health?.status === 'diverged'));
  const { history, version } = useHistory(selected);
  const step = useStore((s) => Math.max(...s.runs.map((r) => r.history.lastStep))) + 1;
  void version;
  const tabHidden = useStore((s) => s.tabHidden);
  // While a fresh set starts (after Reset), the button already acts on what is wanted.
  const running = status === 'booting' ? wantsRunning : status === 'running';
  const loss = history.latestScalar('loss');
  const accuracy = history.latestScalar('accuracy');
  return (
    <div className="run-bar" role="toolbar" aria-label="Training">
      <button
        type="button"
        className="primary"
        data-testid="play-pause"
        onClick={() => {
          if (running) {
            setWantsRunning(false);
          } else {
            // Paused by divergence, the person may still "want" it running: toggle through.
            if (wantsRunning) setWantsRunning(false);
            setWantsRunning(true);
          }
        }}
        aria-pressed={running}
        disabled={status === 'error'}
      >
        {running ? 'Pause' : 'Play'}
      </button>
      <button type="button" data-testid="step" onClick={() => client.step(1)} disabled={status === 'error' || diverged}>
        Step
      </button>
      <button type="button" data-testid="reset" onClick={reset} disabled={status === 'error'}>
        Reset
      </button>
      <label className="speed">
        Speed{' '}
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <output className="run-readout" aria-live="off">
        <span>
          step <strong data-testid="step-count">{step}</strong>
        </span>
        {runCount > 1 && <RunKey index={selected} />}
        <span>
          loss <strong data-testid="loss">{history.stepsSeen > 0 ? formatNumber(loss, 4) : '–'}</strong>
        </span>
        {!Number.isNaN(accuracy) && (
          <span>
            accuracy <strong>{formatNumber(accuracy * 100, 3)}%</strong>
          </span>
        )}
        <span className={`status status-${status}`} data-testid="run-status">
          {status === 'paused' && diverged ? 'paused: diverged' : status === 'paused' && tabHidden && wantsRunning ? 'paused: tab hidden' : status}
        </span>
      </output>
    </div>
  );
}
