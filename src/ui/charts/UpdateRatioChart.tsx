// Update / weight ratio: for every layer, how large the step the optimizer applied to
// W_l is compared with W_l itself, over training. Around 1e-3 is the usual rule of
// thumb; far above, each step overwrites the weights; far below, the layer barely moves.
import { memo, useMemo } from 'react';
import { useXAxisScale, useYAxisScale } from 'recharts';
import type { RunHistory } from '../../store/history';
import { useStore } from '../../store/store';
import { useHistory } from '../useHistory';
import { ChartCard } from './ChartCard';
import { ChartFrame, HorizontalBand, PlotClip } from './ChartFrame';
import { type Downsampled, downsampleMinMax, pathOf } from './downsample';
import { layerColor, SERIES } from './palette';
import { formatNumber, logDomain, logTicks, stepDomain } from './scale';

const MAX_BUCKETS = 150;
/** Buckets over all layers together (each bucket keeps at most 4 points). */
const POINT_BUDGET = 6000;

/**
 * Buckets per layer: 150 for a few layers, fewer for many, so 100 layers stay within a
 * frame's budget (their lines overlap into a band anyway).
 */
export function bucketsFor(numLayers: number): number {
  return Math.max(30, Math.min(MAX_BUCKETS, Math.floor(POINT_BUDGET / Math.max(1, numLayers))));
}

/** The customary healthy range of ||ΔW|| / ||W|| per step, centred on 1e-3. */
export const HEALTHY_BAND: readonly [number, number] = [1e-4, 1e-2];

export interface UpdateRatioView {
  /** One downsampled series per layer, input layer first. */
  layers: Downsampled[];
  /** Values not drawn over all layers (0, NaN, ∞), and how many of them were NaN/∞. */
  dropped: number;
  nonFinite: number;
  xDomain: [number, number];
  /** Covers every drawn value and the healthy band with a decade to spare either side. */
  yDomain: [number, number];
}

export function updateRatioView(history: RunHistory, buckets = bucketsFor(history.numLayers)): UpdateRatioView {
  const n = history.length;
  const L = history.numLayers;
  const steps = history.steps();
  const xAt = (i: number) => steps[i];
  // Columns by layer, read once: far cheaper than layerValue() per point with 100 layers.
  const columns = Array.from({ length: L }, () => new Float64Array(n));
  for (let row = 0; row < n; row++) {
    const values = history.layerRow('updateRatio', row);
    for (let l = 0; l < L; l++) columns[l][row] = values[l];
  }
  const layers: Downsampled[] = [];
  let dropped = 0;
  let nonFinite = 0;
  // A decade either side of the band at least, so the band never fills the whole plot.
  let min = HEALTHY_BAND[0] / 10;
  let max = HEALTHY_BAND[1] * 10;
  for (let l = 0; l < L; l++) {
    const column = columns[l];
    const series = downsampleMinMax(n, xAt, (i) => column[i], buckets, true);
    layers.push(series);
    dropped += series.dropped;
    nonFinite += series.nonFinite;
    for (const p of series.points) {
      if (p.y === null) continue;
      if (p.y < min) min = p.y;
      if (p.y > max) max = p.y;
    }
  }
  const lastStep = Math.max(1, history.lastStep);
  return {
    layers,
    dropped,
    nonFinite,
    xDomain: stepDomain(lastStep),
    yDomain: logDomain([min, max], [HEALTHY_BAND[0] / 10, HEALTHY_BAND[1] * 10]),
  };
}

/** Line style of layer `layer` when `highlighted` (0-based) is singled out, or none is. */
export function layerStyle(layer: number, highlighted: number | null): { width: number; opacity: number } {
  if (highlighted === null) return { width: 1.5, opacity: 0.9 };
  return layer === highlighted ? { width: 3.5, opacity: 1 } : { width: 1.25, opacity: 0.25 };
}

/**
 * Pixel mappings for a linear x and a log y axis, from where the scales put the ends of
 * the domains. Plain numbers, so the paths below are rebuilt only when the data or the
 * plot geometry change (recharts hands out new scale functions on every render).
 */
export function axisMaps(
  xDomain: readonly [number, number],
  yDomain: readonly [number, number],
  xPx: readonly [number, number],
  yPx: readonly [number, number],
): { x: (v: number) => number; y: (v: number) => number } {
  const bx = (xPx[1] - xPx[0]) / (xDomain[1] - xDomain[0]);
  const ly0 = Math.log10(yDomain[0]);
  const by = (yPx[1] - yPx[0]) / (Math.log10(yDomain[1]) - ly0);
  return { x: (v) => xPx[0] + (v - xDomain[0]) * bx, y: (v) => yPx[0] + (Math.log10(v) - ly0) * by };
}

