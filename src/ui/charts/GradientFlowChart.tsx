// Gradient flow across depth: the size of the gradient at every layer for the newest
// step, on a log axis, so that vanishing or exploding gradients show as a straight
// slope. Two views: ||delta_l|| (gradient w.r.t. the pre-activations, compared with the
// mean-field prediction) and ||dL/dW_l||.
import { useCallback, useMemo } from 'react';
import type { TheoryPrediction } from '../../core/theory';
import type { FrameLayerStat } from '../../protocol';
import type { RunHistory } from '../../store/history';
import type { GradientView } from '../../store/store';
import { shownRun, useStore, useShownGradientView } from '../../store/store';
import { domainKey, parseDomain, unionDomain, useStickyLogDomain, useTurnSelect, useTurnSelectRuns, useTurnTask } from './live';
import { RunKey } from './RunPanels';
import { ChartCard } from './ChartCard';
import { GradientViewToggle } from './GradientViewToggle';
import { ChartFrame, PlotClip } from './ChartFrame';
import { LiveSeries, type SeriesPathProps } from './ChartSeries';
import { type Downsampled, downsampleMinMax } from './downsample';
import { runStyle, SERIES } from './palette';
import { logDomain, logTicks } from './scale';
import { type Lang, t as translate } from '../../i18n/i18n';
import { useLang, useT } from '../useT';
import { ColorKey } from './ColorKey';

const langNow = (): Lang => useStore.getState().view.lang;

const BUCKETS = 150;
const drawable = (v: number) => Number.isFinite(v) && v > 0;

/**
 * The predicted ||delta_l|| for every layer, in the units of the measurement: the theory
 * gives values relative to the last hidden layer (index depth-1), so they are scaled by
 * the measured value there. If that value cannot anchor the line (0, NaN, ∞), the
 * nearest layer below it that can is used instead, then the output layer.
 * `anchorLayer` is the 0-based layer used, or null when no line can be drawn.
 */
export function anchoredTheory(
  relative: readonly number[],
  measured: ArrayLike<number>,
  depth: number,
): { values: number[]; anchorLayer: number | null } {
  const L = relative.length;
  if (L === 0 || depth < 1 || L !== measured.length || depth >= L) return { values: [], anchorLayer: null };
  const order: number[] = [];
  for (let l = depth - 1; l >= 0; l--) order.push(l);
  order.push(depth);
  const anchorLayer = order.find((l) => drawable(measured[l]) && drawable(relative[l]));
  if (anchorLayer === undefined) return { values: [], anchorLayer: null };
  const scale = measured[anchorLayer] / relative[anchorLayer];
  return { values: relative.map((r) => r * scale), anchorLayer };
}

/** Integer ticks 1..L on the layer axis: 1, a round step, and always L (the output layer). */
export function layerTicks(L: number, maxTicks = 10): number[] {
  if (L <= 1) return [1];
  const steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500];
  const step = steps.find((s) => Math.ceil(L / s) + 1 <= maxTicks) ?? Math.ceil(L / maxTicks);
  const ticks = [1];
  for (let t = step; t < L; t += step) if (t - ticks[ticks.length - 1] >= step / 2) ticks.push(t);
  if (ticks.length > 1 && L - ticks[ticks.length - 1] < step / 2) ticks.pop();
  ticks.push(L);
  return ticks;
}

/** Why values were left out: "2 NaN/∞, 1 zero". */
export function notDrawnReason({ dropped, nonFinite }: Downsampled, lang: Lang = 'en'): string {
  const parts: string[] = [];
  if (nonFinite > 0) parts.push(translate(lang, 'chart.notDrawn.nonFinite', { count: nonFinite }));
  if (dropped > nonFinite) parts.push(translate(lang, 'chart.notDrawn.zero', { count: dropped - nonFinite }));
  return parts.join(translate(lang, 'chart.listSeparator'));
}

/** The theory line's one sentence: chi and whether gradients explode, vanish or stay level (core/theory.ts's summary, in words of the page's language). */
export function theorySummary(theory: TheoryPrediction, depth: number, residual: boolean, lang: Lang): string {
  if (depth < 2) return translate(lang, 'theory.shallow');
  const logs = theory.chiPerLayer.map((c) => Math.log(c));
  const meanChi = logs.length > 0 ? Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length) : 1;
  if (residual) return translate(lang, 'theory.residual', { chi: meanChi.toPrecision(3) });
  const chi = Number.isFinite(theory.chiStar) ? theory.chiStar : meanChi;
  const trend = chi > 1.05 ? 'theory.explode' : chi < 0.95 ? 'theory.vanish' : 'theory.level';
  return translate(lang, 'theory.chi', { chi: chi.toPrecision(3), trend: translate(lang, trend) });
}

export interface FlowView {
  L: number;
  measured: Downsampled;
  theory: Downsampled | null;
  anchorLayer: number | null;
  yDomain: [number, number];
}

