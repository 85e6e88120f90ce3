// The drawing half of the layer × step heatmap (HeatmapChart.tsx holds the React half):
// the frame-loop task that keeps the cells canvas up to date, and the canvas beneath it
// with the frame, labels and colour bar.
import type { ModelFamily } from '../../core/config';
import type { FrameLayerStat } from '../../protocol';
import type { RunHistory } from '../../store/history';
import { runAt, useStore } from '../../store/store';
import { decadeTicks, formatStep, HeatmapCells, layerLabelTicks, type LogRange, NONFINITE_RGB, NONPOSITIVE_RGB, stepTicks } from './heatmapModel';
import { layerName } from './layerNormsModel';
import { type Lang, t } from '../../i18n/i18n';
import { viridis } from './palette';
import { formatPow10 } from './scale';

export const PLOT_HEIGHT = 210;
export const rgb = (c: readonly number[]) => `rgb(${c[0]},${c[1]},${c[2]})`;

export interface CellSettings {
  stat: FrameLayerStat;
  range: LogRange;
  xMax: number;
  /** Device pixels across the plot: one column each. */
  columns: number;
}

/** The frame-loop task that keeps the cells canvas up to date. */
export class CellsPainter {
  readonly id: string;
  settings: CellSettings | null = null;
  canvas: HTMLCanvasElement | null = null;
  /** Carries the filled column count (data-columns) for tests. */
  label: HTMLCanvasElement | null = null;
  private readonly cells = new HeatmapCells();
  private image: ImageData | null = null;
  private history: RunHistory | null = null;
  private binKey = '';
  private rangeKey = '';

  /** Draws run `run`'s history (0 = A). */
  constructor(readonly runIndex = 0) {
    this.id = `heatmap:cells:${runIndex}`;
  }

  private keys(h: RunHistory, s: CellSettings) {
    return { bin: `${s.stat}|${s.xMax}|${s.columns}|${h.numLayers}|${h.compactions}`, range: `${s.range.lo},${s.range.hi}` };
  }

  pending(): boolean {
    const s = this.settings;
    if (!s || s.columns <= 0) return false;
    const h = runAt(useStore.getState(), this.runIndex).history;
    const k = this.keys(h, s);
    return h !== this.history || k.bin !== this.binKey || k.range !== this.rangeKey || h.length > this.cells.rows;
  }

  run(): boolean {
    const s = this.settings;
    const canvas = this.canvas;
    if (!s || !canvas) return false;
    const h = runAt(useStore.getState(), this.runIndex).history;
    const k = this.keys(h, s);
    const L = h.numLayers;
    let first = 0;
    let end = 0;
    const series = (l: number) => h.layerSeries(s.stat, l);
    if (h !== this.history || k.bin !== this.binKey) {
      this.history = h;
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

export interface Layout {
  font: number;
  family: string;
  left: number;
  top: number;
  plotW: number;
  plotH: number;
  height: number;
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

export interface FrameInput {
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
  /** Names the rows: layers (mlp) or time steps (rnn). */
  model?: ModelFamily;
  /** The language of the canvas's words. */
  lang?: Lang;
  /** The whole canvas's height, CSS px, when the chart fills a given box (presentation mode); else the plot is PLOT_HEIGHT tall. */
  fitHeight?: number;
}

/** Draws everything but the cells (axes, labels, colour bar) and returns where the plot is, in CSS pixels. */
export function drawFrame(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, input: FrameInput): Layout {
  const { width, dpr, font, family, L, range, xMax, highlighted, label, model = 'mlp', lang = 'en', fitHeight } = input;
  const { muted, axis, fg, bg } = input.colors;
  ctx.font = `${font}px ${family}`;
  const top = Math.ceil(font / 2) + 4;
  const barH = Math.max(10, Math.round(font * 0.9));
  // Below the plot: ticks and their labels, the axis label, the colour bar and its labels.
  const axisBelow = 6 + font + 4 + font + 4;
  const barBelow = 8 + barH + 4 + font + 6;
  // A box too short for both keeps the plot and leaves the colour bar to the card's legend.
  const withBar = !fitHeight || fitHeight - top - axisBelow - barBelow >= 80;
  const plotH = fitHeight ? Math.max(40, Math.floor(fitHeight - top - axisBelow - (withBar ? barBelow : 0))) : PLOT_HEIGHT;
  const yTicks = layerLabelTicks(L, Math.floor(plotH / (font * 1.5)));
  // Room on the left for the row names and the colour bar's label.
  const labelWidth = Math.max(ctx.measureText(model === 'mlp' ? t(lang, 'site.mlp.last') : '').width, ctx.measureText(label).width, ...yTicks.map((l) => ctx.measureText(layerName(l, L, model, lang)).width));
  const left = Math.ceil(labelWidth) + 12;
  const right = 14;
  const plotW = Math.max(10, width - left - right);
  const xAxisBottom = top + plotH + axisBelow;
  const barTop = xAxisBottom + 8;
  const height = Math.ceil(withBar ? xAxisBottom + barBelow : xAxisBottom + 4);

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
    ctx.fillText(t(lang, 'chart.heatmap.waiting'), left + plotW / 2, top + plotH / 2);
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
    ctx.fillText(layerName(l, L, model, lang), left - 6, y);
  }

  // x axis: step ticks on [0, xMax], as on the line charts.
  ctx.fillStyle = muted;
  ctx.textBaseline = 'top';
  const maxTicks = Math.max(2, Math.floor(plotW / (font * 6)));
  for (const s of stepTicks(0, xMax, maxTicks)) {
    drawTick(ctx, left + (s / xMax) * plotW, top + plotH, 4, formatStep(s), 2, width - 2);
  }
  ctx.textAlign = 'center';
  ctx.fillText(t(lang, 'chart.step.x'), left + plotW / 2, top + plotH + 6 + font + 4);

  if (!withBar) return { font, family, left, top, plotW, plotH, height };
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
