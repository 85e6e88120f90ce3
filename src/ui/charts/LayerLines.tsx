// One line per layer over training steps, drawn on canvases laid over the recharts plot
// area (HTML canvases in the chart's overlay layer, outside the SVG). Shared by the
// per-layer norm and the update-ratio charts.
//
// An update draws only the rows that arrived since the last one (LinePlot: the result
// is the same as a full redraw). A full redraw happens when an axis domain, the size,
// presentation mode, the statistic or the run changes, or when the history drops rows
// (compaction); it is split over frames by the frame loop's deadline, the old picture
// staying up until the new one is whole. The highlighted layer is a second canvas on
// top (the others fade by CSS opacity), so picking a layer redraws one line, not 100.
import { useContext, useEffect, useLayoutEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { usePlotArea } from 'recharts';
import type { FrameLayerStat } from '../../protocol';
import type { RunHistory } from '../../store/history';
import { runAt, useStore } from '../../store/store';
import { frameLoop } from '../frameLoop';
import { useOnScreen } from '../onScreen';
import { OverlayHost } from './ChartFrame';
import { LinePlot, logPlotMap, packRgba, parseColor } from './lineRaster';
import { layerColor } from './palette';
import { usePresentSizes } from '../presentation';

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
  return layer === shown ? { width: 3.5, opacity: 1 } : { width: 1.5, opacity: 0.25 };
}

/** Device pixels across a line of CSS width `width` (presentation mode scales it with the screen). */
const devicePenWidth = (width: number, scale: number) => Math.min(Math.max(7, 2 * scale), Math.max(1, width * scale * 0.8));

export interface LayerLinesProps {
  stat: FrameLayerStat;
  xDomain: [number, number];
  yDomain: [number, number];
  /** Names the chart in the frame loop. */
  id: string;
  /** data-testid of a marker carrying layer 0's drawn point count (for tests). */
  testId: string;
  /** The run whose history is drawn (0 = A). */
  run?: number;
  /** A translucent band drawn over the lines (so 100 lines cannot hide it). */
  band?: { from: number; to: number; color: string; label: string };
}

interface Settings {
  stat: FrameLayerStat;
  xDomain: [number, number];
  yDomain: [number, number];
  shown: number | null;
  /** How many times their laptop width lines are drawn (presentation mode: more). */
  lineScale: number;
  /** Device pixels. */
  width: number;
  height: number;
  dpr: number;
}

/** One canvas of lines and what it has drawn so far. */
class LineCanvas {
  readonly plot = new LinePlot();
  private image: ImageData | null = null;
  key = '';
  /** Rows drawn into the plot for every layer (a full redraw in progress: `nextLayer` < layers). */
  rows = 0;
  fullRows = 0;
  nextLayer = 0;
  canvas: HTMLCanvasElement | null = null;

  start(key: string, width: number, height: number, rows: number, colors: number[]): void {
    this.key = key;
    this.plot.reset(width, height);
    this.plot.setPalette(colors);
    this.rows = 0;
    this.fullRows = rows;
    this.nextLayer = 0;
  }

  /** Puts what changed on the canvas. */
  present(): boolean {
    const canvas = this.canvas;
    const rect = this.plot.resolve();
    if (!canvas || !rect) return false;
    const { width, height } = this.plot;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    if (!this.image || this.image.data !== this.plot.pixels) this.image = new ImageData(this.plot.pixels, width, height);
    canvas.getContext('2d')?.putImageData(this.image, 0, 0, rect.x, rect.y, rect.width, rect.height);
    return true;
  }
}

/** Draws the lines of `layers` (0-based) into `target`, resuming a full redraw and then adding new rows. */
function drawInto(target: LineCanvas, history: RunHistory, s: Settings, layers: number[], rank: (l: number) => number, width: number, deadline: number): boolean {
  const map = logPlotMap(s.xDomain, s.yDomain, s.width, s.height);
  const steps = history.steps();
  if (target.nextLayer < layers.length) {
    while (target.nextLayer < layers.length) {
      const l = layers[target.nextLayer++];
      target.plot.line(steps, history.layerSeries(s.stat, l), 0, target.fullRows, map, rank(l), width);
      if (target.nextLayer < layers.length && performance.now() > deadline) return false;
    }
    target.rows = target.fullRows;
  }
  const n = history.length;
  if (n > target.rows) {
    for (const l of layers) target.plot.line(steps, history.layerSeries(s.stat, l), target.rows, n, map, rank(l), width);
    target.rows = n;
  }
  return target.present();
}

function drawablePoints(values: Float64Array): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > 0 && values[i] < Number.POSITIVE_INFINITY) n++;
  return n;
}

/** The frame-loop task of one LayerLines: the base canvas (every layer) and the highlight canvas. */
class LinesPainter {
  settings: Settings | null = null;
  readonly base = new LineCanvas();
  readonly top = new LineCanvas();
  marker: SVGGElement | null = null;
  private history: RunHistory | null = null;

  constructor(
    readonly id: string,
    readonly runIndex: number,
  ) {}

  /** What the drawn pixels depend on, besides the rows themselves (a compaction renumbers those). */
  private keys(h: RunHistory, s: Settings) {
    const common = `${s.stat}|${s.xDomain}|${s.yDomain}|${s.lineScale}|${s.width}x${s.height}|${h.compactions}`;
    return { base: common, top: `${common}|${s.shown}` };
  }