/** Everything the chart draws, from the newest step's per-layer values (layer l+1 at x). */
export function flowView(values: ArrayLike<number>, view: GradientView, theory: TheoryPrediction | null): FlowView {
  const L = values.length;
  const measured = downsampleMinMax(L, (i) => i + 1, (i) => values[i], BUCKETS, true);
  let theoryLine: Downsampled | null = null;
  let anchorLayer: number | null = null;
  if (view === 'delta' && theory && theory.preactGradNormRelative.length === L) {
    const anchored = anchoredTheory(theory.preactGradNormRelative, values, L - 1);
    anchorLayer = anchored.anchorLayer;
    if (anchored.anchorLayer !== null) {
      theoryLine = downsampleMinMax(L, (i) => i + 1, (i) => anchored.values[i], BUCKETS, true);
    }
  }
  const ys: number[] = [];
  for (const p of measured.points) if (p.y !== null) ys.push(p.y);
  if (theoryLine) for (const p of theoryLine.points) if (p.y !== null) ys.push(p.y);
  return { L, measured, theory: theoryLine, anchorLayer, yDomain: logDomain(ys, [1e-4, 1]) };
}

/** The last search of each history (a diverged run scans its rows back once, not every turn). */
const lastFiniteCache = new WeakMap<RunHistory, { key: string; found: { values: ArrayLike<number>; step: number } }>();

/**
 * The newest step's per-layer values, or, once they are NaN or infinite (a diverged run),
 * those of the last kept step where every layer was finite: the blow-up that led there
 * stays on screen.
 */
export function lastFiniteLayers(history: RunHistory, stat: FrameLayerStat): { values: ArrayLike<number>; step: number } {
  const latest = history.latestLayer(stat);
  if (history.stepsSeen === 0 || latest.every(Number.isFinite)) return { values: latest, step: history.lastStep };
  const key = `${stat}|${history.stepsSeen}|${history.compactions}`;
  const cached = lastFiniteCache.get(history);
  if (cached?.key === key) return cached.found;
  let found = { values: latest as ArrayLike<number>, step: history.lastStep };
  for (let row = history.length - 1; row >= 0; row--) {
    const values = history.layerRow(stat, row);
    if (values.every(Number.isFinite)) {
      found = { values, step: history.stepAt(row) };
      break;
    }
  }
  lastFiniteCache.set(history, { key, found });
  return found;
}

const ID = 'gradientFlow';

/** The per-layer statistic a gradient view shows. */
const statOf = (view: GradientView): FrameLayerStat => (view === 'delta' ? 'preactGradNorm' : 'weightGradNorm');

/** Each run's theory, where it is shown (not hidden, and the run has started). */
function useTheories(): (TheoryPrediction | null)[] {
  // hide=theory in the URL hides the prediction (for a class that guesses first).
  const hideTheory = useStore((s) => s.view.hide.includes('theory'));
  // A new array whenever a run starts (and its meta, with the theory, arrives).
  const histories = useStore((s) => s.histories);
  return useMemo(() => {
    void histories;
    return runAtAll().map((r) => (!hideTheory && r.meta && r.meta.numLayers === r.history.numLayers ? r.meta.theory : null));
  }, [hideTheory, histories]);
}

const runAtAll = () => useStore.getState().runs;

/** The lines, redrawn on every step without React (LiveSeries). */
function FlowSeries({ theories, gradientView }: { theories: (TheoryPrediction | null)[]; gradientView: GradientView }) {
  const compute = useCallback((): SeriesPathProps[] => {
    const views = useStore.getState().histories.map((history, i) => flowView(lastFiniteLayers(history, statOf(gradientView)).values, gradientView, theories[i] ?? null));
    if (views.length === 1) {
      const view = views[0];
      return [
        ...(view.theory ? [{ points: view.theory.points, color: SERIES.theory, width: 2, dash: '7 5', testId: 'series-flow-theory' }] : []),
        // Markers help read a few layers; with many they cost more than they show.
        { points: view.measured.points, color: SERIES.measured, markers: view.L <= 40, testId: 'series-flow-measured' },
      ];
    }
    // A run set: each run's profile in its colour and dash, its theory thin and faint beneath.
    return [
      ...views.flatMap((view, i) =>
        view.theory ? [{ points: view.theory.points, color: runStyle(i).color, width: 1.25, dash: '2 4', opacity: 0.7, testId: `series-flow-theory-${i}` }] : [],
      ),
      ...views.map((view, i) => ({
        points: view.measured.points,
        color: runStyle(i).color,
        dash: runStyle(i).dash,
        width: 2.5,
        markers: view.L <= 40,
        testId: i === 0 ? 'series-flow-measured' : `series-flow-measured-${i}`,
      })),
    ];
  }, [theories, gradientView]);
  return <LiveSeries id={ID} compute={compute} />;
}

const formatLayer = (v: number) => String(Math.round(v));

