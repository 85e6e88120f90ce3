// Each chapter's question, answered by the runs themselves: a judge reads what the runs
// measured (their histories, or the phase diagram's cells) and says which option the
// measurements make true, with the numbers that show it. The page shows that answer
// once every run has trained the steps the question needs; src/lessons/questions.test.ts
// trains each chapter's runs on the cpu backend and checks the judge gives `expected`,
// the answer the chapter's text explains.

import type { RunConfig } from '../core/config';
import { DATASET_CLASSES } from '../core/datasets';
import type { HealthStatus } from '../core/health';
import type { PhaseCell } from '../core/phase/sweep';
import type { FrameLayerStat } from '../protocol';
import type { RunHistory } from '../store/history';
import type { ChapterId } from './chapters';

export interface LessonRun {
  config: RunConfig;
  history: RunHistory;
}

export interface PhaseEvidence {
  xValues: readonly number[];
  yValues: readonly number[];
  /** By index iy * nx + ix; null until measured. */
  cells: readonly (PhaseCell | null)[];
}

export interface Evidence {
  runs: readonly LessonRun[];
  phase: PhaseEvidence | null;
}

/** Numbers the answer's text names ({a}, {ratio}, ...); NaN reads as "diverged". */
export type Facts = Record<string, number>;

export interface Judgement {
  /** The option the runs make true; '' when what they did fits none of them. */
  answer: string;
  facts: Facts;
}

export interface Question {
  options: readonly string[];
  /** The answer the chapter's text explains (the tests check that its runs give it). */
  expected: string;
  /** Steps each run trains before the answer is known (a run that diverged earlier is done); 0: the phase diagram's. */
  steps: number;
  /** How many runs the question reads (a set with another count cannot answer it). */
  runs: number;
  /** The facts the judge returns (the names the chapter's text fills in). */
  facts: readonly string[];
  judge(e: Evidence): Judgement | null;
}

/** A run has trained what the question needs: `steps` steps, or it diverged before. */
export function runDone(h: RunHistory, steps: number): boolean {
  return h.lastStep + 1 >= steps || diverged(h);
}

const diverged = (h: RunHistory) => h.healthEvents.some((e) => e.status === 'diverged');

/** The health verdict at a step (the latest change at or before it). */
function statusAt(h: RunHistory, step: number): HealthStatus {
  let status: HealthStatus = 'healthy';
  for (const e of h.healthEvents) if (e.step <= step) status = e.status;
  return status;
}

/** The verdicts of steps 0..n-1. */
function statusesBefore(h: RunHistory, n: number): Set<HealthStatus> {
  const seen = new Set<HealthStatus>([statusAt(h, 0)]);
  for (const e of h.healthEvents) if (e.step < n) seen.add(e.status);
  return seen;
}

/** The stored row of a step (the last at or before it), or -1. */
function rowOf(h: RunHistory, step: number): number {
  const steps = h.steps();
  let row = -1;
  for (let i = 0; i < steps.length && steps[i] <= step; i++) row = i;
  return row;
}

/** ||delta_1|| / ||delta_L|| (first site over last) at a step: < 1 shrinks toward the input, > 1 grows. */
function flowRatio(h: RunHistory, step = 0, stat: FrameLayerStat = 'preactGradNorm'): number {
  const row = rowOf(h, step);
  if (row < 0) return Number.NaN;
  return h.layerValue(stat, row, 0) / h.layerValue(stat, row, h.numLayers - 1);
}

/** The mean training loss over the `n` steps up to `step` (NaN when any is not finite, or the run diverged). */
function lossNear(h: RunHistory, step: number, n = 10): number {
  if (diverged(h)) return Number.NaN;
  const steps = h.steps();
  let sum = 0;
  let count = 0;
  for (let i = 0; i < steps.length; i++) {
    if (steps[i] > step || steps[i] <= step - n) continue;
    const v = h.scalar('loss', i);
    if (!Number.isFinite(v)) return Number.NaN;
    sum += v;
    count++;
  }
  return count > 0 ? sum / count : Number.NaN;
}

/** The held-out loss: the mean of the last `n` measurements. */
function testLossLast(h: RunHistory, n = 3): number {
  const k = h.testLength;
  if (k === 0 || diverged(h)) return Number.NaN;
  let sum = 0;
  for (let i = Math.max(0, k - n); i < k; i++) sum += h.testAt(i).loss;
  return sum / Math.min(n, k);
}

const chanceLoss = (c: RunConfig) => Math.log(DATASET_CLASSES[c.dataset]);
/** The page's verdict on the initial gradients (step 0) is healthy: neither vanishing nor exploding. */
const healthyAtStart = (r: LessonRun) => statusAt(r.history, 0) === 'healthy';
const letters = ['a', 'b', 'c', 'd'];
/** The option naming the set of runs for which `pick` holds: e.g. 'b', 'bc', 'none' / 'neither', 'all' / 'both'. */
function whichRuns(runs: readonly LessonRun[], pick: (r: LessonRun, i: number) => boolean, from = 0): string {
  const chosen = runs.flatMap((r, i) => (i >= from && pick(r, i) ? [letters[i]] : []));
  // A pair of runs A, B: 'neither' or 'both'; otherwise 'none' or the letters.
  const pair = from === 0 && runs.length === 2;
  if (chosen.length === 0) return pair ? 'neither' : 'none';
  if (chosen.length === 2 && pair) return 'both';
  return chosen.join('');
}

