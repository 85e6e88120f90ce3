// Layer × step heatmap: log10 of the chosen gradient norm, one row per layer (input at
// the bottom, readout at the top) on the same step axis as the line charts, binned to
// the plot's device pixels (max per column, so spikes survive). Two canvases: the cells
// (one pixel per cell, scaled up by CSS without smoothing), where an update colours only
// the columns its new rows reach, and beneath them the frame, labels and colour bar,
// drawn again only when the layout, the colour range or the highlighted layer changes.
// Every cell is rebinned when the step axis grows, the history drops rows, or the size
// changes; only recoloured when the colour range changes.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { FrameLayerStat } from '../../protocol';
import type { RunHistory } from '../../store/history';
import { useStore } from '../../store/store';
import { frameLoop } from '../frameLoop';
import { useTurnSelect, useTurnTask } from './live';
import { ChartCard } from './ChartCard';
import {
  decadeTicks,
  formatStep,
  HeatmapCells,
  layerLabelTicks,
  type LogRange,
  logRange,
  MAX_DECADES,
  NONFINITE_RGB,
  NONPOSITIVE_RGB,
  stepTicks,
} from './heatmapModel';
import { GradientViewToggle } from './GradientViewToggle';
import { layerName, statForView, statLabel, validLayer } from './layerNormsModel';
import { viridis } from './palette';
import { formatPow10, stepDomain } from './scale';
import './charts-extra.css';

const PLOT_HEIGHT = 210;
const ID = 'heatmap';
const rgb = (c: readonly number[]) => `rgb(${c[0]},${c[1]},${c[2]})`;

/** --chart-font in CSS pixels (px, or rem/em relative to the root font size). */
function chartFontPx(el: Element): number {
  const raw = getComputedStyle(el).getPropertyValue('--chart-font').trim();
  const v = Number.parseFloat(raw);
  if (!Number.isFinite(v) || v <= 0) return 12;
  if (raw.endsWith('rem') || raw.endsWith('em')) return v * (Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16);
  return v;
}

interface CellSettings {
  stat: FrameLayerStat;
  range: LogRange;
  xMax: number;
  /** Device pixels across the plot: one column each. */
  columns: number;
}

/** The frame-loop task that keeps the cells canvas up to date. */
class CellsPainter {
  readonly id = 'heatmap:cells';
  settings: CellSettings | null = null;
  canvas: HTMLCanvasElement | null = null;
  /** Carries the filled column count (data-columns) for tests. */
  label: HTMLCanvasElement | null = null;
  private readonly cells = new HeatmapCells();
  private image: ImageData | null = null;
  private history: RunHistory | null = null;
  private compactions = -1;
  private binKey = '';
  private rangeKey = '';

  private keys(h: RunHistory, s: CellSettings) {
    return { bin: `${s.stat}|${s.xMax}|${s.columns}|${h.numLayers}|${h.compactions}`, range: `${s.range.lo},${s.range.hi}` };
  }

  pending(): boolean {
    const s = this.settings;
    if (!s || s.columns <= 0) return false;
    const h = useStore.getState().history;
    const k = this.keys(h, s);
    return h !== this.history || k.bin !== this.binKey || k.range !== this.rangeKey || h.length > this.cells.rows;
  }

  run(): boolean {
    const s = this.settings;
    const canvas = this.canvas;
    if (!s || !canvas) return false;
    const h = useStore.getState().history;
    const k = this.keys(h, s);
    const L = h.numLayers;
    let first = 0;
    let end = 0;
    const series = (l: number) => h.layerSeries(s.stat, l);
    if (h !== this.history || k.bin !== this.binKey || h.compactions !== this.compactions) {
      this.history = h;
      this.compactions = h.compactions;
      this.binKey = k.bin;
      this.rangeKey = '';
      this.cells.reset(s.columns, L, s.xMax);
    }
    const touched = this.cells.addRows(series, h.steps(), this.cells.rows, h.length, h.stride);
    if (k.range !== this.rangeKey) {
      this.rangeKey = k.range;
      first = 0;
      end = s.columns;
    } else if (touched) {
      [first, end] = touched;
    }
    if (end <= first) return false;
    this.cells.paint(s.range, first, end);
    if (canvas.width !== s.columns) canvas.width = s.columns;
    if (canvas.height !== L) canvas.height = Math.max(1, L);
    if (!this.image || this.image.data !== this.cells.pixels) this.image = new ImageData(this.cells.pixels, s.columns, Math.max(1, L));
    canvas.getContext('2d')?.putImageData(this.image, 0, 0, first, 0, end - first, L);
    if (this.label) this.label.dataset.columns = String(this.cells.filledColumns());
    return true;
  }
}

