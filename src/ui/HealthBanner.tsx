// Says what went wrong, where and since when, and offers the fixes the worker has tried
// ahead on the same seed (core/fixTrials.ts), best first, each with what it measured:
// those that rescue the run, then, apart, those that did not. Each restarts the run set
// from step 0 with the fix applied to that run, or opens it "side by side", as a new
// variant next to the failing run (both restart on the same seed). With a run set, each
// unhealthy run has its own banner, named by its key.
import type { TrainingClient } from '../client/trainingClient';
import { needsRestart, type RunConfig } from '../core/config';
import type { HealthVerdict } from '../core/health';
import { MAX_RUNS } from '../core/runSet';
import { useShallow } from 'zustand/react/shallow';
import { type AppError, selectRunConfigs, shownRun, useFamily, useStore } from '../store/store';
import { RunKey } from './charts/RunPanels';
import { TRIAL_AFTER_STEPS, TRIAL_STEPS } from '../core/fixTrials';
import { type Fix, rankedFixes } from './fixes';
import { causeText } from './healthWords';
import { useLang, useT } from './useT';

const TITLES = {
  exploding: 'health.exploding',
  vanishing: 'health.vanishing',
  diverged: 'health.diverged',
} as const;

export function HealthBanner({ client }: { client: TrainingClient }) {
  const error = useStore((s) => s.error);
  // The same verdict objects while they say the same thing (store.appendFrames): a frame re-renders nothing.
  const verdicts = useStore(useShallow((s) => s.runs.map((r) => r.health)));
  const count = verdicts.length;
  // Presentation mode keeps to one line: the selected run's verdict (the run table has the others'), its fixes folded.
  const present = useStore((s) => s.view.present);
  const selected = useStore((s) => shownRun(s));
  if (error) return <ErrorBanner error={error} client={client} />;
  return (
    <>
      {verdicts.map((health, run) =>
        health && health.status !== 'healthy' && (!present || count === 1 || run === selected) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: one banner per run, in set order
          <RunHealthBanner key={run} run={run} health={health} multiple={count > 1} folded={present} />
        ) : null,
      )}
    </>
  );
}

/** A fix applied to run `run`: the set restarts from step 0 with the same seed. */
function applyFix(run: number, patch: Partial<RunConfig>) {
  const state = useStore.getState();
  const before = selectRunConfigs(state)[run];
  state.setRunConfig(run, patch);
  const after = selectRunConfigs(useStore.getState())[run];
  // A fix is an experiment: it restarts from step 0 with the same seed, so the fixed
  // run can be compared with the broken one (and a NaN network cannot be saved).
  if (before && after && !needsRestart(after, before)) state.reset();
  state.setWantsRunning(true);
}

