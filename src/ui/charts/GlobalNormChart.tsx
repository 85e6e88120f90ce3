// Global gradient norm (all parameters together) per step, before and after clipping,
// on a log axis. With clipping by norm the threshold tau is drawn: the "after" line
// stays at or below it while the "before" line shows the spikes that were cut.
import { useCallback, useMemo, useRef } from 'react';
import type { ClipMode } from '../../core/config';
import type { RunHistory } from '../../store/history';
import { selectRunConfigs, useStore } from '../../store/store';
import { domainKey, parseDomain, unionDomain, useStickyLogDomain, sharedStepMax, useTurnSelectRuns, useTurnTask } from './live';
import { ChartCard } from './ChartCard';
import { ChartFrame, HorizontalBand, PlotClip } from './ChartFrame';
import { LiveSeries, type SeriesPathProps, stepLine } from './ChartSeries';
import { type Downsampled, StepSeries, streamsAt } from './downsample';
import { runBuckets, runStyle, SERIES } from './palette';
import { formatNumber, logDomain, logTicks, stepAxis, stepDomain } from './scale';
import { type Lang, t as translate } from '../../i18n/i18n';
import { richText, useLang, useT } from '../useT';
import { ColorKey } from './ColorKey';

/**
 * Buckets across the step axis (min-max keeps up to 4 points a bucket): the data fill 40%
 * to 100% of the axis, so 160 to 400 points over a ~500-700 px wide plot.
 */
const BUCKETS = 100;

export interface GlobalNormView {
  before: Downsampled;
  after: Downsampled;
  xDomain: [number, number];
  /** Covers both series and, with clipping by norm, the threshold. */
  yDomain: [number, number];
}

/** A run's two lines, each downsampled as rows arrive (StepSeries). */
interface NormStreams {
  before: StepSeries;
  after: StepSeries;
}
const normStreams = (): NormStreams => ({ before: new StepSeries(), after: new StepSeries() });

/** What the chart draws of a run, over the step axis `xDomain` (its own steps' when not given), updated from what arrived since the last call. */
export function globalNormView(
  history: RunHistory,
  clip: ClipMode,
  threshold: number,
  buckets = BUCKETS,
  xDomain: readonly [number, number] = stepDomain(history.lastStep),
  streams = normStreams(),
): GlobalNormView {
  const n = history.length;
  const xAt = (i: number) => history.stepAt(i);
  const key = String(history.compactions);
  const before = streams.before.update(history, key, n, xAt, (i) => history.scalar('gradNormBeforeClip', i), xDomain, buckets, true);
  const after = streams.after.update(history, key, n, xAt, (i) => history.scalar('gradNormAfterClip', i), xDomain, buckets, true);
  const ys: number[] = [];
  for (const p of before.points) if (p.y !== null) ys.push(p.y);
  for (const p of after.points) if (p.y !== null) ys.push(p.y);
  if (clip === 'norm') ys.push(threshold);
  return {
    before,
    after,
    xDomain: [xDomain[0], xDomain[1]],
    yDomain: logDomain(ys, [1e-3, 1e1]),
  };
}

/** The footer's sentence about the clipping mode in use. */
export function clipNote(clip: ClipMode, threshold: number, lang: Lang = 'en'): string {
  return translate(lang, `chart.norm.clip.${clip}`, { tau: formatNumber(threshold) });
}

const ID = 'globalNorm';

function NormSeries() {
  const clip = useStore((s) => s.config.clip);
  const threshold = useStore((s) => s.config.clipThreshold);
  const streams = useRef<NormStreams[]>([]);
  const compute = useCallback((): SeriesPathProps[] => {
    const histories = useStore.getState().histories;
    const buckets = runBuckets(BUCKETS, histories.length);
    const domain = [0, sharedStepMax(histories)] as const;
    streams.current.length = histories.length;
    const views = histories.map((h, i) => globalNormView(h, clip, threshold, buckets, domain, streamsAt(streams.current, i, normStreams)));
    if (views.length === 1) {
      const view = views[0];
      return [
        { ...stepLine(view.before), color: SERIES.before, width: 2, testId: 'series-norm-before' },
        { ...stepLine(view.after), color: SERIES.after, width: 2, dash: '6 4', testId: 'series-norm-after' },
      ];
    }
    // A run set: before clipping bold in the run's colour and dash, after clipping thin
    // and faint beneath it (where a run does not clip, the two coincide).
    return views.flatMap((view, i) => {
      const { color, dash } = runStyle(i);
      const suffix = i === 0 ? '' : `-${i}`;
      return [
        { ...stepLine(view.after), color, width: 4, opacity: 0.3, testId: `series-norm-after${suffix}` },
        { ...stepLine(view.before), color, width: 1.75, dash, testId: `series-norm-before${suffix}` },
      ];
    });
  }, [clip, threshold]);
  return <LiveSeries id={ID} compute={compute} />;
}