interface Layout {
  font: number;
  family: string;
  left: number;
  top: number;
  plotW: number;
  plotH: number;
  height: number;
}

export function HeatmapChart() {
  const gradientView = useStore((s) => s.gradientView);
  const highlightedLayer = useStore((s) => s.highlightedLayer);
  const L = useStore((s) => s.history.numLayers);
  const wrap = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const cellsRef = useRef<HTMLCanvasElement>(null);
  const painter = useRef<CellsPainter | null>(null);
  painter.current ??= new CellsPainter();
  const [size, setSize] = useState({ width: 0, dpr: 1 });
  const [styleTick, setStyleTick] = useState(0);
  const stat = statForView(gradientView);
  const label = statLabel(gradientView);

  useTurnTask(ID);
  // The colour range and what cannot be coloured, over every kept row: "lo,hi,clamped,nonFinite,nonPositive".
  const summaryKey = useTurnSelect(
    ID,
    (h) => {
      const summary = h.layerSummary(stat);
      const found = Number.isFinite(summary.lo);
      const range = logRange(found ? [summary.lo, summary.hi] : []);
      // Clamped when the data span more decades than the range shows.
      const clamped = found && Math.floor(Math.log10(summary.lo)) < range.lo;
      return `${range.lo},${range.hi},${clamped ? 1 : 0},${summary.nonFinite},${summary.dropped - summary.nonFinite}`;
    },
    stat,
  );
  const xMax = useTurnSelect(ID, (h) => stepDomain(h.lastStep)[1]);
  const hasRows = useTurnSelect(ID, (h) => h.length > 0);
  const data = useMemo(() => {
    const [lo, hi, clamped, nonFinite, nonPositive] = summaryKey.split(',').map(Number);
    return { range: { lo, hi }, clamped: clamped === 1, nonFinite, nonPositive };
  }, [summaryKey]);

  // Follow the container's width and the device pixel ratio.
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const measure = () => {
      const width = Math.round(el.getBoundingClientRect().width);
      const dpr = window.devicePixelRatio || 1;
      setSize((s) => (s.width === width && s.dpr === dpr ? s : { width, dpr }));
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

  useEffect(() => {
    const p = painter.current;
    return p ? frameLoop.add(p) : undefined;
  }, []);

  const highlighted = validLayer(highlightedLayer, L);
  const present = useStore((s) => s.view.present);
  const [layout, setLayout] = useState<Layout | null>(null);

  // The frame, labels and colour bar: only when what they show changes.
  useLayoutEffect(() => {
    void styleTick;
    void present;
    const canvas = canvasRef.current;
    if (!canvas || size.width <= 0) return;
    const css = getComputedStyle(canvas);
    const cssVar = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    const font = chartFontPx(canvas);
    const family = cssVar('--font', 'system-ui, sans-serif');
    const colors = { muted: cssVar('--muted', '#4a5262'), axis: cssVar('--axis', '#6b7280'), fg: cssVar('--fg', '#1b1f27'), bg: cssVar('--card-bg', '#ffffff') };
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const next = drawFrame(canvas, ctx, { width: size.width, dpr: size.dpr, font, family, colors, L, range: data.range, xMax, highlighted, hasRows, label });
    setLayout((l) => (l && l.left === next.left && l.top === next.top && l.plotW === next.plotW && l.plotH === next.plotH && l.height === next.height ? l : next));
  }, [size, styleTick, present, L, data.range, xMax, highlighted, hasRows, label]);

  useLayoutEffect(() => {
    const p = painter.current;
    if (!p) return;
    p.canvas = cellsRef.current;
    p.label = canvasRef.current;
    p.settings = layout ? { stat, range: data.range, xMax, columns: Math.max(0, Math.round(layout.plotW * size.dpr)) } : null;
    frameLoop.wake();
  });

  const { range } = data;
  return (
    <ChartCard
      id="heatmap"
      title="Layer × step heatmap"
      explain={
        <>
          Each row is a layer (input at the bottom, readout at the top), each column a moment of training; the colour is the gradient norm{' '}
          {label} on a log scale, from dark purple (small) to yellow (large). An exploding initialisation shows as bright bottom (input)
          rows fading to dark at the top; vanishing gradients are the reverse.
        </>
      }
      actions={<GradientViewToggle />}
      footer={
        <>
          <span>
            Colour range {formatPow10(10 ** range.lo)} to {formatPow10(10 ** range.hi)}
            {data.clamped ? ` (clamped to ${MAX_DECADES} decades; smaller values are dark purple)` : ''}.
          </span>
          <span>
            <span className="swatch" style={{ background: rgb(NONFINITE_RGB) }} aria-hidden="true" />
            NaN/∞
            {data.nonFinite > 0 && <span className="flag"> ({data.nonFinite} values)</span>}
          </span>
          <span>
            <span className="swatch" style={{ background: rgb(NONPOSITIVE_RGB) }} aria-hidden="true" />
            zero{data.nonPositive > 0 ? ` (${data.nonPositive} values)` : ''}
          </span>
        </>
      }
    >
      <div className="heatmap-wrap" ref={wrap}>
        <canvas
          ref={canvasRef}
          data-testid="heatmap-canvas"
          // Set to the filled column count by the cells painter (React never changes it again).
          data-columns={0}
          role="img"
          aria-label={`Heatmap of log10 ${label} for ${L} layers over training steps 0 to ${xMax}, input layer at the bottom`}
        />
        <canvas
          ref={cellsRef}
          className="heatmap-cells"
          style={layout ? { left: layout.left, top: layout.top, width: layout.plotW, height: layout.plotH } : { display: 'none' }}
        />
      </div>
    </ChartCard>
  );
}

/**
 * A tick of `length` pixels down from (x, y) and its label under it, centred on the tick
 * but kept within [minX, maxX].
 */
function drawTick(ctx: CanvasRenderingContext2D, x: number, y: number, length: number, text: string, minX: number, maxX: number): void {
  const w = ctx.measureText(text).width;
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x, y + length);
  ctx.stroke();
  ctx.textAlign = 'left';
  ctx.fillText(text, Math.min(maxX - w, Math.max(minX, x - w / 2)), y + length + 2);
}

