import type { TrainingClient } from '../client/trainingClient';
import { shownRun, useStore } from '../store/store';
import { useHistory } from './useHistory';
import { RunKey } from './charts/RunPanels';
import { formatNumber } from './charts/scale';
import { useT } from './useT';

/** Steps per second; 0 is as fast as the backend goes. */
const SPEEDS = [0, 100, 20, 5];

export function RunBar({ client }: { client: TrainingClient }) {
  const status = useStore((s) => s.status);
  const t = useT();
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
    <div className="run-bar" role="toolbar" aria-label={t('runbar.label')}>
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
        {t(running ? 'runbar.pause' : 'runbar.play')}
      </button>
      <button type="button" data-testid="step" onClick={() => client.step(1)} disabled={status === 'error' || diverged}>
        {t('runbar.step')}
      </button>
      <button type="button" data-testid="reset" onClick={reset} disabled={status === 'error'}>
        {t('runbar.reset')}
      </button>
      <label className="speed">
        {t('runbar.speed')}{' '}
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s === 0 ? t('runbar.speed.max') : t('runbar.speed.rate', { rate: s })}
            </option>
          ))}
        </select>
      </label>
      <output className="run-readout" aria-live="off">
        <span>
          {t('runbar.stepCount')} <strong data-testid="step-count">{step}</strong>
        </span>
        {runCount > 1 && <RunKey index={selected} />}
        <span>
          {t('runbar.loss')} <strong data-testid="loss">{history.stepsSeen > 0 ? formatNumber(loss, 4) : '–'}</strong>
        </span>
        {!Number.isNaN(accuracy) && (
          <span>
            {t('runbar.accuracy')} <strong>{formatNumber(accuracy * 100, 3)}%</strong>
          </span>
        )}
        <span className={`status status-${status}`} data-testid="run-status">
          {t(status === 'paused' && diverged ? 'status.diverged' : status === 'paused' && tabHidden && wantsRunning ? 'status.hidden' : `status.${status}`)}
        </span>
      </output>
    </div>
  );
}
