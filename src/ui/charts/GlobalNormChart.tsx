// Global gradient norm (all parameters together) per step, before and after clipping,
// on a log axis. With clipping by norm the threshold tau is drawn: the "after" line
// stays at or below it while the "before" line shows the spikes that were cut.
import { useMemo } from 'react';
import type { ClipMode } from '../../core/config';
import type { RunHistory } from '../../store/history';
import { useStore } from '../../store/store';
import { domainKey, parseDomain, useStickyLogDomain, useTurn, useTurnSelect, useTurnTask } from './live';
import { ChartCard } from './ChartCard';
import { ChartFrame, HorizontalBand, PlotClip, SeriesPath } from './ChartFrame';
import { type Downsampled, downsampleMinMax } from './downsample';
import { SERIES } from './palette';
import { formatNumber, logDomain, logTicks, stepAxis, stepDomain } from './scale';

/** Min-max keeps up to 4 points a bucket: ~300 points over a ~500 px wide plot. */
const BUCKETS = 75;

export interface GlobalNormView {
  before: Downsampled;
  after: Downsampled;
  xDomain: [number, number];
  /** Covers both series and, with clipping by norm, the threshold. */
  yDomain: [number, number];
}

export function globalNormView(history: RunHistory, clip: ClipMode, threshold: number, buckets = BUCKETS): GlobalNormView {
  const n = history.length;
  const xAt = (i: number) => history.stepAt(i);
  const before = downsampleMinMax(n, xAt, (i) => history.scalar('gradNormBeforeClip', i), buckets, true);
  const after = downsampleMinMax(n, xAt, (i) => history.scalar('gradNormAfterClip', i), buckets, true);
  const ys: number[] = [];
  for (const p of before.points) if (p.y !== null) ys.push(p.y);
  for (const p of after.points) if (p.y !== null) ys.push(p.y);
  if (clip === 'norm') ys.push(threshold);
  return {
    before,
    after,
    xDomain: stepDomain(history.lastStep),
    yDomain: logDomain(ys, [1e-3, 1e1]),
  };
}

/** The footer's sentence about the clipping mode in use. */
export function clipNote(clip: ClipMode, threshold: number): string {
  switch (clip) {
    case 'none':
      return 'No clipping: the two lines coincide.';
    case 'norm':
      return `Clipping by norm: when the norm exceeds τ = ${formatNumber(threshold)} the whole gradient is scaled down to τ, keeping its direction.`;
    case 'value':
      return `Clipping by value bounds each entry to ±${formatNumber(threshold)}, not the norm: the norm after clipping can still be large, and the direction changes.`;
  }
}

const ID = 'globalNorm';

function NormSeries() {
  const history = useStore((s) => s.history);
  const version = useTurn(ID);
  const clip = useStore((s) => s.config.clip);
  const threshold = useStore((s) => s.config.clipThreshold);
  const view = useMemo(() => {
    void version;
    return globalNormView(history, clip, threshold);
  }, [history, version, clip, threshold]);
  return (
    <>
      <SeriesPath points={view.before.points} color={SERIES.before} width={2} testId="series-norm-before" />
      <SeriesPath points={view.after.points} color={SERIES.after} width={2} dash="6 4" testId="series-norm-after" />
    </>
  );
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
  const clip = useStore((s) => s.config.clip);
  const threshold = useStore((s) => s.config.clipThreshold);
  useTurnTask(ID);
  const yKey = useTurnSelect(
    ID,
    (h) => {
    const [lo, hi] = h.scalarRange('gradNormBeforeClip', 'gradNormAfterClip');
    return domainKey(logDomain(clip === 'norm' ? [lo, hi, threshold] : [lo, hi], [1e-3, 1e1]));
    },
    `${clip}|${threshold}`,
  );
  const xMax = useTurnSelect(ID, (h) => stepDomain(h.lastStep)[1]);
  const [notDrawn, nonFinite] = useTurnSelect(ID, notDrawnKey).split(',').map(Number);
  const x = useMemo(() => stepAxis(xMax), [xMax]);
  const [yLo, yHi] = useStickyLogDomain(parseDomain(yKey));
  const y = useMemo(() => {
    const domain: [number, number] = [yLo, yHi];
    return { domain, label: 'gradient norm', log: true, ticks: logTicks(domain) };
  }, [yLo, yHi]);
  const series = useMemo(
    () => (
      <>
        <PlotClip>
          <NormSeries />
        </PlotClip>
        {clip === 'norm' && <HorizontalBand from={threshold} color={SERIES.threshold} label={`τ = ${formatNumber(threshold)}`} />}
      </>
    ),
    [clip, threshold],
  );

  return (
    <ChartCard
      id="global-norm"
      title="Global gradient norm, before and after clipping"
      explain={
        <>
          The length of the whole gradient (all layers together) at each step, log scale, before (
          <span style={{ color: SERIES.before }}>orange</span>) and after (<span style={{ color: SERIES.after }}>green</span>,
          dashed) clipping. Sudden spikes are exploding gradients; clipping by norm caps them at the threshold τ.
        </>
      }
      footer={
        <>
          <span>{clipNote(clip, threshold)}</span>
          {notDrawn > 0 && (
            <span className="flag">
              {formatNumber(notDrawn, 6)} values not drawn
              {nonFinite > 0 ? ` (${formatNumber(nonFinite, 6)} NaN/∞, the rest zero)` : ' (zero)'}
            </span>
          )}
        </>
      }
    >
      <ChartFrame ariaLabel="Global gradient norm over training steps, before and after clipping" x={x} y={y}>
        {series}
      </ChartFrame>
    </ChartCard>
  );
}
