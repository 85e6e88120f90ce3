// The run set at a glance, above the charts: per run its key, what it changes from A,
// its verdict (with layer and step), the latest training and held-out loss, accuracy,
// the largest update ratio of any layer and its steps per second (presentation mode
// keeps the key, verdict, step, loss and accuracy: the .detail columns fold away).
// Refreshed on its turn in the frame loop, like the charts.
import type { ModelFamily } from '../core/config';
import type { HealthVerdict } from '../core/health';
import type { RunHistory } from '../store/history';
import { runLabel, useStore } from '../store/store';
import { useTurn, useTurnTask } from './charts/live';
import { RunKey } from './charts/RunPanels';
import { formatNumber } from './charts/scale';
import { patchSummary } from './runDiff';
import { useLang, useT } from './useT';
import { type Lang, t as translate } from '../i18n/i18n';

const ID = 'runTable';

/** "exploding in layer 3 since step 12", "diverged at step 40", "healthy", or "starting". */
export function verdictText(health: HealthVerdict | null, lang: Lang = 'en', family: ModelFamily = 'mlp'): string {
  if (!health) return translate(lang, 'verdict.starting');
  if (health.status === 'healthy') return translate(lang, 'verdict.healthy');
  const params = { layer: health.layer ?? 0, step: health.since, status: translate(lang, `verdict.${health.status}`) };
  const inLayer = health.layer !== null;
  const rnn = family === 'rnn';
  if (health.status === 'diverged') return translate(lang, inLayer ? (rnn ? 'verdict.diverged.time' : 'verdict.diverged.layer') : 'verdict.diverged.at', params);
  return translate(lang, inLayer ? (rnn ? 'verdict.since.time' : 'verdict.since.layer') : 'verdict.since', params);
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

const show = (v: number, digits = 3) => (Number.isFinite(v) ? formatNumber(v, digits) : Number.isNaN(v) ? '–' : v > 0 ? '∞' : '−∞');
const percent = (v: number) => (Number.isFinite(v) ? `${formatNumber(v * 100, 3)}%` : '–');

export function RunTable() {
  useTurnTask(ID);
  useTurn(ID);
  const runs = useStore((s) => s.runs);
  const variants = useStore((s) => s.variants);
  const selected = useStore((s) => s.selectedRun);
  const selectRun = useStore((s) => s.selectRun);
  const t = useT();
  const lang = useLang();
  if (runs.length <= 1) return null;
  return (
    <section className="run-table-card" aria-labelledby="run-table-title">
      <h2 id="run-table-title" className="visually-hidden">
        {t('table.title')}
      </h2>
      <div className="run-table-scroll">
        <table className="run-table" data-testid="run-table">
          <thead>
            <tr>
              <th scope="col">{t('table.run')}</th>
              <th scope="col" className="detail">{t('table.differs')}</th>
              <th scope="col">{t('table.verdict')}</th>
              <th scope="col">{t('table.step')}</th>
              <th scope="col">{t('table.trainLoss')}</th>
              <th scope="col" className="detail">{t('table.testLoss')}</th>
              <th scope="col">{t('table.accuracy')}</th>
              <th scope="col" className="detail" title={t('table.maxRatio.hint')}>
                {t('table.maxRatio')}
              </th>
              <th scope="col" className="detail">{t('table.rate')}</th>
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
                    <button type="button" className="link" onClick={() => selectRun(i)} title={t('table.edit')}>
                      <RunKey index={i} label={runLabel(run.letter, variants)} />
                    </button>
                  </th>
                  <td className="run-diff detail">{i === 0 ? '—' : patchSummary(variant?.patch ?? {}, lang)}</td>
                  <td>
                    <span className={`verdict verdict-${status}`} data-testid="run-verdict">
                      {verdictText(run.health, lang, run.meta?.config.model ?? 'mlp')}
                    </span>
                  </td>
                  <td className="num">{h.stepsSeen > 0 ? h.lastStep : '–'}</td>
                  <td className="num">{show(h.latestScalar('loss'), 4)}</td>
                  <td className="num detail">{show(test.loss, 4)}</td>
                  <td className="num">{percent(h.latestScalar('accuracy'))}</td>
                  <td className="num detail">{show(largestUpdateRatio(h), 2)}</td>
                  <td className="num detail">{run.health?.status === 'diverged' ? t('table.stopped') : show(run.stepsPerSecond, 3)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
