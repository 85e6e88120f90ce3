// The data and what the network makes of it. Classification: the training points in
// their class colours over the model's decision boundary (the predicted class at every
// point of the input plane, paler where the model is unsure). Regression (sine): the
// training points and the network's fit as a line. Drawn on a canvas, sized to the
// card and to the screen's pixel density; redrawn when a new boundary or run arrives.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunMeta } from '../../protocol';
import { type Boundary, runAt, shownRun, useStore } from '../../store/store';
import { RunKey } from './RunPanels';
import { frameLoop } from '../frameLoop';
import { useOnScreen } from '../onScreen';
import { ChartCard } from './ChartCard';
import {
  type Axis,
  boundaryImageRect,
  boundaryPixels,
  classColor,
  countNonFinite,
  expectedBoundaryLength,
  fitSegments,
  GRID_EXTENT,
  niceTicks,
  planeAxes,
  regressionYDomain,
  toPixel,
} from './dataPlotModel';
import { SERIES } from './palette';
import { richText, useT } from '../useT';
import { ColorKey } from './ColorKey';
import { usePresentSizes } from '../presentation';

/** Largest side of the square plot, in CSS pixels. */
const MAX_PLOT = 380;
const MARGIN = { top: 8, right: 10, bottom: 22, left: 34 };
const POINT_RADIUS = 2.6;
const POINT_OUTLINE = '#1b1f27';

interface Layout {
  cssWidth: number;
  cssHeight: number;
  plotX: number;
  plotY: number;
  plotW: number;
  plotH: number;
}

/** The plot in a box `containerWidth` wide; `fitHeight` (presentation mode) is the box's height to fill instead of the laptop sizes. */
function layoutFor(containerWidth: number, regression: boolean, fitHeight = 0): Layout | null {
  if (!(containerWidth > MARGIN.left + MARGIN.right + 40)) return null;
  const available = containerWidth - MARGIN.left - MARGIN.right;
  const tall = fitHeight > 0 ? Math.max(40, fitHeight - MARGIN.top - MARGIN.bottom - 4) : 0;
  const plotW = regression ? available : tall ? Math.min(available, tall) : Math.min(available, MAX_PLOT);
  const plotH = regression ? (tall ? tall : Math.round(Math.min(available * 0.6, 260))) : plotW;
  return {
    cssWidth: plotW + MARGIN.left + MARGIN.right,
    cssHeight: plotH + MARGIN.top + MARGIN.bottom,
    plotX: MARGIN.left,
    plotY: MARGIN.top,
    plotW,
    plotH,
  };
}

/** What can be drawn from the current boundary message for this run. */
function boundaryState(boundary: Boundary | null, meta: RunMeta | null): { usable: boolean; nonFinite: number } {
  if (!boundary || !meta) return { usable: false, nonFinite: 0 };
  const expected = expectedBoundaryLength(boundary.resolution, meta.numClasses, meta.inputDim);
  if (expected === 0 || boundary.values.length !== expected) return { usable: false, nonFinite: 0 };
  return { usable: true, nonFinite: countNonFinite(boundary.values) };
}

