// Update / weight ratio: for every layer, how large the step the optimizer applied to
// W_l is compared with W_l itself, over training. Around 1e-3 is the usual rule of
// thumb; far above, each step overwrites the weights; far below, the layer barely moves.
import { useMemo } from 'react';
import { layerSummaryOf } from '../../store/history';
import { runAt, shownRun, useStore } from '../../store/store';
import { LayerLines } from './LayerLines';
import { useStickyLogDomain, sharedStepMax, useTurnSelectRuns, useTurnTask } from './live';
import { panelHeight, RunPanels } from './RunPanels';
import { ChartCard } from './ChartCard';
import { ChartFrame, PlotClip } from './ChartFrame';
import { layerColor, SERIES } from './palette';
import { formatNumber, logDomain, logTicks, stepAxis } from './scale';
import { richText, useT } from '../useT';
import { ColorKey } from './ColorKey';

/** The customary healthy range of ||ΔW|| / ||W|| per step, centred on 1e-3. */
export const HEALTHY_BAND: readonly [number, number] = [1e-4, 1e-2];

/**
 * The y domain: every drawable value (min and max over all layers, from layerSummary)
 * and the healthy band with a decade to spare either side, so the band never fills the
 * whole plot.
 */
export function updateRatioDomain(lo: number, hi: number): [number, number] {
  return logDomain([Math.min(lo, HEALTHY_BAND[0] / 10), Math.max(hi, HEALTHY_BAND[1] * 10)]);
}

export { axisMaps, layerStyle } from './LayerLines';

/** Drawn over the lines (it is translucent): with 100 layers they would hide it. */
const bandStyle = (label: string) => ({ from: HEALTHY_BAND[0], to: HEALTHY_BAND[1], color: SERIES.band, label });

const ID = 'updateRatio';

export function UpdateRatioChart() {
  const highlightedLayer = useStore((s) => s.highlightedLayer);
  const L = useStore((s) => runAt(s, shownRun(s)).history.numLayers);
  const runCount = useStore((s) => s.runs.length);
  useTurnTask(ID);
  // One y domain for every panel.
  const summary = useTurnSelectRuns(ID, (hs) => {
    const s = layerSummaryOf(hs, 'updateRatio');
    const domain = updateRatioDomain(s.lo, s.hi);
    return `${domain[0]},${domain[1]},${s.dropped},${s.nonFinite}`;
  });
  const xMax = useTurnSelectRuns(ID, sharedStepMax);
  const [rawLo, rawHi, dropped, nonFinite] = summary.split(',').map(Number);
  const [yLo, yHi] = useStickyLogDomain([rawLo, rawHi]);
  const highlighted = highlightedLayer !== null && highlightedLayer >= 0 && highlightedLayer < L ? highlightedLayer : null;
  const t = useT();
  const stepLabel = t('chart.step.x');
  const band = useMemo(() => bandStyle(t('chart.ratio.band')), [t]);
  const x = useMemo(() => stepAxis(xMax, stepLabel), [xMax, stepLabel]);
  const y = useMemo(() => ({ domain: [yLo, yHi] as [number, number], label: '‖ΔW‖ / ‖W‖', log: true, ticks: logTicks([yLo, yHi]) }), [yLo, yHi]);
  const series = useMemo(
    () =>
      Array.from({ length: runCount }, (_, run) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one panel per run, in set order
        <PlotClip key={run}>
          <LayerLines
            id={`updateRatio:lines:${run}`}
            run={run}
            stat="updateRatio"
            xDomain={x.domain}
            yDomain={y.domain}
            testId={`series-update-0${run ? `-${run}` : ''}`}
            band={band}
          />
        </PlotClip>
      )),
    [x, y, runCount, band],
  );

  return (
    <ChartCard
      id="update-ratio"
      title={t('chart.ratio.title')}
      explain={t('chart.ratio.explain')}
      footer={
        <>
          <span>
            {richText(t('chart.layerColours', { L }), {
              first: <ColorKey color={layerColor(0, L)} square />,
              last: <ColorKey color={layerColor(L - 1, L)} square />,
            })}
          </span>
          {highlighted !== null && <span>{t('chart.highlighted', { layer: highlighted + 1 })}</span>}
          {dropped > 0 && (
            <span className="flag">{t(nonFinite > 0 ? 'chart.values.notDrawn.nan' : 'chart.values.notDrawn.zero', { count: formatNumber(dropped, 6), nan: formatNumber(nonFinite, 6) })}</span>
          )}
        </>
      }
    >
      <RunPanels>
        {(run) => (
          <ChartFrame ariaLabel={t('chart.ratio.aria')} x={x} y={y} height={panelHeight(runCount)}>
            {series[run]}
          </ChartFrame>
        )}
      </RunPanels>
    </ChartCard>
  );
}