interface FrameInput {
  width: number;
  dpr: number;
  font: number;
  family: string;
  colors: { muted: string; axis: string; fg: string; bg: string };
  L: number;
  range: LogRange;
  xMax: number;
  highlighted: number | null;
  hasRows: boolean;
  label: string;
}

/** Draws everything but the cells (axes, labels, colour bar) and returns where the plot is, in CSS pixels. */
function drawFrame(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, input: FrameInput): Layout {
  const { width, dpr, font, family, L, range, xMax, highlighted, label } = input;
  const { muted, axis, fg, bg } = input.colors;
  ctx.font = `${font}px ${family}`;
  const yTicks = layerLabelTicks(L, Math.floor(PLOT_HEIGHT / (font * 1.5)));
  const labelWidth = Math.max(ctx.measureText('readout').width, ...yTicks.map((l) => ctx.measureText(layerName(l, L)).width));
  const left = Math.ceil(labelWidth) + 12;
  const right = 14;
  const top = Math.ceil(font / 2) + 4;
  const plotW = Math.max(10, width - left - right);
  const plotH = PLOT_HEIGHT;
  const xAxisBottom = top + plotH + 6 + font + 4 + font + 4;
  const barTop = xAxisBottom + 8;
  const barH = Math.max(10, Math.round(font * 0.9));
  const height = Math.ceil(barTop + barH + 4 + font + 6);

  // Resize the backing store only when the size changes (each resize reallocates it).
  if (canvas.style.height !== `${height}px`) canvas.style.height = `${height}px`;
  if (canvas.width !== Math.round(width * dpr)) canvas.width = Math.round(width * dpr);
  if (canvas.height !== Math.round(height * dpr)) canvas.height = Math.round(height * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.font = `${font}px ${family}`;
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, width, height);
  if (!input.hasRows) {
    ctx.fillStyle = muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('waiting for the first training steps…', left + plotW / 2, top + plotH / 2);
  }
  ctx.strokeStyle = axis;
  ctx.lineWidth = 1;
  ctx.strokeRect(left - 0.5, top - 0.5, plotW + 1, plotH + 1);

  // Highlighted layer: an outline around its row (drawn outside the cells, which cover the plot).
  const rowH = L > 0 ? plotH / L : plotH;
  if (highlighted !== null) {
    const y = top + (L - 1 - highlighted) * rowH;
    ctx.lineWidth = 2;
    ctx.strokeStyle = fg;
    ctx.strokeRect(left - 3, y - 1, plotW + 6, rowH + 2);
  }

  // y axis: layer names, input at the bottom. Labels keep at least 1.2 lines apart.
  ctx.fillStyle = muted;
  ctx.strokeStyle = axis;
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const l of yTicks) {
    const y = top + (L - 1 - l + 0.5) * rowH;
    ctx.beginPath();
    ctx.moveTo(left - 4, y);
    ctx.lineTo(left, y);
    ctx.stroke();
    ctx.fillStyle = l === highlighted ? fg : muted;
    ctx.fillText(layerName(l, L), left - 6, y);
  }

  // x axis: step ticks on [0, xMax], as on the line charts.
  ctx.fillStyle = muted;
  ctx.textBaseline = 'top';
  const maxTicks = Math.max(2, Math.floor(plotW / (font * 6)));
  for (const s of stepTicks(0, xMax, maxTicks)) {
    drawTick(ctx, left + (s / xMax) * plotW, top + plotH, 4, formatStep(s), 2, width - 2);
  }
  ctx.textAlign = 'center';
  ctx.fillText('step', left + plotW / 2, top + plotH + 6 + font + 4);

  // Colour scale bar with decade labels, then the two marker colours.
  ctx.textAlign = 'left';
  const keys = [
    { color: rgb(NONFINITE_RGB), text: 'NaN/∞' },
    { color: rgb(NONPOSITIVE_RGB), text: '0' },
  ];
  const keyW = keys.reduce((a, k) => a + barH + 4 + ctx.measureText(k.text).width + 12, 0);
  const barW = Math.max(40, plotW - keyW - 8);
  const gradient = ctx.createLinearGradient(left, 0, left + barW, 0);
  for (let i = 0; i <= 10; i++) gradient.addColorStop(i / 10, viridis(i / 10));
  ctx.fillStyle = gradient;
  ctx.fillRect(left, barTop, barW, barH);
  ctx.strokeStyle = axis;
  ctx.strokeRect(left - 0.5, barTop - 0.5, barW + 1, barH + 1);
  ctx.fillStyle = muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.fillText(label, left - 6, barTop + barH / 2);
  ctx.textBaseline = 'top';
  const maxBarTicks = Math.max(2, Math.floor(barW / (font * 4)));
  for (const e of decadeTicks(range, maxBarTicks)) {
    drawTick(ctx, left + ((e - range.lo) / (range.hi - range.lo)) * barW, barTop + barH, 3, formatPow10(10 ** e), left - 20, left + barW);
  }
  let kx = left + barW + 12;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (const k of keys) {
    ctx.fillStyle = k.color;
    ctx.fillRect(kx, barTop, barH, barH);
    ctx.strokeRect(kx - 0.5, barTop - 0.5, barH + 1, barH + 1);
    ctx.fillStyle = muted;
    ctx.fillText(k.text, kx + barH + 4, barTop + barH / 2);
    kx += barH + 4 + ctx.measureText(k.text).width + 12;
  }
  return { font, family, left, top, plotW, plotH, height };
}