export function GradientFlowChart() {
  useTurnTask(ID);
  const gradientView = useShownGradientView();
  const theories = useTheories();
  // The footer speaks of the selected run (the one the controls edit).
  const footRun = useStore((s) => shownRun(s));
  const runCount = useStore((s) => s.runs.length);
  const theory = theories[footRun] ?? null;
  const residual = useStore((s) => s.runs[footRun]?.meta?.config.residual ?? false);
  const maxLayers = useStore((s) => Math.max(...s.runs.map((r) => r.history.numLayers)));
  // What the footer says, as one string: the chart re-renders only when it changes.
  const footerKey = useTurnSelect(
    ID,
    (h) => {
      const { values, step } = lastFiniteLayers(h, statOf(gradientView));
      const v = flowView(values, gradientView, theory);
      return JSON.stringify({
        L: v.L,
        started: h.stepsSeen > 0,
        step,
        latestStep: h.lastStep,
        dropped: v.measured.dropped,
        reason: v.measured.dropped > 0 ? notDrawnReason(v.measured, langNow()) : '',
        hasTheory: v.theory !== null,
        theoryDropped: v.theory?.dropped ?? 0,
        anchorLayer: v.anchorLayer,
      });
    },
    `${gradientView}|${theory === null}`,
    footRun,
  );
  const view = useMemo(
    () =>
      JSON.parse(footerKey) as {
        L: number;
        started: boolean;
        step: number;
        latestStep: number;
        dropped: number;
        reason: string;
        hasTheory: boolean;
        theoryDropped: number;
        anchorLayer: number | null;
      },
    [footerKey],
  );

  const delta = gradientView === 'delta';
  const L = view.L;
  const xL = Math.max(L, maxLayers);
  const notDrawn = view.started ? view.dropped : 0;
  const t = useT();
  const lang = useLang();
  const xLabel = t('chart.flow.x');
  const x = useMemo(() => ({ domain: [0.5, xL + 0.5] as [number, number], label: xLabel, ticks: layerTicks(xL), format: formatLayer }), [xL, xLabel]);
  // One y domain that fits every run's profile and theory.
  const yKey = useTurnSelectRuns(
    ID,
    (hs) => domainKey(unionDomain(hs.map((h, i) => flowView(lastFiniteLayers(h, statOf(gradientView)).values, gradientView, theories[i] ?? null).yDomain))),
    `${gradientView}|${theories.map((t) => (t ? 1 : 0)).join('')}`,
  );
  const [yLo, yHi] = useStickyLogDomain(parseDomain(yKey));
  const yLabel = delta ? '||δ_l||' : '||dL/dW_l||';
  const y = useMemo(() => ({ domain: [yLo, yHi] as [number, number], label: yLabel, log: true, ticks: logTicks([yLo, yHi]) }), [yLo, yHi, yLabel]);
  const series = useMemo(
    () => (
      <PlotClip>
        <FlowSeries theories={theories} gradientView={gradientView} />
      </PlotClip>
    ),
    [theories, gradientView],
  );

  return (
    <ChartCard
      id="flow"
      title={t('chart.flow.title')}
      explain={
        <>
          {t('chart.flow.explain', { L })}
          {delta && runCount === 1 && (
            <>
              {t('chart.flow.theory.before')}
              <ColorKey color={SERIES.theory} dash="7 5">{t('chart.flow.theory.pink')}</ColorKey>
              {t('chart.flow.theory.after')}
            </>
          )}
          {delta && runCount > 1 && <>{t('chart.flow.theory.runs')}</>}
          {t('chart.flow.views')}
        </>
      }
      actions={<GradientViewToggle />}
      footer={
        <>
          {runCount > 1 && <RunKey index={footRun} />}
          {!view.started && <span>{t('chart.waiting')}</span>}
          {view.started && view.step === view.latestStep && <span>{t('chart.step', { step: Math.round(view.step) })}</span>}
          {view.started && view.step !== view.latestStep && (
            <span className="flag">{t('chart.lastFinite', { step: Math.round(view.step) })}</span>
          )}
          {delta && theory && <span>{theorySummary(theory, L - 1, residual, lang)}</span>}
          {delta && view.hasTheory && view.anchorLayer !== null && view.anchorLayer !== L - 2 && (
            <span>{t('chart.flow.anchored', { layer: view.anchorLayer + 1 })}</span>
          )}
          {delta && view.started && !view.hasTheory && theory && theory.preactGradNormRelative.length > 0 && (
            <span>{t('chart.flow.noAnchor')}</span>
          )}
          {delta && view.hasTheory && view.theoryDropped > 0 && (
            <span className="flag">{t('chart.flow.offScale', { count: view.theoryDropped })}</span>
          )}
          {!delta && <span>{t('chart.flow.deltaOnly')}</span>}
          {notDrawn > 0 && (
            <span className="flag">{t('chart.notDrawn', { count: notDrawn, total: L, reason: view.reason })}</span>
          )}
        </>
      }
    >
      <ChartFrame ariaLabel={t(delta ? 'chart.flow.aria.delta' : 'chart.flow.aria.weight')} x={x} y={y}>
        {series}
      </ChartFrame>
    </ChartCard>
  );
}
