// The fix trials of a run set (core/fixTrials.ts), for the run loop: which runs' fixes
// to try and when (a bad verdict once it has settled, divergence at once), one job at a
// time, each candidate reported as it finishes. The run loop decides how much time the
// trials get (worker/runLoop.ts); this module only takes a step when asked.

import type { RunConfig } from '../core/config';
import { fixCandidates } from '../core/fixes';
import { createTrialJob, TRIAL_AFTER_STEPS, TRIAL_STEPS, type TrialJob } from '../core/fixTrials';
import type { HealthStatus } from '../core/health';
import type { StepStats } from '../core/stepStats';
import type { Trainer } from '../core/trainer';
import type { FromWorker } from '../protocol';

/** The recent global gradient norms kept per run, for the clipping fix's threshold. */
const RECENT_NORMS = 20;

export interface TrialQueueDeps {
  post(message: FromWorker): void;
  createTrainer(config: RunConfig): Trainer;
  /** Runs `fn` once no training step is in flight (the run loop's sequential queue). */
  whenIdle(fn: () => void): void;
}

export interface TrialQueue {
  /** A visible step of run `runId` with config `config`: starts its trials once a bad verdict has settled. */
  watch(runId: number, config: RunConfig, stats: StepStats): void;
  /** Run `runId`'s config changed: its trials stop, and a verdict that stays bad is tried again. */
  forget(runId: number): void;
  /** Drops everything (a new set). */
  clear(): void;
  /** Whether a job is waiting or under way. */
  readonly pending: boolean;
  /** The run whose trials are under way, or null. */
  readonly activeRunId: number | null;
  /** One step of the first job. */
  step(): Promise<void>;
}

interface Job {
  runId: number;
  status: HealthStatus;
  job: TrialJob;
}

interface RunWatch {
  /** The finite global gradient norms of its last steps, with their steps. */
  norms: { step: number; norm: number }[];
  /** The bad verdict its fixes were last tried for. */
  triedFor: HealthStatus | null;
}

export function createTrialQueue(deps: TrialQueueDeps): TrialQueue {
  let jobs: Job[] = [];
  const runs = new Map<number, RunWatch>();

  const report = (t: Job) =>
    deps.post({
      type: 'fixTrials',
      runId: t.runId,
      status: t.status,
      candidates: t.job.candidates.map((c) => c.id),
      results: t.job.results.map((r) => ({ ...r, patch: { ...r.patch }, outcome: { ...r.outcome } })),
      done: t.job.done,
    });

  /** Drops the jobs of one run (all, with null), disposing them once no step of theirs is in flight. */
  const cancel = (runId: number | null) => {
    const dropped = jobs.filter((t) => runId === null || t.runId === runId);
    if (dropped.length === 0) return;
    jobs = jobs.filter((t) => !dropped.includes(t));
    deps.whenIdle(() => {
      for (const t of dropped) t.job.dispose();
    });
  };

  return {
    watch(runId, config, stats) {
      const run = runs.get(runId) ?? { norms: [], triedFor: null };
      runs.set(runId, run);
      if (Number.isFinite(stats.gradNormBeforeClip)) {
        run.norms.push({ step: stats.step, norm: stats.gradNormBeforeClip });
        if (run.norms.length > RECENT_NORMS) run.norms.shift();
      }
      const { status, since } = stats.health;
      if (status === 'healthy' || run.triedFor === status) return;
      if (status !== 'diverged' && stats.step - since < TRIAL_AFTER_STEPS) return;
      run.triedFor = status;
      cancel(runId);
      // The clip threshold comes from the norms before the trouble began (all of them when it began at once).
      const before = run.norms.filter((n) => n.step < since);
      const candidates = fixCandidates(status, config, (before.length > 0 ? before : run.norms).map((n) => n.norm));
      const job: Job = { runId, status, job: createTrialJob(config, candidates, deps.createTrainer, TRIAL_STEPS) };
      jobs.push(job);
      report(job);
    },
    forget(runId) {
      const run = runs.get(runId);
      if (run) run.triedFor = null;
      cancel(runId);
    },
    clear() {
      cancel(null);
      runs.clear();
    },
    get pending() {
      return jobs.length > 0;
    },
    get activeRunId() {
      return jobs[0]?.runId ?? null;
    },
    async step() {
      const t = jobs[0];
      if (!t) return;
      let finished = false;
      try {
        finished = await t.job.step();
      } catch {
        // A trial that cannot run (out of memory, say) ends the job with what it found.
        t.job.dispose();
        finished = true;
      }
      if (jobs[0] !== t) return;
      if (finished) report(t);
      if (t.job.done) {
        t.job.dispose();
        jobs.shift();
      }
    },
  };
}
