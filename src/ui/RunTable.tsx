// The run set at a glance, above the charts: per run its key, what it changes from A,
// its verdict (with layer and step), the latest training and held-out loss, accuracy,
// the largest update ratio of any layer and its steps per second. Refreshed on its
// turn in the frame loop, like the charts.
import type { HealthVerdict } from '../core/health';
import type { RunHistory } from '../store/history';
import { runLabel, useStore } from '../store/store';
import { useTurn, useTurnTask } from './charts/live';
import { RunKey } from './charts/RunPanels';
import { formatNumber } from './charts/scale';
import { patchSummary } from './runDiff';

const ID = 'runTable';

/** "exploding in layer 3 since step 12", "diverged at step 40", "healthy", or "starting". */
export function verdictText(health: HealthVerdict | null): string {
  if (!health) return 'starting';
  if (health.status === 'healthy') return 'healthy';
  const where = health.layer !== null ? ` in layer ${health.layer}` : '';
  return health.status === 'diverged' ? `diverged${where} at step ${health.since}` : `${health.status}${where} since step ${health.since}`;
}

/** The newest held-out loss and accuracy (measured every few steps). */
function latestTest(h: RunHistory): { loss: number; accuracy: number } {
  if (h.testLength === 0) return { loss: Number.NaN, accuracy: Number.NaN };
  const t = h.testAt(h.testLength - 1);
  return { loss: t.loss, accuracy: t.accuracy };
}

/** The largest finite update ratio of any layer (an RNN: of any weight matrix, input, recurrent or readout) at the newest step. */
function largestUpdateRatio(h: RunHistory): number {
  if (h.stepsSeen === 0) return Number.NaN;
  let max = Number.NaN;
  const recurrent = (['ratioInput', 'ratioRecurrent', 'ratioReadout'] as const).map((name) => h.latestScalar(name));
  for (const v of [...h.latestLayer('updateRatio'), ...recurrent]) if (Number.isFinite(v) && !(v <= max)) max = v;
  return max;
}

const show = (v: number, digits = 3) => (Number.isFinite(v) ? formatNumber(v, digits) : Number.isNaN(v) ? '–' : String(v));
const percent = (v: number) => (Number.isFinite(v) ? `${formatNumber(v * 100, 3)}%` : '–');

export function RunTable() {
  useTurnTask(ID);
  useTurn(ID);
  const runs = useStore((s) => s.runs);
  const variants = useStore((s) => s.variants);
  const selected = useStore((s) => s.selectedRun);
  const selectRun = useStore((s) => s.selectRun);
  if (runs.length <= 1) return null;
  return (
    <section className="run-table-card" aria-labelledby="run-table-title">
      <h2 id="run-table-title" className="visually-hidden">
        Runs side by side
      </h2>
      <div className="run-table-scroll">
        <table className="run-table" data-testid="run-table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Differs from A</th>
              <th scope="col">Verdict</th>
              <th scope="col">Step</th>
              <th scope="col">Train loss</th>
              <th scope="col">Test loss</th>
              <th scope="col">Accuracy</th>
              <th scope="col" title="The largest ‖ΔW‖ / ‖W‖ of any layer at the newest step">Max update ratio</th>
              <th scope="col">Steps/s</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run, i) => {
              const h = run.history;
              const test = latestTest(h);
              const variant = variants.find((v) => v.letter === run.letter);
              const status = run.health?.status ?? 'starting';
              return (
                <tr key={run.letter} data-run={run.letter} data-status={status} aria-current={i === selected ? 'true' : undefined}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => selectRun(i)} title="Edit this run">
                      <RunKey index={i} label={runLabel(run.letter, variants)} />
                    </button>
                  </th>
                  <td className="run-diff">{i === 0 ? '—' : patchSummary(variant?.patch ?? {})}</td>
                  <td>
                    <span className={`verdict verdict-${status}`} data-testid="run-verdict">
                      {verdictText(run.health)}
                    </span>
                  </td>
                  <td className="num">{h.stepsSeen > 0 ? h.lastStep : '–'}</td>
                  <td className="num">{show(h.latestScalar('loss'), 4)}</td>
                  <td className="num">{show(test.loss, 4)}</td>
                  <td className="num">{percent(h.latestScalar('accuracy'))}</td>
                  <td className="num">{show(largestUpdateRatio(h), 2)}</td>
                  <td className="num">{run.health?.status === 'diverged' ? 'stopped' : show(run.stepsPerSecond, 3)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
