// One line per layer over training steps, drawn on a canvas laid over the recharts plot
// area (an HTML canvas in the chart's overlay layer, outside the SVG). With 100 layers,
// 100 SVG paths cost React and the browser far more per update than one canvas redraw,
// and a canvas inside the SVG would make the browser re-rasterise the whole SVG. Shared by the per-layer norm and the
// update-ratio charts; each takes its turn (Cadence) so they do not redraw together.
import { useContext, useLayoutEffect, useMemo, useRef } from 'react';
import { createPortal } from 'react-dom';
import { usePlotArea } from 'recharts';
import type { FrameLayerStat } from '../../protocol';
import { OverlayHost } from './ChartFrame';
import { layerSeries, pointCount } from './layerNormsModel';
import { type Cadence, useLiveHistory } from './live';
import { parseColor, rasterLine } from './lineRaster';
import { layerColor } from './palette';
import { useStore } from '../../store/store';

/**
 * Pixel mappings for a linear x and a log y axis, from where the ends of the domains sit
 * on screen. Plain numbers, so drawing needs no recharts scale function.
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

/** Line style of a layer when `shown` (0-based) is singled out, or none is. */
export function layerStyle(layer: number, shown: number | null): { width: number; opacity: number } {
  if (shown === null) return { width: 1.5, opacity: 1 };
  return layer === shown ? { width: 3.5, opacity: 1 } : { width: 1.25, opacity: 0.25 };
}

export interface LayerLinesProps {
  stat: FrameLayerStat;
  xDomain: [number, number];
  yDomain: [number, number];
  /** The layer drawn on top and thicker (0-based), or null. */
  shown: number | null;
  buckets: number;
  cadence?: Cadence;
  /** data-testid of a marker carrying layer 0's drawn point count (for tests). */
  testId: string;
  /** Presentation mode: thicker lines, larger type. */
  present?: boolean;
  /** A translucent band drawn over the lines (so 100 lines cannot hide it). */
  band?: { from: number; to: number; color: string; label: string };
}

const imageCache = new WeakMap<HTMLCanvasElement, ImageData>();
/** Pixel coordinates of one line at a time (reused: one allocation, not one per layer per frame). */
let xyScratch = new Float32Array(0);

function drawLines(canvas: HTMLCanvasElement, series: Float64Array[], width: number, height: number, props: LayerLinesProps) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  // Presentation mode doubles lines and enlarges type (as --line-scale and --chart-font do
  // in CSS). Read from the store, not getComputedStyle, which would force a style and
  // layout pass of the whole page on every redraw.
  const scale = (props.present ? 2 : 1) * dpr;
  const map = axisMaps(props.xDomain, props.yDomain, [0, w], [h, 0]);
  const L = series.length;
  const order = series.map((_, l) => l).filter((l) => l !== props.shown);
  if (props.shown !== null && props.shown < L) order.push(props.shown);
  // Reuse the pixel buffer between redraws (a new one per frame is ~1 MB of garbage).
  let image = imageCache.get(canvas);
  if (!image || image.width !== w || image.height !== h) {
    image = ctx.createImageData(w, h);
    imageCache.set(canvas, image);
  } else {
    image.data.fill(0);
  }
  for (const l of order) {
    const style = layerStyle(l, props.shown);
    const line = series[l];
    if (xyScratch.length < line.length) xyScratch = new Float32Array(line.length * 2);
    const xy = xyScratch.subarray(0, line.length);
    for (let i = 0; i < line.length; i += 2) {
      const gap = Number.isNaN(line[i + 1]);
      xy[i] = gap ? Number.NaN : map.x(line[i]);
      xy[i + 1] = gap ? Number.NaN : map.y(line[i + 1]);
    }
    rasterLine(image.data, w, h, { xy, rgb: parseColor(layerColor(l, L)), opacity: style.opacity, width: Math.min(7, Math.max(1, style.width * scale * 0.8)) });
  }
  ctx.putImageData(image, 0, 0);
  if (props.band) {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const bandMap = axisMaps(props.xDomain, props.yDomain, [0, width], [height, 0]);
    const top = bandMap.y(props.band.to);
    const bottom = bandMap.y(props.band.from);
    ctx.fillStyle = props.band.color;
    ctx.fillRect(0, top, width, bottom - top);
    ctx.fillStyle = props.present ? '#1f2937' : '#4a5262';
    ctx.font = `${props.present ? 17 : 12}px system-ui, sans-serif`;
    ctx.fillText(props.band.label, 4, top + (props.present ? 20 : 14));
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }
}

export function LayerLines(ownProps: LayerLinesProps) {
  const present = useStore((s) => s.view.present);
  const props = { ...ownProps, present };
  const { stat, buckets, cadence } = props;
  const { history, version } = useLiveHistory(cadence);
  const scratch = useRef({ buffer: new Float64Array(0) });
  const lines = useMemo(() => {
    void version;
    return layerSeries(history.layerColumn(stat), history.steps(), history.length, history.numLayers, buckets, scratch.current);
  }, [history, version, stat, buckets]);
  const area = usePlotArea();
  const host = useContext(OverlayHost);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = area?.width ?? 0;
  const height = area?.height ?? 0;
  useLayoutEffect(() => {
    if (canvas.current && width > 0 && height > 0) drawLines(canvas.current, lines.series, width, height, props);
  });
  if (!area || !host || width <= 0 || height <= 0) return null;
  const firstPoints = pointCount(lines.series[0]);
  return (
    <>
      {createPortal(
        <canvas
          ref={canvas}
          className="layer-lines"
          style={{ position: 'absolute', left: area.x, top: area.y, width, height }}
          data-layers={lines.series.length}
          data-x={area.x}
          data-y={area.y}
        />,
        host,
      )}
      <g data-testid={props.testId} data-points={firstPoints} />
    </>
  );
}
