import type { ReactNode } from 'react';
import { BACKENDS, type BackendPreference } from '../protocol';
import { useStore } from '../store/store';
import { formatNumber } from './charts/scale';

export function BackendBadge() {
  const info = useStore((s) => s.backendInfo);
  // Runs advance in lockstep: every live run takes this many steps a second.
  const rate = useStore((s) => Math.max(...s.runs.map((r) => r.stepsPerSecond)));
  const runCount = useStore((s) => s.runs.length);
  const status = useStore((s) => s.status);
  if (!info) {
    return (
      <span className="badge" data-testid="backend-badge" data-backend="">
        starting…
      </span>
    );
  }
  const title = [info.renderer ? `WebGL renderer: ${info.renderer}` : null, info.fallbackReason ? `Fallback: ${info.fallbackReason}` : null]
    .filter(Boolean)
    .join('\n');
  return (
    <span
      className={`badge ${info.fallbackReason ? 'badge-warn' : ''}`}
      data-testid="backend-badge"
      data-backend={info.backend}
      data-renderer={info.renderer ?? ''}
      title={[title, info.choiceReason?.long].filter(Boolean).join('\n') || undefined}
    >
      {info.backend}
      {status === 'running' && rate > 0 && <> · {formatNumber(rate, 3)} steps/s{runCount > 1 ? ' each' : ''}</>}
      {info.choiceReason && (
        <span className="backend-why" data-testid="backend-reason">
          {info.choiceReason.short}
          <span className="visually-hidden">: {info.choiceReason.long}</span>
        </span>
      )}
    </span>
  );
}

/** The backend the person asks for; the badge shows the one that runs. */
export function BackendSelect() {
  const preference = useStore((s) => s.backendPreference);
  const setPreference = useStore((s) => s.setBackendPreference);
  return (
    <label className="backend-select">
      <span className="visually-hidden">Backend</span>
      <select
        aria-label="Backend"
        value={preference}
        onChange={(e) => setPreference(e.target.value as BackendPreference)}
        title="Which tfjs backend trains the network (auto tries WebGL, then wasm, then cpu)"
      >
        <option value="auto">auto</option>
        {BACKENDS.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Header({ children }: { children?: ReactNode }) {
  return (
    <header className="app-header">
      <h1>
        Gradscope <span className="tagline">why deep networks explode and vanish</span>
      </h1>
      <div className="header-actions">
        {children}
        <BackendSelect />
        <BackendBadge />
      </div>
    </header>
  );
}
