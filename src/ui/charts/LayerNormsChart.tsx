// Per-layer gradient norms over training: one line per layer on a log axis, coloured by
// depth (viridis: input dark purple, readout yellow). Lines that fan out by orders of
// magnitude are exploding or vanishing gradients. A legend highlights one layer (stored
// in `highlightedLayer`, shared with the other per-layer charts).
import { type CSSProperties, useMemo } from 'react';
import { layerSummaryOf } from '../../store/history';
import { runAt, shownRun, useFamily, useStore, useShownGradientView } from '../../store/store';
import { siteWords } from '../recurrent';
import { useLang, useT } from '../useT';
import { LayerLines } from './LayerLines';
import { useStickyLogDomain, useTurnSelect, sharedStepMax, useTurnSelectRuns, useTurnTask } from './live';
import { panelHeight, RunKey, RunPanels } from './RunPanels';
import { ChartCard } from './ChartCard';
import { ChartFrame, PlotClip } from './ChartFrame';
import {
  layerDetails,
  layerIndices,
  layerName,
  quickLayers,
  statForView,
  statLabel,
  SWATCH_LEGEND_MAX,
  toggleLayer,
  validLayer,
} from './layerNormsModel';
import { layerColor, viridis } from './palette';
import { GradientViewToggle } from './GradientViewToggle';
import { formatNumber, logDomain, logTicks, stepAxis } from './scale';
import './charts-extra.css';

/** A latest value for the legend; NaN spelled out (formatNumber shows a dash). */
function formatLatest(v: number): string {
  return Number.isNaN(v) ? 'NaN' : formatNumber(v);
}


const ID = 'layerNorms';

export function LayerNormsChart() {
  const gradientView = useShownGradientView();
  const stored = useStore((s) => s.highlightedLayer);
  const setHighlighted = useStore((s) => s.setHighlightedLayer);
  const preview = useStore((s) => s.previewLayer);
  const setPreview = useStore((s) => s.setPreviewLayer);
  const family = useFamily();
  const lang = useLang();
  const t = useT();
  const words = siteWords(family, lang);
  const stat = statForView(gradientView, family);
  const label = statLabel(gradientView, family);
  // The legend and readout follow the selected run (the one the controls edit).
  const readRun = useStore((s) => shownRun(s));
  const runCount = useStore((s) => s.runs.length);
  const L = useStore((s) => runAt(s, readRun).history.numLayers);
  useTurnTask(ID);
  // One y domain for every panel, and what none of them can draw.
  const summary = useTurnSelectRuns(
    ID,
    (hs) => {
      const s = layerSummaryOf(hs, stat);
      const domain = Number.isFinite(s.lo) ? logDomain([s.lo, s.hi]) : logDomain([], [1e-4, 1e1]);
      return `${domain[0]},${domain[1]},${s.nonFinite},${s.dropped - s.nonFinite}`;
    },
    stat,
  );
  const xMax = useTurnSelectRuns(ID, sharedStepMax);
  // The legend's latest value of the shown layer (a string, so only a change re-renders).
  const shownForReadout = validLayer(preview, L) ?? validLayer(stored, L);
  const latestText = useTurnSelect(
    ID,
    (h) => (shownForReadout === null || h.stepsSeen === 0 ? '' : formatLatest(h.latestLayer(stat)[shownForReadout])),
    `${stat}|${shownForReadout}`,
    readRun,
  );
  // Everything else measured of that layer, as "label\tvalue" lines (a string: re-renders only on change).
  const activation = useStore((s) => runAt(s, readRun).meta?.config.activation ?? s.config.activation);
  const detailsText = useTurnSelect(
    ID,
    (h) =>
      // An RNN's per-step details are its gradient alone (the line's readout): its weights are shared by every step.
      family === 'rnn' || shownForReadout === null || h.stepsSeen === 0
        ? ''
        : layerDetails((name) => h.latestLayer(name)[shownForReadout], activation, shownForReadout === h.numLayers - 1, lang)
            .map((d) => `${d.label}\t${d.value}`)
            .join('\n'),
    `${shownForReadout}|${activation}|${family}|${lang}`,
    readRun,
  );
  const [rawLo, rawHi, nonFinite, zeros] = summary.split(',').map(Number);
  const [yLo, yHi] = useStickyLogDomain([rawLo, rawHi]);
  const view = { latestText, nonFinite, yDomain: [yLo, yHi] as [number, number] };
  const highlighted = validLayer(stored, L);
  const shown = validLayer(preview, L) ?? highlighted;
  const pick = (layer: number) => {
    setPreview(null);
    setHighlighted(toggleLayer(highlighted, layer));
  };
  const hover = {
    enter: (layer: number) => () => setPreview(layer),
    leave: () => setPreview(null),
  };

  const stepLabel = t('chart.step.x');
  const x = useMemo(() => stepAxis(xMax, stepLabel), [xMax, stepLabel]);
  const y = useMemo(() => {
    const domain: [number, number] = [yLo, yHi];
    return { domain, label, log: true, ticks: logTicks(domain) };
  }, [yLo, yHi, label]);
  // One memoised series element per panel, so that the axes re-render only when a domain changes.
  const series = useMemo(
    () =>
      Array.from({ length: runCount }, (_, run) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one panel per run, in set order
        <PlotClip key={run}>
          <LayerLines id={`layerNorms:lines:${run}`} run={run} stat={stat} xDomain={x.domain} yDomain={y.domain} testId={`series-layer-0${run ? `-${run}` : ''}`} />
        </PlotClip>
      )),
    [stat, x, y, runCount],
  );

  const footer = (
    <div className="layer-legend">
      {L <= SWATCH_LEGEND_MAX ? (
        <fieldset className="layer-swatches" aria-label={t('legend.highlight', { site: words.site })}>
          {layerIndices(L).map((l) => (
            <LayerSwatch key={l} layer={l} L={L} pressed={highlighted === l} pick={pick} enter={hover.enter} leave={hover.leave} />
          ))}
        </fieldset>
      ) : (
        <CompactLegend L={L} highlighted={highlighted} pick={pick} set={setHighlighted} enter={hover.enter} leave={hover.leave} />
      )}
      <span className="layer-readout" aria-live="polite">
        {shown === null ? (
          t('legend.pick', { site: words.site })
        ) : (
          <>
            <span className="swatch" style={{ background: layerColor(shown, L) }} aria-hidden="true" />
            {runCount > 1 && <RunKey index={readRun} />} <strong>{layerName(shown, L, family, lang)}</strong>: {t('legend.latest', { label, value: view.latestText })}
          </>
        )}
      </span>
      {detailsText && (
        <dl className="layer-details" data-testid="layer-details">
          {detailsText.split('\n').map((line) => {
            const [term, value] = line.split('\t');
            return (
              <div key={term}>
                <dt>{term}</dt>
                <dd>{value}</dd>
              </div>
            );
          })}
        </dl>
      )}
      {view.nonFinite > 0 && <span className="flag">{t('chart.nonFinite', { count: view.nonFinite })}</span>}
      {zeros > 0 && (
        <span className="flag">{t('chart.zeros', { count: formatNumber(zeros, 6) })}</span>
      )}
    </div>
  );

  return (
    <ChartCard
      id="layer-norms"
      title={t(family === 'rnn' ? 'chart.norms.title.rnn' : 'chart.norms.title')}
      explain={
        `${t(family === 'rnn' ? 'chart.norms.explain.rnn' : 'chart.norms.explain')}${runCount > 1 ? t('chart.panels') : ''}`
      }
      actions={family === 'mlp' ? <GradientViewToggle /> : undefined}
      footer={footer}
    >
      <RunPanels>
        {(run) => (
          <ChartFrame ariaLabel={t('chart.norms.aria', { label })} x={x} y={y} height={panelHeight(runCount)}>
            {series[run]}
          </ChartFrame>
        )}
      </RunPanels>
    </ChartCard>
  );
}

