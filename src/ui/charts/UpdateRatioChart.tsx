// Update / weight ratio: for every layer, how large the step the optimizer applied to
// W_l is compared with W_l itself, over training. Around 1e-3 is the usual rule of
// thumb; far above, each step overwrites the weights; far below, the layer barely moves.
import { useMemo } from 'react';
import type { RunHistory } from '../../store/history';
import { useStore } from '../../store/store';
import { LayerLines } from './LayerLines';
import { SCHEDULE, useLiveSelect, useStickyLogDomain } from './live';
import { ChartCard } from './ChartCard';
import { ChartFrame, PlotClip } from './ChartFrame';
import { type Downsampled, downsampleMinMax } from './downsample';
import { layerColor, SERIES } from './palette';
import { formatNumber, logDomain, logTicks, stepAxis, stepDomain } from './scale';

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

export { axisMaps, layerStyle } from './LayerLines';

/** Drawn over the lines (it is translucent): with 100 layers they would hide it. */
const HEALTHY_BAND_STYLE = { from: HEALTHY_BAND[0], to: HEALTHY_BAND[1], color: SERIES.band, label: '~1e-3: healthy' };

const CADENCE = SCHEDULE.updateRatio;

export function UpdateRatioChart() {
  const highlightedLayer = useStore((s) => s.highlightedLayer);
  const L = useStore((s) => s.history.numLayers);
  const summary = useLiveSelect((h) => {
    const s = h.layerSummary('updateRatio');
    const domain = logDomain([Math.min(s.lo, HEALTHY_BAND[0] / 10), Math.max(s.hi, HEALTHY_BAND[1] * 10)]);
    return `${domain[0]},${domain[1]},${s.dropped},${s.nonFinite}`;
  }, CADENCE);
  const xMax = useLiveSelect((h) => stepDomain(h.lastStep)[1], CADENCE);
  const [rawLo, rawHi, dropped, nonFinite] = summary.split(',').map(Number);
  const [yLo, yHi] = useStickyLogDomain([rawLo, rawHi]);
  const highlighted = highlightedLayer !== null && highlightedLayer >= 0 && highlightedLayer < L ? highlightedLayer : null;
  const x = useMemo(() => stepAxis(xMax), [xMax]);
  const y = useMemo(() => ({ domain: [yLo, yHi] as [number, number], label: '‖ΔW‖ / ‖W‖', log: true, ticks: logTicks([yLo, yHi]) }), [yLo, yHi]);
  const series = useMemo(
    () => (
      <>
        <PlotClip>
          <LayerLines
            stat="updateRatio"
            xDomain={x.domain}
            yDomain={y.domain}
            shown={highlighted}
            buckets={bucketsFor(L)}
            cadence={CADENCE}
            testId="series-update-0"
            band={HEALTHY_BAND_STYLE}
          />
        </PlotClip>
      </>
    ),
    [x, y, highlighted, L],
  );

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
          {dropped > 0 && (
            <span className="flag">
              {formatNumber(dropped, 6)} values not drawn
              {nonFinite > 0 ? ` (${formatNumber(nonFinite, 6)} NaN/∞, the rest zero)` : ' (zero)'}
            </span>
          )}
        </>
      }
    >
      <ChartFrame ariaLabel="Update to weight ratio per layer over training steps" x={x} y={y}>
        {series}
      </ChartFrame>
    </ChartCard>
  );
}
