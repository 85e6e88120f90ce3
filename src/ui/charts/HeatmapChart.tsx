// Layer × step heatmap: log10 of the chosen gradient norm, one row per layer (input at
// the bottom, readout at the top) and one column per history row, binned to the canvas's
// device pixels (max per column, so spikes survive). A <canvas>, not SVG: 100 layers ×
// 10,000 steps is a million cells. Redrawn once per history version, on resize, and when
// the page's type size changes (presentation mode reads --chart-font).
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from '../../store/store';
import { SCHEDULE, useLiveHistory } from './live';
import { ChartCard } from './ChartCard';
import {
  binRows,
  columnCount,
  decadeTicks,
  defaultLut,
  formatStep,
  gridPixels,
  layerLabelTicks,
  type HeatmapScratch,
  logRange,
  MAX_DECADES,
  newHeatmapScratch,
  NONFINITE_RGB,
  NONPOSITIVE_RGB,
  stepPosition,
  stepTicks,
} from './heatmapModel';
import { GradientViewToggle } from './GradientViewToggle';
import { layerName, statForView, statLabel, validLayer } from './layerNormsModel';
import { viridis } from './palette';
import { formatPow10 } from './scale';
import './charts-extra.css';

const PLOT_HEIGHT = 210;
const rgb = (c: readonly number[]) => `rgb(${c[0]},${c[1]},${c[2]})`;

/** --chart-font in CSS pixels (px, or rem/em relative to the root font size). */
function chartFontPx(el: Element): number {
  const raw = getComputedStyle(el).getPropertyValue('--chart-font').trim();
  const v = Number.parseFloat(raw);
  if (!Number.isFinite(v) || v <= 0) return 12;
  if (raw.endsWith('rem') || raw.endsWith('em')) return v * (Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16);
  return v;
}