/**
 * All layers' lines in one overlay: the axis scales are read once, the path strings are
 * rebuilt only when the data or the geometry change, not when the highlight does.
 * Same markup as SeriesPath (a <g data-testid data-points> around each <path>).
 */
const LayerPaths = memo(function LayerPaths({
  layers,
  xDomain,
  yDomain,
  highlighted,
}: {
  layers: Downsampled[];
  xDomain: [number, number];
  yDomain: [number, number];
  highlighted: number | null;
}) {
  const xs = useXAxisScale();
  const ys = useYAxisScale();
  const x0 = xs?.(xDomain[0]) ?? Number.NaN;
  const x1 = xs?.(xDomain[1]) ?? Number.NaN;
  const y0 = ys?.(yDomain[0]) ?? Number.NaN;
  const y1 = ys?.(yDomain[1]) ?? Number.NaN;
  const paths = useMemo(() => {
    if (![x0, x1, y0, y1].every(Number.isFinite)) return null;
    const map = axisMaps(xDomain, yDomain, [x0, x1], [y0, y1]);
    return layers.map((series) => pathOf(series.points, map.x, map.y));
  }, [layers, xDomain, yDomain, x0, x1, y0, y1]);
  if (!paths) return null;
  const L = layers.length;
  // The highlighted layer is drawn last, so on top of the others.
  const order = layers.map((_, l) => l).filter((l) => l !== highlighted);
  if (highlighted !== null) order.push(highlighted);
  return (
    <g>
      {order.map((l) => {
        const style = layerStyle(l, highlighted);
        return (
          <g
            key={l}
            data-testid={l === 0 ? 'series-update-0' : undefined}
            data-layer={l}
            data-points={layers[l].points.filter((p) => p.y !== null).length}
          >
            <path
              d={paths[l]}
              fill="none"
              stroke={layerColor(l, L)}
              strokeWidth={`calc(${style.width}px * var(--line-scale))`}
              strokeOpacity={style.opacity}
              strokeLinejoin="round"
              strokeLinecap="round"
            />
          </g>
        );
      })}
    </g>
  );
});

export function UpdateRatioChart() {
  const { history, version } = useHistory();
  const highlightedLayer = useStore((s) => s.highlightedLayer);
  const view = useMemo(() => {
    void version;
    const v = updateRatioView(history);
    return { ...v, xDomain: [0, v.xDomain[1]] as [number, number] };
  }, [history, version]);
  const L = view.layers.length;
  const highlighted = highlightedLayer !== null && highlightedLayer >= 0 && highlightedLayer < L ? highlightedLayer : null;

  return (
    <ChartCard
      id="update-ratio"
      title="Update / weight ratio"
      explain={
        <>
          For each layer, the size of the step applied to its weights divided by the size of the weights, log scale. The
          shaded band around 1e-3 is the usual healthy range: much above, every step overwrites the weights (learning rate
          too high); much below, the layer barely learns.
        </>
      }
      footer={
        <>
          <span>
            colour: layer 1 <span style={{ color: layerColor(0, L) }}>■</span> (input side) →{' '}
            <span style={{ color: layerColor(L - 1, L) }}>■</span> layer {L} (output)
          </span>
          {highlighted !== null && <span>highlighted: layer {highlighted + 1}</span>}
          {view.dropped > 0 && (
            <span className="flag">
              {formatNumber(view.dropped, 6)} values not drawn
              {view.nonFinite > 0 ? ` (${formatNumber(view.nonFinite, 6)} NaN/∞, the rest zero)` : ' (zero)'}
            </span>
          )}
        </>
      }
    >
      <ChartFrame
        ariaLabel="Update to weight ratio per layer over training steps"
        x={{ domain: view.xDomain, label: 'step' }}
        y={{ domain: view.yDomain, label: '‖ΔW‖ / ‖W‖', log: true, ticks: logTicks(view.yDomain) }}
      >
        <PlotClip>
          <LayerPaths layers={view.layers} xDomain={view.xDomain} yDomain={view.yDomain} highlighted={highlighted} />
        </PlotClip>
        {/* On top of the lines (it is translucent): with 100 layers they would hide it. */}
        <HorizontalBand from={HEALTHY_BAND[0]} to={HEALTHY_BAND[1]} color={SERIES.band} label="~1e-3: healthy" />
      </ChartFrame>
    </ChartCard>
  );
}
