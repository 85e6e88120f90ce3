// The RNN family's own charts (the shared ones, loss, heatmap and per-site lines, say
// "time step" instead of "layer"):
// - TimeFlowChart: ||dL/dh_t|| over the time steps at the newest step, log scale, with
//   the envelope theory gives (families/rnn/theory.ts) anchored at t = T;
// - SpectralChart: gamma x sigma_max(W_rec) over training against the line at 1;
// - GroupRatioChart: the update / parameter ratio of each parameter group.
import { useMemo } from 'react';
import type { RecurrentTheory } from '../../core/families/rnn/theory';
import { PARAM_GROUPS } from '../../core/stepStats';
import { GROUP_RATIO_SCALARS, type FrameScalar } from '../../protocol';
import type { RunHistory } from '../../store/history';
import { shownRun, useStore } from '../../store/store';
import { describeRecurrentTheory, envelopeLabel, siteWords } from '../recurrent';
import { useLang, useT } from '../useT';
import { ChartCard } from './ChartCard';
import { ChartFrame, HorizontalBand, PlotClip } from './ChartFrame';
import { SeriesPath } from './ChartSeries';
import { type Downsampled, downsampleMinMax } from './downsample';
import { layerTicks, lastFiniteLayers, notDrawnReason } from './GradientFlowChart';
import { domainKey, parseDomain, sharedStepMax, unionDomain, useStickyLogDomain, useTurn, useTurnSelectRuns, useTurnTask } from './live';
import { runBuckets, runStyle, SERIES } from './palette';
import { panelHeight, RunKey, RunPanels } from './RunPanels';
import { formatNumber, logDomain, logTicks, stepAxis } from './scale';
import { HEALTHY_BAND } from './UpdateRatioChart';
import { ColorKey } from './ColorKey';

const drawable = (v: number) => Number.isFinite(v) && v > 0;

/** Each run's recurrent theory (null where hidden, not started, or not an RNN). */
function useRecurrentTheories(): (RecurrentTheory | null)[] {
  const hideTheory = useStore((s) => s.view.hide.includes('theory'));
  const histories = useStore((s) => s.histories);
  return useMemo(() => {
    void histories;
    return useStore
      .getState()
      .runs.map((r) => (!hideTheory && r.meta && r.meta.numLayers === r.history.numLayers ? (r.meta.theory.recurrent ?? null) : null));
  }, [hideTheory, histories]);
}

export interface TimeFlowView {
  T: number;
  measured: Downsampled;
  upper: Downsampled | null;
  lower: Downsampled | null;
  yDomain: [number, number];
}

/**
 * What the time-flow chart draws for one run: the per-step values at t = 1..T and the
 * theory's envelope scaled by the measured value at t = T (none when that is 0 or not
 * finite). The y domain covers the measurement, and the envelope where it lies within
 * three decades of it (a bound that falls to 1e-40 would flatten everything else).
 */
export function timeFlowView(values: ArrayLike<number>, theory: RecurrentTheory | null): TimeFlowView {
  const T = values.length;
  const measured = downsampleMinMax(T, (i) => i + 1, (i) => values[i], 200, true);
  const anchor = values[T - 1];
  const scaled = (relative: number[] | null) =>
    relative && relative.length === T && drawable(anchor) ? downsampleMinMax(T, (i) => i + 1, (i) => relative[i] * anchor, 200, true) : null;
  const upper = scaled(theory?.upper ?? null);
  const lower = scaled(theory?.lower ?? null);
  const ys: number[] = [];
  for (const p of measured.points) if (p.y !== null) ys.push(p.y);
  const [lo, hi] = logDomain(ys, [1e-4, 1]);
  for (const line of [upper, lower]) for (const p of line?.points ?? []) if (p.y !== null && p.y >= lo / 1e3 && p.y <= hi * 1e3) ys.push(p.y);
  return { T, measured, upper, lower, yDomain: logDomain(ys, [1e-4, 1]) };
}

const FLOW_ID = 'timeFlow';