/** The 1-based option of the smallest value. */
function argmin(values: number[]): string {
  let best = -1;
  values.forEach((v, i) => {
    if (Number.isFinite(v) && (best < 0 || v < values[best])) best = i;
  });
  return best < 0 ? '' : letters[best];
}

const flowAnswer = (h: RunHistory): string => {
  const status = statusAt(h, 0);
  return status === 'exploding' ? 'explodes' : status === 'vanishing' ? 'vanishes' : status === 'healthy' ? 'level' : '';
};

const finiteAfter = (r: LessonRun, steps: number) => !diverged(r.history) && Number.isFinite(lossNear(r.history, steps - 1, 1));
const divergedAt = (h: RunHistory) => h.healthEvents.find((e) => e.status === 'diverged')?.step ?? Number.NaN;

/** The phase cell nearest (x, y), or null until measured. */
function cellNear(p: PhaseEvidence, x: number, y: number): PhaseCell | null {
  const nearest = (values: readonly number[], v: number) => values.reduce((best, w, i) => (Math.abs(w - v) < Math.abs(values[best] - v) ? i : best), 0);
  return p.cells[nearest(p.yValues, y) * p.xValues.length + nearest(p.xValues, x)] ?? null;
}

/** The phase chapter's three candidates for σ_w² at σ_b² = 0.05: Xavier's 1, the critical line's 1.76, and 3. */
export const PHASE_CANDIDATES = { xavier: 1, critical: 1.76, large: 3 } as const;
const PHASE_BIAS = 0.05;

/** One run: do its initial gradients explode, vanish or stay level (the page's verdict at step 0)? */
const flowQuestion = (expected: 'explodes' | 'vanishes'): Question => ({
  facts: ['ratio', 'depth'],
  options: ['explodes', 'vanishes', 'level'],
  expected,
  steps: 1,
  runs: 1,
  judge: ({ runs }) => ({ answer: flowAnswer(runs[0].history), facts: { ratio: flowRatio(runs[0].history), depth: runs[0].config.depth } }),
});

/** The problem as run A, the fix as run B: whose initial gradients does the page call healthy? */
const rescueQuestion: Question = {
  facts: ['a', 'b'],
  options: ['a', 'b', 'both', 'neither'],
  expected: 'b',
  steps: 1,
  runs: 2,
  judge: ({ runs }) => ({ answer: whichRuns(runs, healthyAtStart), facts: { a: flowRatio(runs[0].history), b: flowRatio(runs[1].history) } }),
};