function cssVar(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

function drawTicks(ctx: CanvasRenderingContext2D, layout: Layout, x: Axis, y: Axis, color: string, grid: string, font: string) {
  const { plotX, plotY, plotH } = layout;
  ctx.font = font;
  ctx.fillStyle = color;
  ctx.strokeStyle = grid;
  ctx.lineWidth = 1;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of niceTicks(x.domain[0], x.domain[1])) {
    const px = Math.round(plotX + toPixel(x, t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(px, plotY + plotH);
    ctx.lineTo(px, plotY + plotH + 4);
    ctx.stroke();
    ctx.fillText(String(t), px, plotY + plotH + 6);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const [y0, y1] = y.domain;
  for (const t of niceTicks(Math.min(y0, y1), Math.max(y0, y1))) {
    const py = Math.round(plotY + toPixel(y, t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(plotX - 4, py);
    ctx.lineTo(plotX, py);
    ctx.stroke();
    ctx.fillText(String(t), plotX - 6, py);
  }
}

function drawClassification(ctx: CanvasRenderingContext2D, layout: Layout, meta: RunMeta, boundary: Boundary | null, usable: boolean) {
  const { plotX, plotY, plotW } = layout;
  const axes = planeAxes(plotW);
  ctx.save();
  ctx.beginPath();
  ctx.rect(plotX, plotY, plotW, plotW);
  ctx.clip();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(plotX, plotY, plotW, plotW);
  if (boundary && usable) {
    const res = boundary.resolution;
    const { rgba } = boundaryPixels(boundary.values, res, meta.numClasses);
    const image = document.createElement('canvas');
    image.width = res;
    image.height = res;
    const ictx = image.getContext('2d');
    if (ictx) {
      const data = ictx.createImageData(res, res);
      data.data.set(rgba);
      ictx.putImageData(data, 0, 0);
      const r = boundaryImageRect(res, plotW);
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(image, plotX + r.x, plotY + r.y, r.w, r.h);
    }
  }
  ctx.drawImage(pointsLayer(meta, layout, axes), plotX, plotY, plotW, plotW);
  ctx.restore();
  return axes;
}

/**
 * The training points over a transparent plot, drawn once per run and size: hundreds of
 * stroked circles cost ~20 ms under software rendering, and the points never move.
 */
const pointLayers = new WeakMap<RunMeta, { key: string; canvas: HTMLCanvasElement }>();
function pointsLayer(meta: RunMeta, layout: Layout, axes: { x: Axis; y: Axis }): HTMLCanvasElement {
  const dpr = window.devicePixelRatio || 1;
  const key = `${layout.plotW}|${dpr}`;
  const cached = pointLayers.get(meta);
  if (cached && cached.key === key) return cached.canvas;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(layout.plotW * dpr);
  canvas.height = Math.round(layout.plotW * dpr);
  const ctx = canvas.getContext('2d');
  if (ctx) {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    // One path per class.
    const n = Math.min(meta.labels.length, Math.floor(meta.points.length / 2));
    ctx.lineWidth = 1;
    ctx.strokeStyle = POINT_OUTLINE;
    for (let k = 0; k < Math.max(1, meta.numClasses); k++) {
      ctx.beginPath();
      for (let i = 0; i < n; i++) {
        if (meta.labels[i] !== k) continue;
        const px = toPixel(axes.x, meta.points[2 * i]);
        const py = toPixel(axes.y, meta.points[2 * i + 1]);
        if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
        ctx.moveTo(px + POINT_RADIUS, py);
        ctx.arc(px, py, POINT_RADIUS, 0, 2 * Math.PI);
      }
      ctx.fillStyle = classColor(k);
      ctx.fill();
      ctx.stroke();
    }
  }
  pointLayers.set(meta, { key, canvas });
  return canvas;
}

function drawRegression(ctx: CanvasRenderingContext2D, layout: Layout, meta: RunMeta, boundary: Boundary | null, usable: boolean, grid: string) {
  const { plotX, plotY, plotW, plotH } = layout;
  const fit = boundary && usable ? boundary.values : null;
  const x: Axis = { domain: [-GRID_EXTENT, GRID_EXTENT], range: [0, plotW] };
  const y: Axis = { domain: regressionYDomain(meta.labels, fit), range: [plotH, 0] };
  ctx.save();
  ctx.beginPath();
  ctx.rect(plotX, plotY, plotW, plotH);
  ctx.clip();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(plotX, plotY, plotW, plotH);
  // y = 0 for reference.
  const zero = plotY + toPixel(y, 0);
  ctx.strokeStyle = grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(plotX, zero);
  ctx.lineTo(plotX + plotW, zero);
  ctx.stroke();
  // Points.
  const n = Math.min(meta.points.length, meta.labels.length);
  ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const px = plotX + toPixel(x, meta.points[i]);
    const py = plotY + toPixel(y, meta.labels[i]);
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    ctx.moveTo(px + POINT_RADIUS, py);
    ctx.arc(px, py, POINT_RADIUS, 0, 2 * Math.PI);
  }
  ctx.fillStyle = SERIES.train;
  ctx.globalAlpha = 0.75;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = POINT_OUTLINE;
  ctx.lineWidth = 0.75;
  ctx.stroke();
  // The fit.
  if (fit) {
    ctx.strokeStyle = SERIES.test;
    ctx.lineWidth = 2.5;
    ctx.lineJoin = 'round';
    for (const segment of fitSegments(fit, x, y)) {
      ctx.beginPath();
      ctx.moveTo(plotX + segment[0][0], plotY + segment[0][1]);
      for (const [px, py] of segment.slice(1)) ctx.lineTo(plotX + px, plotY + py);
      ctx.stroke();
    }
  }
  ctx.restore();
  return { x, y };
}

function draw(canvas: HTMLCanvasElement, layout: Layout, meta: RunMeta, boundary: Boundary | null, usable: boolean) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(layout.cssWidth * dpr);
  const h = Math.round(layout.cssHeight * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, layout.cssWidth, layout.cssHeight);
  const muted = cssVar(canvas, '--muted', '#4a5262');
  const axis = cssVar(canvas, '--axis', '#6b7280');
  const grid = cssVar(canvas, '--grid', '#e3e6eb');
  const fontSize = Number.parseFloat(cssVar(canvas, '--chart-font', '12px')) || 12;
  const font = `${fontSize}px ${cssVar(canvas, '--font', 'system-ui, sans-serif')}`;
  const axes =
    meta.inputDim === 1 ? drawRegression(ctx, layout, meta, boundary, usable, grid) : drawClassification(ctx, layout, meta, boundary, usable);
  ctx.strokeStyle = axis;
  ctx.lineWidth = 1;
  ctx.strokeRect(layout.plotX + 0.5, layout.plotY + 0.5, layout.plotW - 1, layout.plotH - 1);
  drawTicks(ctx, layout, axes.x, axes.y, muted, axis, font);
}

export function DataPlot() {
  const t = useT();
  // With a run set, the selected run's (the one the controls edit).
  const run = useStore((s) => shownRun(s));
  const runCount = useStore((s) => s.runs.length);
  const meta = useStore((s) => runAt(s, run).meta);
  const boundary = useStore((s) => runAt(s, run).boundary);
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [height, setHeight] = useState(0);
  const [dprTick, setDprTick] = useState(0);
  const fitting = usePresentSizes() !== null;

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    setWidth(Math.floor(el.clientWidth));
    setHeight(Math.floor(el.clientHeight));
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) {
        setWidth(Math.floor(entry.contentRect.width));
        setHeight(Math.floor(entry.contentRect.height));
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Redraw when the page moves to a screen of another pixel density (or zooms).
  useEffect(() => {
    void dprTick; // a fresh query for the new ratio after each change
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    const onChange = () => setDprTick((t) => t + 1);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [dprTick]);

  const regression = meta?.inputDim === 1;
  // In presentation mode the card's box sets the height (the grid gives it; the canvas does not).
  const fitHeight = fitting ? height : 0;
  const layout = useMemo(() => layoutFor(width, regression, fitHeight), [width, regression, fitHeight]);
  const state = useMemo(() => boundaryState(boundary, meta), [boundary, meta]);

  // Drawn on a turn of the frame loop (a new boundary arrives in a worker message).
  const pending = useRef<(() => void) | null>(null);
  const onScreen = useOnScreen();
  useEffect(
    () =>
      frameLoop.add({
        id: 'dataPlot',
        pending: () => pending.current !== null,
        run: () => {
          pending.current?.();
          pending.current = null;
          return true;
        },
      }, onScreen),
    [onScreen],
  );
  useEffect(() => {
    void dprTick;
    const el = canvas.current;
    if (!el || !layout || !meta) return;
    pending.current = () => draw(el, layout, meta, boundary, state.usable);
    frameLoop.wake();
  }, [layout, meta, boundary, state, dprTick]);

  const explain = regression
    ? richText(t('chart.data.explain.sine'), {
        points: <ColorKey color={SERIES.train} square>{t('color.blue')}</ColorKey>,
        fit: <ColorKey color={SERIES.test}>{t('chart.data.vermillion')}</ColorKey>,
      })
    : t('chart.data.explain');

  const footer = (
    <>
      {meta && !regression && (
        <span>
          {Array.from({ length: meta.numClasses }, (_, k) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: classes are indices
            <span key={k} style={{ marginRight: 10, whiteSpace: 'nowrap' }}>
              <span
                aria-hidden="true"
                style={{
                  display: 'inline-block',
                  width: 10,
                  height: 10,
                  borderRadius: '50%',
                  background: classColor(k),
                  border: `1px solid ${POINT_OUTLINE}`,
                  marginRight: 4,
                  verticalAlign: 'middle',
                }}
              />
              {t('chart.data.class', { k })}
            </span>
          ))}
        </span>
      )}
      {boundary && state.usable && <span>{t(regression ? 'chart.data.fitAt' : 'chart.data.boundaryAt', { step: boundary.step })}</span>}
      {state.nonFinite > 0 && (
        <span className="flag" data-testid="data-nan">
          {t(regression ? 'chart.data.nan.fit' : 'chart.data.nan.cells')}
        </span>
      )}
    </>
  );

  return (
    <ChartCard
      id="data"
      title={t('chart.data.title')}
      explain={
        runCount > 1 ? (
          <>
            <RunKey index={run} /> {t('chart.data.pick')} {explain}
          </>
        ) : (
          explain
        )
      }
      footer={footer}
    >
      <div ref={wrap} className="data-wrap" style={{ width: '100%' }}>
        {meta ? (
          <canvas
            ref={canvas}
            data-testid="data-canvas"
            data-boundary-step={boundary?.step}
            role="img"
            aria-label={t(regression ? 'chart.data.aria.fit' : 'chart.data.aria')}
            style={{
              display: 'block',
              margin: '0 auto',
              width: layout ? layout.cssWidth : '100%',
              height: layout ? layout.cssHeight : undefined,
            }}
          />
        ) : (
          <p className="hint">{t('chart.data.waiting')}</p>
        )}
      </div>
    </ChartCard>
  );
}