interface LayerSwatchProps {
  layer: number;
  L: number;
  pressed: boolean;
  pick: (layer: number) => void;
  enter: (layer: number) => () => void;
  leave: () => void;
}

/** A legend button that highlights one layer (hover or focus previews it). */
function LayerSwatch({ layer, L, pressed, pick, enter, leave }: LayerSwatchProps) {
  const family = useFamily();
  const lang = useLang();
  return (
    <button
      type="button"
      className="layer-swatch"
      aria-pressed={pressed}
      onClick={() => pick(layer)}
      onMouseEnter={enter(layer)}
      onMouseLeave={leave}
      onFocus={enter(layer)}
      onBlur={leave}
    >
      <span className="swatch" style={{ background: layerColor(layer, L) }} aria-hidden="true" />
      {layerName(layer, L, family, lang)}
    </button>
  );
}

interface CompactLegendProps {
  L: number;
  highlighted: number | null;
  pick: (layer: number) => void;
  set: (layer: number | null) => void;
  enter: (layer: number) => () => void;
  leave: () => void;
}

/** For many layers: a colour ramp with a slider over it, and buttons for a few layers. */
function CompactLegend({ L, highlighted, pick, set, enter, leave }: CompactLegendProps) {
  const family = useFamily();
  const lang = useLang();
  const t = useT();
  const words = siteWords(family, lang);
  const ramp: CSSProperties = {
    background: `linear-gradient(to right, ${Array.from({ length: 11 }, (_, i) => viridis(i / 10)).join(', ')})`,
  };
  return (
    <div className="layer-compact">
      <div className="layer-ramp-wrap">
        <div className="layer-ramp" style={ramp} aria-hidden="true" />
        <input
          type="range"
          className="layer-range"
          min={0}
          max={L - 1}
          step={1}
          value={highlighted ?? 0}
          aria-label={t('legend.highlighted', { site: words.site })}
          aria-valuetext={highlighted === null ? t('legend.none') : layerName(highlighted, L, family, lang)}
          onChange={(e) => set(Number(e.currentTarget.value))}
        />
        <div className="layer-ramp-ends" aria-hidden="true">
          <span>{words.first}</span>
          <span>{words.last}</span>
        </div>
      </div>
      <fieldset className="layer-swatches" aria-label={t('legend.highlight', { site: words.site })}>
        {quickLayers(L).map((l) => (
          <LayerSwatch key={l} layer={l} L={L} pressed={highlighted === l} pick={pick} enter={enter} leave={leave} />
        ))}
        <button type="button" className="small" disabled={highlighted === null} onClick={() => set(null)}>
          {t('legend.clear')}
        </button>
      </fieldset>
    </div>
  );
}