/** Values the chart cannot draw (0, NaN, inf): "total,nonFinite". */
function notDrawnKey(h: RunHistory): string {
  let total = 0;
  let nonFinite = 0;
  for (let i = 0; i < h.length; i++) {
    for (const name of ['gradNormBeforeClip', 'gradNormAfterClip'] as const) {
      const v = h.scalar(name, i);
      if (!(v > 0) || !Number.isFinite(v)) total++;
      if (!Number.isFinite(v)) nonFinite++;
    }
  }
  return `${total},${nonFinite}`;
}

export function GlobalNormChart() {
  const runCount = useStore((s) => s.runs.length);
  // The threshold drawn: run A's; with a set, every run's threshold where it clips by norm.
  const thresholdsKey = useStore((s) =>
    selectRunConfigs(s)
      .map((c) => (c.clip === 'norm' ? c.clipThreshold : ''))
      .join(','),
  );
  const clip = useStore((s) => s.config.clip);
  const threshold = useStore((s) => s.config.clipThreshold);
  const thresholds = useMemo(() => thresholdsKey.split(',').map((t, i) => ({ run: i, tau: t === '' ? null : Number(t) })), [thresholdsKey]);
  useTurnTask(ID);
  const yKey = useTurnSelectRuns(
    ID,
    (hs) =>
      domainKey(
        unionDomain(
          hs.map((h, i) => {
            const [lo, hi] = h.scalarRange('gradNormBeforeClip', 'gradNormAfterClip');
            const tau = thresholds[i]?.tau ?? null;
            return logDomain(tau !== null ? [lo, hi, tau] : [lo, hi], [1e-3, 1e1]);
          }),
        ),
      ),
    thresholdsKey,
  );
  const xMax = useTurnSelectRuns(ID, sharedStepMax);
  const [notDrawn, nonFinite] = useTurnSelectRuns(ID, (hs) => {
    let total = 0;
    let bad = 0;
    for (const h of hs) {
      const [t, n] = notDrawnKey(h).split(',').map(Number);
      total += t;
      bad += n;
    }
    return `${total},${bad}`;
  })
    .split(',')
    .map(Number);
  const t = useT();
  const lang = useLang();
  const stepLabel = t('chart.step.x');
  const normLabel = t('chart.norm.y');
  const x = useMemo(() => stepAxis(xMax, stepLabel), [xMax, stepLabel]);
  const [yLo, yHi] = useStickyLogDomain(parseDomain(yKey));
  const y = useMemo(() => {
    const domain: [number, number] = [yLo, yHi];
    return { domain, label: normLabel, log: true, ticks: logTicks(domain) };
  }, [yLo, yHi, normLabel]);
  const series = useMemo(
    () => (
      <>
        <PlotClip>
          <NormSeries />
        </PlotClip>
        {runCount === 1 && clip === 'norm' && <HorizontalBand from={threshold} color={SERIES.threshold} label={`τ = ${formatNumber(threshold)}`} />}
        {runCount > 1 &&
          thresholds.map(
            ({ run, tau }) =>
              tau !== null && <HorizontalBand key={run} from={tau} color={runStyle(run).color} label={`τ = ${formatNumber(tau)}`} />,
          )}
      </>
    ),
    [clip, threshold, runCount, thresholds],
  );

  return (
    <ChartCard
      id="global-norm"
      title={t('chart.norm.title')}
      explain={
        runCount > 1 ? (
          t('chart.norm.explain.runs')
        ) : (
          richText(t('chart.norm.explain'), {
              before: <ColorKey color={SERIES.before}>{t('color.orange')}</ColorKey>,
              after: <ColorKey color={SERIES.after} dash="6 4">{t('color.green')}</ColorKey>,
            })
        )
      }
      footer={
        <>
          {runCount === 1 && <span>{clipNote(clip, threshold, lang)}</span>}
          {notDrawn > 0 && (
            <span className="flag">{t(nonFinite > 0 ? 'chart.values.notDrawn.nan' : 'chart.values.notDrawn.zero', { count: formatNumber(notDrawn, 6), nan: formatNumber(nonFinite, 6) })}</span>
          )}
        </>
      }
    >
      <ChartFrame ariaLabel={t('chart.norm.aria')} x={x} y={y}>
        {series}
      </ChartFrame>
    </ChartCard>
  );
}
