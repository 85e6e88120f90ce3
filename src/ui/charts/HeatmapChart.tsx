// Layer × step heatmap: log10 of the chosen gradient norm, one row per layer (input at
// the bottom, readout at the top) on the same step axis as the line charts, binned to
// the plot's device pixels (max per column, so spikes survive). Two canvases: the cells
// (one pixel per cell, scaled up by CSS without smoothing), where an update colours only
// the columns its new rows reach, and beneath them the frame, labels and colour bar,
// drawn again only when the layout, the colour range or the highlighted layer changes.
// Every cell is rebinned when the step axis grows, the history drops rows, or the size
// changes; only recoloured when the colour range changes.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { layerSummaryOf } from '../../store/history';
import type { ModelFamily } from '../../core/config';
import { runAt, useFamily, useStore, useShownGradientView } from '../../store/store';
import { frameLoop } from '../frameLoop';
import { useOnScreen } from '../onScreen';
import { useTurnSelect, sharedStepMax, useTurnSelectRuns, useTurnTask } from './live';
import { RunPanels } from './RunPanels';
import { ChartCard } from './ChartCard';
import { CellsPainter, drawFrame, type Layout, rgb } from './heatmapDraw';
import { logRange, MAX_DECADES, NONFINITE_RGB, NONPOSITIVE_RGB } from './heatmapModel';
import { GradientViewToggle } from './GradientViewToggle';
import { statForView, statLabel, validLayer } from './layerNormsModel';
import { formatPow10 } from './scale';
import './charts-extra.css';
import { useLang, useT } from '../useT';
import { usePresentSizes } from '../presentation';

const ID = 'heatmap';

/** --chart-font in CSS pixels (px, or rem/em relative to the root font size). */
function chartFontPx(el: Element): number {
  const raw = getComputedStyle(el).getPropertyValue('--chart-font').trim();
  const v = Number.parseFloat(raw);
  if (!Number.isFinite(v) || v <= 0) return 12;
  if (raw.endsWith('rem') || raw.endsWith('em')) return v * (Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16);
  return v;
}

export function HeatmapChart() {
  const t = useT();
  const gradientView = useShownGradientView();
  const runCount = useStore((s) => s.runs.length);
  const family = useFamily();
  const stat = statForView(gradientView, family);
  const label = statLabel(gradientView, family);

  useTurnTask(ID);
  // The colour range every panel shares and what cannot be coloured, over every kept row
  // of every run: "lo,hi,clamped,nonFinite,nonPositive".
  const summaryKey = useTurnSelectRuns(
    ID,
    (hs) => {
      const { lo, hi, nonFinite, dropped } = layerSummaryOf(hs, stat);
      const nonPositive = dropped - nonFinite;
      const found = Number.isFinite(lo);
      const range = logRange(found ? [lo, hi] : []);
      // Clamped when the data span more decades than the range shows.
      const clamped = found && Math.floor(Math.log10(lo)) < range.lo;
      return `${range.lo},${range.hi},${clamped ? 1 : 0},${nonFinite},${nonPositive}`;
    },
    stat,
  );
  const xMax = useTurnSelectRuns(ID, sharedStepMax);
  const data = useMemo(() => {
    const [lo, hi, clamped, nonFinite, nonPositive] = summaryKey.split(',').map(Number);
    return { range: { lo, hi }, clamped: clamped === 1, nonFinite, nonPositive };
  }, [summaryKey]);
  const { range } = data;
  return (
    <ChartCard
      id="heatmap"
      title={t(family === 'rnn' ? 'chart.heatmap.title.rnn' : 'chart.heatmap.title')}
      explain={
        `${t(family === 'rnn' ? 'chart.heatmap.explain.rnn' : 'chart.heatmap.explain', { label })}${runCount > 1 ? t('chart.heatmap.panels') : ''}`
      }
      actions={family === 'mlp' ? <GradientViewToggle /> : undefined}
      footer={
        <>
          <span>
            {t(data.clamped ? 'chart.heatmap.range.clamped' : 'chart.heatmap.range', { lo: formatPow10(10 ** range.lo), hi: formatPow10(10 ** range.hi), decades: MAX_DECADES })}
          </span>
          <span>
            <span className="swatch" style={{ background: rgb(NONFINITE_RGB) }} aria-hidden="true" />
            NaN/∞
            {data.nonFinite > 0 && <span className="flag"> {t('chart.heatmap.count', { count: data.nonFinite })}</span>}
          </span>
          <span>
            <span className="swatch" style={{ background: rgb(NONPOSITIVE_RGB) }} aria-hidden="true" />
            {t('chart.heatmap.zero')}
            {data.nonPositive > 0 ? ` ${t('chart.heatmap.count', { count: data.nonPositive })}` : ''}
          </span>
        </>
      }
    >
      <RunPanels>{(run) => <HeatmapPlot run={run} stat={stat} label={label} range={data.range} xMax={xMax} family={family} />}</RunPanels>
    </ChartCard>
  );
}