export const QUESTIONS: Record<ChapterId, Question> = {
  descent: {
    facts: ['a', 'b', 'c'],
    options: ['a', 'b', 'c'],
    expected: 'b',
    steps: 100,
    runs: 3,
    judge({ runs }) {
      const losses = runs.map((r) => lossNear(r.history, 99));
      return { answer: argmin(losses), facts: { a: losses[0], b: losses[1], c: losses[2] } };
    },
  },
  backprop: {
    facts: ['ratio', 'depth'],
    options: ['level', 'some', 'huge'],
    expected: 'level',
    steps: 1,
    runs: 1,
    judge({ runs }) {
      const ratio = flowRatio(runs[0].history);
      const decades = Math.abs(Math.log10(ratio));
      const answer = !Number.isFinite(decades) ? '' : decades < 1 ? 'level' : decades < 3 ? 'some' : 'huge';
      return { answer, facts: { ratio, depth: runs[0].config.depth } };
    },
  },
  explodes: flowQuestion('explodes'),
  vanishes: flowQuestion('vanishes'),
  'fix-lr': {
    facts: ['divergedA', 'lossB'],
    options: ['a', 'b', 'both', 'neither'],
    expected: 'b',
    steps: 200,
    runs: 2,
    judge({ runs }) {
      return {
        answer: whichRuns(runs, (r) => finiteAfter(r, 200)),
        facts: { divergedA: divergedAt(runs[0].history), lossB: lossNear(runs[1].history, 199) },
      };
    },
  },
  'fix-clip': {
    facts: ['divergedA', 'lossB', 'lossC'],
    options: ['none', 'b', 'c', 'bc'],
    expected: 'bc',
    steps: 200,
    runs: 3,
    judge({ runs }) {
      return {
        answer: finiteAfter(runs[0], 200) ? '' : whichRuns(runs, (r) => finiteAfter(r, 200), 1),
        facts: { divergedA: divergedAt(runs[0].history), lossB: lossNear(runs[1].history, 199), lossC: lossNear(runs[2].history, 199) },
      };
    },
  },
  'fix-init': {
    facts: ['a', 'b', 'c'],
    options: ['a', 'b', 'c'],
    expected: 'b',
    steps: 1,
    runs: 3,
    judge({ runs }) {
      const ratios = runs.map((r) => flowRatio(r.history));
      return { answer: argmin(ratios.map((x) => Math.abs(Math.log10(x)))), facts: { a: ratios[0], b: ratios[1], c: ratios[2] } };
    },
  },
  'fix-optimizer': {
    facts: ['a', 'b', 'c'],
    options: ['none', 'adaptive', 'all'],
    expected: 'adaptive',
    steps: 21,
    runs: 3,
    judge({ runs }) {
      // How many times the last layer's update ratio is layer 1's, at step 20.
      const spread = runs.map((r) => 1 / flowRatio(r.history, 20, 'updateRatio'));
      const close = spread.map((x) => Number.isFinite(x) && x > 0 && x < 100);
      const answer = close.every((c) => !c) ? 'none' : close.every(Boolean) ? 'all' : !close[0] && close[1] && close[2] ? 'adaptive' : '';
      return { answer, facts: { a: spread[0], b: spread[1], c: spread[2] } };
    },
  },
  'fix-decay': {
    facts: ['divergedA', 'b', 'c', 'chance'],
    options: ['train', 'stall', 'diverge'],
    expected: 'stall',
    steps: 200,
    runs: 3,
    judge({ runs }) {
      const chance = chanceLoss(runs[0].config);
      const loss = runs.map((r) => lossNear(r.history, 199, 20));
      const beside = [1, 2];
      const finite = beside.map((i) => finiteAfter(runs[i], 200));
      const learns = beside.map((i) => loss[i] < 0.95 * chance);
      const answer = finite.every((f) => !f) ? 'diverge' : !finite.every(Boolean) ? '' : learns.every(Boolean) ? 'train' : learns.every((l) => !l) ? 'stall' : '';
      return { answer, facts: { divergedA: divergedAt(runs[0].history), b: loss[1], c: loss[2], chance } };
    },
  },
  'fix-layernorm': rescueQuestion,
  'fix-residual': rescueQuestion,
  rnn: {
    facts: ['a', 'b', 'steps'],
    options: ['a', 'b', 'both', 'neither'],
    expected: 'b',
    steps: 50,
    runs: 2,
    judge({ runs }) {
      // A cell carries the gradient back when no step of the 50 is flagged vanishing.
      return {
        answer: whichRuns(runs, (r) => !statusesBefore(r.history, 50).has('vanishing')),
        facts: { a: flowRatio(runs[0].history), b: flowRatio(runs[1].history), steps: runs[0].config.seqLength },
      };
    },
  },
  phase: {
    facts: ['xavier', 'critical', 'large'],
    options: ['xavier', 'critical', 'large'],
    expected: 'critical',
    steps: 0,
    runs: 1,
    judge({ phase }) {
      if (!phase) return null;
      const cells = Object.values(PHASE_CANDIDATES).map((x) => cellNear(phase, x, PHASE_BIAS));
      if (cells.some((c) => c === null)) return null;
      const measured = cells.map((c) => c?.measured ?? Number.NaN);
      const best = argmin(measured.map((m) => (Number.isFinite(m) ? Math.abs(m) : Number.POSITIVE_INFINITY)));
      const answer = best === '' ? '' : Object.keys(PHASE_CANDIDATES)[letters.indexOf(best)];
      return { answer, facts: { xavier: 10 ** measured[0], critical: 10 ** measured[1], large: 10 ** measured[2] } };
    },
  },
  overfitting: {
    facts: ['trainA', 'testA', 'trainB', 'testB'],
    options: ['a', 'b'],
    expected: 'b',
    steps: 200,
    runs: 2,
    judge({ runs }) {
      const test = runs.map((r) => testLossLast(r.history));
      const train = runs.map((r) => lossNear(r.history, 199, 20));
      return { answer: argmin(test), facts: { trainA: train[0], testA: test[0], trainB: train[1], testB: test[1] } };
    },
  },
  faq: {
    facts: ['ratio', 'loss'],
    options: ['yes', 'no'],
    expected: 'yes',
    steps: 100,
    runs: 1,
    judge({ runs }) {
      const seen = statusesBefore(runs[0].history, 100);
      return { answer: seen.size === 1 && seen.has('healthy') ? 'yes' : 'no', facts: { ratio: flowRatio(runs[0].history), loss: lossNear(runs[0].history, 99) } };
    },
  },
};

/**
 * The question's answer from what is on screen, or null while the runs still train (or
 * the phase diagram still measures); `mismatch` when the set has another number of runs.
 */
export function answerFrom(q: Question, e: Evidence): Judgement | 'mismatch' | null {
  if (q.steps > 0) {
    if (e.runs.length !== q.runs) return 'mismatch';
    if (!e.runs.every((r) => runDone(r.history, q.steps))) return null;
  }
  return q.judge(e);
}