function TimeFlowSeries({ theories }: { theories: (RecurrentTheory | null)[] }) {
  const histories = useStore((s) => s.histories);
  const version = useTurn(FLOW_ID);
  const views = useMemo(() => {
    void version;
    return histories.map((h, i) => timeFlowView(lastFiniteLayers(h, 'preactGradNorm').values, theories[i] ?? null));
  }, [histories, version, theories]);
  const single = views.length === 1;
  return (
    <>
      {views.map((view, i) => {
        const color = single ? SERIES.theory : runStyle(i).color;
        const suffix = i === 0 ? '' : `-${i}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: one group per run, in set order
          <g key={i}>
            {view.upper && <SeriesPath points={view.upper.points} color={color} width={single ? 2 : 1.25} dash="7 5" opacity={single ? 1 : 0.7} testId={`series-time-upper${suffix}`} />}
            {view.lower && <SeriesPath points={view.lower.points} color={color} width={single ? 2 : 1.25} dash="2 4" opacity={single ? 1 : 0.7} testId={`series-time-lower${suffix}`} />}
            <SeriesPath
              points={view.measured.points}
              color={single ? SERIES.measured : runStyle(i).color}
              dash={single ? undefined : runStyle(i).dash}
              width={single ? 2 : 2.5}
              markers={view.T <= 40}
              testId={`series-time-measured${suffix}`}
            />
          </g>
        );
      })}
    </>
  );
}

export function TimeFlowChart() {
  const t = useT();
  const lang = useLang();
  useTurnTask(FLOW_ID);
  const theories = useRecurrentTheories();
  const footRun = useStore((s) => shownRun(s));
  const runCount = useStore((s) => s.runs.length);
  const theory = theories[footRun] ?? null;
  const maxT = useStore((s) => Math.max(...s.runs.map((r) => r.history.numLayers)));
  const footerKey = useTurnSelectRuns(
    FLOW_ID,
    (hs) => {
      const h = hs[footRun] ?? hs[0];
      const { values, step } = lastFiniteLayers(h, 'preactGradNorm');
      const v = timeFlowView(values, theory);
      const first = values[0];
      const last = values[values.length - 1];
      return JSON.stringify({
        started: h.stepsSeen > 0,
        step,
        latestStep: h.lastStep,
        dropped: v.measured.dropped,
        reason: v.measured.dropped > 0 ? notDrawnReason(v.measured) : '',
        ratio: drawable(first) && drawable(last) ? first / last : null,
      });
    },
    `${theory === null}|${footRun}`,
  );
  const view = useMemo(
    () => JSON.parse(footerKey) as { started: boolean; step: number; latestStep: number; dropped: number; reason: string; ratio: number | null },
    [footerKey],
  );
  const yKey = useTurnSelectRuns(FLOW_ID, (hs) => domainKey(unionDomain(hs.map((h, i) => timeFlowView(lastFiniteLayers(h, 'preactGradNorm').values, theories[i] ?? null).yDomain))), theories.map((t) => (t ? 1 : 0)).join(''));
  const [yLo, yHi] = useStickyLogDomain(parseDomain(yKey));
  const axisLabel = siteWords('rnn', lang).axis;
  const x = useMemo(() => ({ domain: [0.5, maxT + 0.5] as [number, number], label: axisLabel, ticks: layerTicks(maxT), format: (v: number) => String(Math.round(v)) }), [maxT, axisLabel]);
  const y = useMemo(() => ({ domain: [yLo, yHi] as [number, number], label: '‖dL/dh_t‖', log: true, ticks: logTicks([yLo, yHi]) }), [yLo, yHi]);
  const series = useMemo(
    () => (
      <PlotClip>
        <TimeFlowSeries theories={theories} />
      </PlotClip>
    ),
    [theories],
  );
  return (
    <ChartCard
      id="flow"
      title={t('chart.time.title')}
      explain={t('chart.time.explain', { bounds: runCount > 1 ? t('chart.time.bounds.runs') : theory ? envelopeLabel(theory, lang) : t('chart.time.bounds.wait') })}
      footer={
        <>
          {runCount > 1 && <RunKey index={footRun} />}
          {!view.started && <span>{t('chart.waiting')}</span>}
          {view.started && view.step === view.latestStep && <span>{t('chart.step', { step: Math.round(view.step) })}</span>}
          {view.started && view.step !== view.latestStep && <span className="flag">{t('chart.lastFinite', { step: Math.round(view.step) })}</span>}
          {view.started && view.ratio !== null && (
            <span data-testid="time-ratio">
              ‖dL/dh_1‖ / ‖dL/dh_T‖ = {formatNumber(view.ratio)}
            </span>
          )}
          {theory && <span data-testid="recurrent-theory">{describeRecurrentTheory(theory, lang)}</span>}
          {view.started && view.dropped > 0 && (
            <span className="flag">{t('chart.time.notDrawn', { count: view.dropped, total: maxT, reason: view.reason })}</span>
          )}
        </>
      }
    >
      <ChartFrame ariaLabel={t('chart.time.aria')} x={x} y={y}>
        {series}
      </ChartFrame>
    </ChartCard>
  );
}

/** A scalar series of one history, downsampled, times `scale`. */
function scalarSeries(h: RunHistory, name: FrameScalar, buckets: number, scale = 1): Downsampled {
  return downsampleMinMax(h.length, (i) => h.stepAt(i), (i) => h.scalar(name, i) * scale, buckets, true);
}

const SPECTRAL_ID = 'spectral';

function SpectralSeries({ gammas }: { gammas: number[] }) {
  const histories = useStore((s) => s.histories);
  const version = useTurn(SPECTRAL_ID);
  const lines = useMemo(() => {
    void version;
    const buckets = runBuckets(75, histories.length);
    return histories.map((h, i) => scalarSeries(h, 'sigmaMax', buckets, gammas[i] ?? 1));
  }, [histories, version, gammas]);
  return (
    <>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one line per run, in set order
        <SeriesPath key={i} points={line.points} color={lines.length === 1 ? SERIES.measured : runStyle(i).color} dash={lines.length === 1 ? undefined : runStyle(i).dash} width={2} testId={`series-spectral${i === 0 ? '' : `-${i}`}`} />
      ))}
    </>
  );
}

export function SpectralChart() {
  const t = useT();
  useTurnTask(SPECTRAL_ID);
  const theories = useRecurrentTheories();
  const gammasKey = theories.map((t) => t?.gamma ?? 1).join(',');
  const gammas = useMemo(() => gammasKey.split(',').map(Number), [gammasKey]);
  const footRun = useStore((s) => shownRun(s));
  const runCount = useStore((s) => s.runs.length);
  const cell = useStore((s) => s.config.cell);
  const yKey = useTurnSelectRuns(
    SPECTRAL_ID,
    (hs) => domainKey(unionDomain(hs.map((h, i) => { const [lo, hi] = h.scalarRange('sigmaMax'); return logDomain([lo * (gammas[i] ?? 1), hi * (gammas[i] ?? 1), 1], [0.1, 10]); }))),
    gammasKey,
  );
  const xMax = useTurnSelectRuns(SPECTRAL_ID, sharedStepMax);
  const latest = useTurnSelectRuns(SPECTRAL_ID, (hs) => {
    const h = hs[footRun] ?? hs[0];
    return `${h.latestScalar('sigmaMax')},${h.latestScalar('gateMean')}`;
  }, String(footRun));
  const [sigma, gate] = latest.split(',').map(Number);
  const gamma = gammas[footRun] ?? 1;
  const [yLo, yHi] = useStickyLogDomain(parseDomain(yKey));
  const stepLabel = t('chart.step.x');
  const x = useMemo(() => stepAxis(xMax, stepLabel), [xMax, stepLabel]);
  const y = useMemo(() => ({ domain: [yLo, yHi] as [number, number], label: 'γ·σ_max(W_rec)', log: true, ticks: logTicks([yLo, yHi]) }), [yLo, yHi]);
  const series = useMemo(
    () => (
      <>
        <PlotClip>
          <SpectralSeries gammas={gammas} />
        </PlotClip>
        <HorizontalBand from={1} color={SERIES.threshold} label={t('chart.spectral.line')} />
      </>
    ),
    [gammas, t],
  );
  const product = gamma * sigma;
  return (
    <ChartCard
      id="spectral"
      title={t('chart.spectral.title')}
      explain={t('chart.spectral.explain', { gated: cell === 'rnn' ? '' : t('chart.spectral.gated') })}
      footer={
        <>
          {runCount > 1 && <RunKey index={footRun} />}
          {Number.isFinite(sigma) && (
            <span data-testid="spectral-latest">
              σ_max = {formatNumber(sigma)}, γ·σ_max = {formatNumber(product)}: {t(product < 1 ? 'chart.spectral.below' : 'chart.spectral.above')}
            </span>
          )}
          {Number.isFinite(gate) && (
            <span data-testid="gate-mean">
              {t(cell === 'gru' ? 'chart.spectral.gate.update' : 'chart.spectral.gate.forget', { value: formatNumber(gate) })}
            </span>
          )}
        </>
      }
    >
      <ChartFrame ariaLabel={t('chart.spectral.aria')} x={x} y={y}>
        {series}
      </ChartFrame>
    </ChartCard>
  );
}

const RATIO_ID = 'groupRatio';
/** Colours of the parameter groups (input, recurrent, bias, readout). */
export const GROUP_COLORS = ['#1f77b4', '#d62728', '#7f7f7f', '#2ca02c'] as const;

function GroupRatioSeries({ run }: { run: number }) {
  const history = useStore((s) => s.histories[run]);
  const version = useTurn(RATIO_ID);
  const lines = useMemo(() => {
    void version;
    return history ? GROUP_RATIO_SCALARS.map((name) => scalarSeries(history, name, 75)) : [];
  }, [history, version]);
  return (
    <>
      {lines.map((line, k) => (
        <SeriesPath key={PARAM_GROUPS[k]} points={line.points} color={GROUP_COLORS[k]} width={2} testId={`series-group-${PARAM_GROUPS[k]}${run ? `-${run}` : ''}`} />
      ))}
    </>
  );
}

export function GroupRatioChart() {
  const t = useT();
  useTurnTask(RATIO_ID);
  const runCount = useStore((s) => s.runs.length);
  const yKey = useTurnSelectRuns(RATIO_ID, (hs) => {
    const [lo, hi] = unionDomain(hs.map((h) => h.scalarRange(...GROUP_RATIO_SCALARS)));
    return domainKey(logDomain([lo, hi, HEALTHY_BAND[0] / 10, HEALTHY_BAND[1] * 10].filter(drawable)));
  });
  const xMax = useTurnSelectRuns(RATIO_ID, sharedStepMax);
  const [yLo, yHi] = useStickyLogDomain(parseDomain(yKey));
  const stepLabel = t('chart.step.x');
  const x = useMemo(() => stepAxis(xMax, stepLabel), [xMax, stepLabel]);
  const y = useMemo(() => ({ domain: [yLo, yHi] as [number, number], label: '‖Δθ‖ / ‖θ‖', log: true, ticks: logTicks([yLo, yHi]) }), [yLo, yHi]);
  return (
    <ChartCard
      id="update-ratio"
      title={t('chart.groups.title')}
      explain={t('chart.groups.explain')}
      footer={
        <span>
          {PARAM_GROUPS.map((g, k) => (
            <span key={g} style={{ marginRight: '0.8em' }}>
              <ColorKey color={GROUP_COLORS[k]} square /> {t(`group.param.${g}`)}
            </span>
          ))}
        </span>
      }
    >
      <RunPanels>
        {(run) => (
          <ChartFrame ariaLabel={t('chart.groups.aria')} x={x} y={y} height={panelHeight(runCount)}>
            <HorizontalBand from={HEALTHY_BAND[0]} to={HEALTHY_BAND[1]} color={SERIES.band} label={t('chart.ratio.band')} />
            <PlotClip>
              <GroupRatioSeries run={run} />
            </PlotClip>
          </ChartFrame>
        )}
      </RunPanels>
    </ChartCard>
  );
}