function RunHealthBanner({ run, health, multiple, folded }: { run: number; health: HealthVerdict; multiple: boolean; folded: boolean }) {
  const config = useStore(useShallow((s) => selectRunConfigs(s)[run] ?? s.config));
  const full = useStore((s) => s.variants.length + 1 >= MAX_RUNS);
  const addVariant = useStore((s) => s.addVariant);
  const status = health.status as keyof typeof TITLES;
  const family = useFamily();
  const trials = useStore((s) => s.runs[run]?.trials ?? null);
  const t = useT();
  const lang = useLang();
  // Only trials of this verdict speak for it (a run that turned from exploding to diverged is tried again).
  const current = trials && trials.status === health.status ? trials : null;
  const fixes = current ? rankedFixes(current.results, health.status, config, lang) : [];
  const rescuing = fixes.filter((f) => f.rescues);
  const failing = fixes.filter((f) => !f.rescues);
  const letter = useStore((s) => s.runs[run]?.letter ?? 'a');
  // With several runs, only the selected run's fixes are unfolded: the banners stay short.
  const unfolded = useStore((s) => !folded && (!multiple || shownRun(s) === run));
  const sideBySide = (patch: Partial<RunConfig>, name: string) => {
    addVariant(patch, { from: run, name });
    useStore.getState().setWantsRunning(true);
  };
  const pair = (fix: Fix) => (
    <span key={fix.id} className={`fix-pair${fix.rescues ? '' : ' fix-failed'}`} data-outcome={fix.verdict}>
      <button type="button" data-fix={fix.id} title={fix.why} onClick={() => applyFix(run, fix.patch)}>
        {fix.label}
        <span className="fix-measured">{fix.measured}</span>
      </button>
      <button
        type="button"
        className="side-by-side"
        data-fix-side={fix.id}
        disabled={full}
        title={full ? t('fix.full', { max: MAX_RUNS }) : t('fix.side.hint', { fix: fix.short })}
        aria-label={t('fix.side.label', { fix: fix.label, measured: fix.measured })}
        onClick={() => sideBySide(fix.patch, fix.short)}
      >
        {t('fix.side')}
      </button>
    </span>
  );
  const pending = current ? current.candidates.length - current.results.length : 0;
  const progress = !current ? (
    <span className="fix-progress" data-testid="fix-progress">
      {health.status === 'diverged' ? t('fix.trying') : t('fix.after', { steps: TRIAL_AFTER_STEPS })}
    </span>
  ) : current.done ? null : (
    <span className="fix-progress" data-testid="fix-progress" aria-live="polite">
      {t(pending === 1 ? 'fix.pending.one' : 'fix.pending', { pending, steps: TRIAL_STEPS, done: current.results.length, total: current.candidates.length })}
    </span>
  );
  const body = (
    <>
      {rescuing.length > 0 && <div className="fixes">{rescuing.map(pair)}</div>}
      {current?.done && rescuing.length === 0 && (
        <p className="fix-none">{t('fix.none', { steps: TRIAL_STEPS })}</p>
      )}
      {failing.length > 0 && (
        <div className="fixes fixes-failed">
          <span className="fixes-label">{t('fix.failed')}</span>
          {failing.map(pair)}
        </div>
      )}
      {progress}
    </>
  );
  return (
    <div
      className={`health-banner health-${health.status}`}
      role="alert"
      data-testid="health-alert"
      data-run={letter}
      data-status={health.status}
      data-layer={health.layer ?? ''}
    >
      <div className="health-text">
        {multiple && <RunKey index={run} />} <strong>{t(TITLES[status])}</strong>
        {health.layer !== null && <> {t(family === 'rnn' ? 'health.atTimeStep' : 'health.inLayer', { site: health.layer })}</>}
        {/* Chinese joins the clauses with its own comma, no space. */}
        {lang === 'zh-CN' ? '' : ' '}
        {t('health.since', { step: health.since, reason: causeText(health, lang) })}
        {health.status === 'diverged' && <> {t(multiple ? 'health.stopped' : 'health.paused')}</>}
      </div>
      {multiple || folded ? (
        <details className="fixes-fold" open={unfolded}>
          <summary className="fixes-label" title={t(multiple ? 'fix.restarts.hint' : 'fix.restart.hint')}>
            {t(multiple ? (rescuing.length > 0 ? 'fix.head.setRanked' : 'fix.head.set') : rescuing.length > 0 ? 'fix.head.ranked' : 'fix.head')}
          </summary>
          {body}
        </details>
      ) : (
        <div className="fix-list">
          <span className="fixes-label" title={t('fix.restart.hint')}>
            {t(rescuing.length > 0 ? 'fix.head.ranked' : 'fix.head')}
          </span>
          {body}
        </div>
      )}
    </div>
  );
}

/** A problem in the page's language; the detail (the browser's or tfjs's message) as it came. */
function ErrorBanner({ error, client }: { error: AppError; client: TrainingClient }) {
  const setError = useStore((s) => s.setError);
  const status = useStore((s) => s.status);
  const backend = useStore((s) => s.backendInfo?.backend);
  const setBackendPreference = useStore((s) => s.setBackendPreference);
  const t = useT();
  return (
    <div className="health-banner health-error" role="alert" data-testid="error-alert">
      <div className="health-text">
        <strong>{t('error.problem')}</strong> {t(error.code === 'workerCrash' && !error.detail ? 'error.workerCrashBare' : `error.${error.code}`, { detail: error.detail, ...error.params })}
      </div>
      <div className="fixes">
        <button type="button" onClick={() => client.restart()}>
          {t('error.restart')}
        </button>
        {backend !== 'cpu' && (
          <button type="button" onClick={() => setBackendPreference('cpu')}>
            {t('error.cpu')}
          </button>
        )}
        {status !== 'error' && (
          <button type="button" onClick={() => setError(null)}>
            {t('url.dismiss')}
          </button>
        )}
      </div>
    </div>
  );
}