interface HeatmapPlotProps {
  run: number;
  stat: ReturnType<typeof statForView>;
  label: string;
  range: { lo: number; hi: number };
  xMax: number;
  family: ModelFamily;
}

/** One run's heatmap, on the colour range and step axis the card gives it. */
function HeatmapPlot({ run, stat, label, range, xMax, family: model }: HeatmapPlotProps) {
  const t = useT();
  const lang = useLang();
  const highlightedLayer = useStore((s) => s.highlightedLayer);
  const L = useStore((s) => runAt(s, run).history.numLayers);
  const wrap = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const cellsRef = useRef<HTMLCanvasElement>(null);
  const painter = useRef<CellsPainter | null>(null);
  painter.current ??= new CellsPainter(run);
  const [size, setSize] = useState({ width: 0, height: 0, dpr: 1 });
  const [styleTick, setStyleTick] = useState(0);
  const hasRows = useTurnSelect(ID, (h) => h.length > 0, '', run);
  const data = { range };

  // Follow the container's size and the device pixel ratio.
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const measure = () => {
      const box = el.getBoundingClientRect();
      const width = Math.round(box.width);
      const height = Math.round(box.height);
      const dpr = window.devicePixelRatio || 1;
      setSize((s) => (s.width === width && s.height === height && s.dpr === dpr ? s : { width, height, dpr }));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Presentation mode changes --chart-font through a class or style on <html>/<body>.
  useEffect(() => {
    if (typeof MutationObserver === 'undefined') return;
    const mo = new MutationObserver(() => setStyleTick((t) => t + 1));
    mo.observe(document.documentElement, { attributes: true });
    mo.observe(document.body, { attributes: true });
    return () => mo.disconnect();
  }, []);

  const onScreen = useOnScreen();
  useEffect(() => {
    const p = painter.current;
    return p ? frameLoop.add(p, onScreen) : undefined;
  }, [onScreen]);

  const highlighted = validLayer(highlightedLayer, L);
  const presentFont = usePresentSizes()?.chartFont ?? 0;
  const [layout, setLayout] = useState<Layout | null>(null);

  // The frame, labels and colour bar: only when what they show changes.
  useLayoutEffect(() => {
    void styleTick;
    void presentFont;
    const canvas = canvasRef.current;
    if (!canvas || size.width <= 0) return;
    const css = getComputedStyle(canvas);
    const cssVar = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    const font = chartFontPx(canvas);
    const family = cssVar('--font', 'system-ui, sans-serif');
    const colors = { muted: cssVar('--muted', '#4a5262'), axis: cssVar('--axis', '#6b7280'), fg: cssVar('--fg', '#1b1f27'), bg: cssVar('--card-bg', '#ffffff') };
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    // In presentation mode the card gives the chart a box to fill (its height comes from the grid, not from the canvas).
    const fitHeight = presentFont > 0 && size.height > 0 ? size.height : undefined;
    const next = drawFrame(canvas, ctx, { width: size.width, dpr: size.dpr, font, family, colors, L, range: data.range, xMax, highlighted, hasRows, label, model, lang, fitHeight });
    setLayout((l) => (l && l.left === next.left && l.top === next.top && l.plotW === next.plotW && l.plotH === next.plotH && l.height === next.height ? l : next));
  }, [size, styleTick, presentFont, L, data.range, xMax, highlighted, hasRows, label, model, lang]);

  useLayoutEffect(() => {
    const p = painter.current;
    if (!p) return;
    p.canvas = cellsRef.current;
    p.label = canvasRef.current;
    p.settings = layout ? { stat, range: data.range, xMax, columns: Math.max(0, Math.round(layout.plotW * size.dpr)) } : null;
    frameLoop.wake();
  });

  return (
      <div className="heatmap-wrap" ref={wrap}>
        <canvas
          ref={canvasRef}
          data-testid={run === 0 ? 'heatmap-canvas' : `heatmap-canvas-${run}`}
          // Set to the filled column count by the cells painter (React never changes it again).
          data-columns={0}
          role="img"
          aria-label={
            t(model === 'rnn' ? 'chart.heatmap.aria.rnn' : 'chart.heatmap.aria', { label, L, xMax })
          }
        />
        <canvas
          ref={cellsRef}
          className="heatmap-cells"
          style={layout ? { left: layout.left, top: layout.top, width: layout.plotW, height: layout.plotH } : { display: 'none' }}
        />
      </div>
  );
}