export function HeatmapChart() {
  const { history, version } = useLiveHistory(SCHEDULE.heatmap);
  const gradientView = useStore((s) => s.gradientView);
  const highlightedLayer = useStore((s) => s.highlightedLayer);
  const wrap = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const cellsRef = useRef<HTMLCanvasElement | null>(null);
  // Buffers reused between redraws (a fresh set per redraw is megabytes of garbage per second).
  const scratch = useRef<HeatmapScratch | null>(null);
  const [size, setSize] = useState({ width: 0, dpr: 1 });
  const [styleTick, setStyleTick] = useState(0);
  const stat = statForView(gradientView);
  const label = statLabel(gradientView);

  // The colour range and what cannot be coloured, over every kept row (not just the binned maxima).
  const data = useMemo(() => {
    void version;
    const L = history.numLayers;
    const n = history.length;
    const summary = history.layerSummary(stat);
    const found = Number.isFinite(summary.lo);
    const range = logRange(found ? [summary.lo, summary.hi] : []);
    // Clamped when the data span more decades than the range shows.
    const clamped = found && Math.floor(Math.log10(summary.lo)) < range.lo;
    return { history, L, n, stat, range, clamped, nonFinite: summary.nonFinite, nonPositive: summary.dropped - summary.nonFinite };
  }, [history, version, stat]);

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

  const highlighted = validLayer(highlightedLayer, data.L);
  const present = useStore((s) => s.view.present);
  const styles = useRef<{ key: string; font: number; family: string; muted: string; axis: string; fg: string; bg: string } | null>(null);

  useEffect(() => {
    void styleTick;
    const canvas = canvasRef.current;
    if (!canvas || size.width <= 0) return;
    const { history: h, L, n, range } = data;
    // Computed styles are read only when presentation mode or the page's attributes
    // change: getComputedStyle on every redraw forces a style pass of the whole page.
    const styleKey = `${present}|${styleTick}`;
    if (styles.current?.key !== styleKey) {
      const css = getComputedStyle(canvas);
      const cssVar = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
      styles.current = {
        key: styleKey,
        font: chartFontPx(canvas),
        family: cssVar('--font', 'system-ui, sans-serif'),
        muted: cssVar('--muted', '#4a5262'),
        axis: cssVar('--axis', '#6b7280'),
        fg: cssVar('--fg', '#1b1f27'),
        bg: cssVar('--card-bg', '#ffffff'),
      };
    }
    const { font, family, muted, axis, fg, bg } = styles.current;

    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const { width, dpr } = size;
    ctx.font = `${font}px ${family}`;

    // Layout, in CSS pixels.
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

    // Cells: one pixel per cell in an offscreen canvas, scaled up without smoothing.
    const columns = columnCount(n, plotW * dpr);
    if (columns > 0 && L > 0) {
      scratch.current ??= newHeatmapScratch();
      const grid = binRows(n, L, h.layerColumn(data.stat), columns, scratch.current);
      const pixels = gridPixels(grid, range, defaultLut(), scratch.current);
      cellsRef.current ??= document.createElement('canvas');
      const cells = cellsRef.current;
      // Setting a canvas size reallocates it, even to the same size.
      if (cells.width !== grid.columns) cells.width = grid.columns;
      if (cells.height !== L) cells.height = L;
      const cctx = cells.getContext('2d');
      if (cctx) {
        cctx.putImageData(new ImageData(pixels, grid.columns, L), 0, 0);
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(cells, left, top, plotW, plotH);
      }
    } else {
      ctx.fillStyle = muted;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('waiting for the first training steps…', left + plotW / 2, top + plotH / 2);
    }
    canvas.dataset.columns = String(columns);
    ctx.strokeStyle = axis;
    ctx.lineWidth = 1;
    ctx.strokeRect(left - 0.5, top - 0.5, plotW + 1, plotH + 1);

    // Highlighted layer: an outline around its row.
    const rowH = L > 0 ? plotH / L : plotH;
    if (highlighted !== null) {
      const y = top + (L - 1 - highlighted) * rowH;
      ctx.lineWidth = 2;
      ctx.strokeStyle = fg;
      ctx.strokeRect(left - 1, y - 1, plotW + 2, rowH + 2);
    }

    // y axis: layer names, input at the bottom.
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

    // x axis: a few step ticks.
    ctx.fillStyle = muted;
    ctx.textBaseline = 'top';
    if (n > 0) {
      const first = h.stepAt(0);
      const last = h.stepAt(n - 1);
      const maxTicks = Math.max(2, Math.floor(plotW / (font * 6)));
      for (const s of stepTicks(first, last, maxTicks)) {
        const x = left + stepPosition(s, first, last, n) * plotW;
        const text = formatStep(s);
        const w = ctx.measureText(text).width;
        ctx.beginPath();
        ctx.moveTo(x, top + plotH);
        ctx.lineTo(x, top + plotH + 4);
        ctx.stroke();
        ctx.textAlign = 'left';
        ctx.fillText(text, Math.min(width - w - 2, Math.max(2, x - w / 2)), top + plotH + 6);
      }
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
      const x = left + ((e - range.lo) / (range.hi - range.lo)) * barW;
      const text = formatPow10(10 ** e);
      const w = ctx.measureText(text).width;
      ctx.beginPath();
      ctx.moveTo(x, barTop + barH);
      ctx.lineTo(x, barTop + barH + 3);
      ctx.stroke();
      ctx.textAlign = 'left';
      ctx.fillText(text, Math.min(left + barW - w, Math.max(left - w / 2, x - w / 2)), barTop + barH + 4);
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
  }, [data, size, styleTick, highlighted, label, present]);

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
          // Set to the drawn column count by the drawing effect (React never changes it again).
          data-columns={0}
          role="img"
          aria-label={`Heatmap of log10 ${label} for ${data.L} layers over ${data.n} recorded training steps, input layer at the bottom`}
        />
      </div>
    </ChartCard>
  );
}