  pending(): boolean {
    const s = this.settings;
    if (!s || s.width <= 0 || s.height <= 0) return false;
    const h = runAt(useStore.getState(), this.runIndex).history;
    if (h !== this.history) return true;
    const keys = this.keys(h, s);
    return (
      keys.base !== this.base.key ||
      keys.top !== this.top.key ||
      this.base.nextLayer < h.numLayers ||
      h.length > this.base.rows ||
      (s.shown !== null && h.length > this.top.rows)
    );
  }

  run(deadline: number): boolean {
    const s = this.settings;
    if (!s) return false;
    const h = runAt(useStore.getState(), this.runIndex).history;
    const L = h.numLayers;
    const restart = h !== this.history;
    this.history = h;
    const keys = this.keys(h, s);
    const scale = s.lineScale * s.dpr;
    const layers = Array.from({ length: L }, (_, l) => l);
    if (restart || keys.base !== this.base.key) {
      const colors = layers.map((l) => packRgba(parseColor(layerColor(l, L))));
      this.base.start(keys.base, s.width, s.height, h.length, colors);
    }
    const shown = s.shown !== null && s.shown < L ? s.shown : null;
    if (restart || keys.top !== this.top.key) {
      this.top.start(keys.top, s.width, s.height, h.length, shown === null ? [] : [packRgba(parseColor(layerColor(shown, L)))]);
    }
    let painted = drawInto(this.base, h, s, layers, (l) => l + 1, devicePenWidth(layerStyle(0, null).width, scale), deadline);
    if (this.base.nextLayer >= L) {
      painted = drawInto(this.top, h, s, shown === null ? [] : [shown], () => 1, devicePenWidth(layerStyle(0, 0).width, scale), deadline) || painted;
      // The other layers fade while one is singled out.
      if (this.base.canvas) this.base.canvas.style.opacity = String(layerStyle(-1, shown).opacity);
    }
    if (this.marker && L > 0) this.marker.dataset.points = String(drawablePoints(h.layerSeries(s.stat, 0)));
    return painted;
  }
}

/**
 * The lines follow the highlighted (or previewed) layer from the store themselves, so
 * that picking a layer re-renders neither the chart around them nor recharts.
 */
export function LayerLines(props: LayerLinesProps) {
  const lineScale = usePresentSizes()?.lineScale ?? 1;
  const shown = useStore((s) => s.previewLayer ?? s.highlightedLayer);
  const area = usePlotArea();
  const host = useContext(OverlayHost);
  const painter = useRef<LinesPainter | null>(null);
  painter.current ??= new LinesPainter(props.id, props.run ?? 0);
  const baseCanvas = useRef<HTMLCanvasElement>(null);
  const topCanvas = useRef<HTMLCanvasElement>(null);
  const marker = useRef<SVGGElement>(null);
  const width = area?.width ?? 0;
  const height = area?.height ?? 0;
  const numLayers = useStore((s) => runAt(s, props.run ?? 0).history.numLayers);

  const onScreen = useOnScreen();
  useEffect(() => {
    const p = painter.current;
    return p ? frameLoop.add(p, onScreen) : undefined;
  }, [onScreen]);
  useLayoutEffect(() => {
    const p = painter.current;
    if (!p) return;
    const dpr = window.devicePixelRatio || 1;
    p.base.canvas = baseCanvas.current;
    p.top.canvas = topCanvas.current;
    p.marker = marker.current;
    p.settings = {
      stat: props.stat,
      xDomain: props.xDomain,
      yDomain: props.yDomain,
      shown,
      lineScale,
      width: Math.max(0, Math.round(width * dpr)),
      height: Math.max(0, Math.round(height * dpr)),
      dpr,
    };
    frameLoop.wake();
  });

  if (!area || !host || width <= 0 || height <= 0) return null;
  const style = { position: 'absolute', left: area.x, top: area.y, width, height } as const;
  const band = props.band ? bandBox(props.band, props.yDomain, height) : null;
  return (
    <>
      {createPortal(
        <>
          <canvas ref={baseCanvas} className="layer-lines" style={style} data-layers={numLayers} data-x={area.x} data-y={area.y} />
          <canvas ref={topCanvas} className="layer-lines layer-lines-top" style={style} />
          {props.band && band && (
            <div
              className="layer-lines-band"
              style={{ position: 'absolute', left: area.x, width, top: area.y + band.top, height: band.height, background: props.band.color }}
            >
              <span>{props.band.label}</span>
            </div>
          )}
        </>,
        host,
      )}
      <g ref={marker} data-testid={props.testId} data-points={0} />
    </>
  );
}

/** Where a band [from, to] of a log axis sits in a plot `height` pixels high (clipped to it). */
export function bandBox(band: { from: number; to: number }, yDomain: readonly [number, number], height: number): { top: number; height: number } | null {
  const map = axisMaps([0, 1], yDomain, [0, 1], [height, 0]);
  const top = Math.max(0, map.y(band.to));
  const bottom = Math.min(height, map.y(band.from));
  return bottom > top ? { top, height: bottom - top } : null;
}
