// Says what went wrong, where and since when, and offers the fixes that apply.
import type { TrainingClient } from '../client/trainingClient';
import { needsRestart, type RunConfig } from '../core/config';
import { useStore } from '../store/store';
import { fixesFor } from './fixes';

const TITLES = {
  exploding: 'Gradients are exploding',
  vanishing: 'Gradients are vanishing',
  diverged: 'Training diverged',
} as const;

export function HealthBanner({ client }: { client: TrainingClient }) {
  const health = useStore((s) => s.health);
  const config = useStore((s) => s.config);
  const error = useStore((s) => s.error);
  if (error) return <ErrorBanner message={error} client={client} />;
  if (!health || health.status === 'healthy') return null;
  const fixes = fixesFor(health.status, config);
  // A fix is an experiment: it restarts the run from step 0 with the same seed, so the
  // fixed run can be compared with the broken one (and a NaN network cannot be saved).
  const apply = (patch: Partial<RunConfig>) => {
    const state = useStore.getState();
    const next = { ...state.config, ...patch };
    state.setConfig(patch);
    if (!needsRestart(next, state.config)) state.reset();
    state.setWantsRunning(true);
  };
  return (
    <div className={`health-banner health-${health.status}`} role="alert" data-testid="health-alert" data-status={health.status} data-layer={health.layer ?? ''}>
      <div className="health-text">
        <strong>{TITLES[health.status]}</strong>
        {health.layer !== null && <> in layer {health.layer}</>} since step {health.since}: {health.reason}.
        {health.status === 'diverged' && <> Training is paused.</>}
      </div>
      {fixes.length > 0 && (
        <div className="fixes">
          <span className="fixes-label" title="Each fix restarts the run from step 0 with the same seed">
            Try (restarts the run):
          </span>
          {fixes.map((fix) => (
            <button key={fix.id} type="button" data-fix={fix.id} title={fix.why} onClick={() => apply(fix.patch)}>
              {fix.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function ErrorBanner({ message, client }: { message: string; client: TrainingClient }) {
  const setError = useStore((s) => s.setError);
  const status = useStore((s) => s.status);
  const backend = useStore((s) => s.backendInfo?.backend);
  const setBackendPreference = useStore((s) => s.setBackendPreference);
  return (
    <div className="health-banner health-error" role="alert" data-testid="error-alert">
      <div className="health-text">
        <strong>Problem:</strong> {message}
      </div>
      <div className="fixes">
        <button type="button" onClick={() => client.restart()}>
          Restart
        </button>
        {backend !== 'cpu' && (
          <button type="button" onClick={() => setBackendPreference('cpu')}>
            Restart on the cpu backend
          </button>
        )}
        {status !== 'error' && (
          <button type="button" onClick={() => setError(null)}>
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}
