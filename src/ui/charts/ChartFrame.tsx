// The chart skeleton every chart shares: recharts draws the axes, grid and labels from
// fixed domains and no data; the series are <path>s drawn by overlay children that read
// the axis scales (SeriesPath). This keeps an update to a few ms whatever the number
// of layers (recharts' own <Line> per layer costs ~0.5 ms each and 3 commits per change).

import { createContext, memo, type ReactNode, useContext, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal, flushSync } from 'react-dom';
import { type BaseTickContentProps, CartesianGrid, LineChart, ResponsiveContainer, usePlotArea, useXAxisScale, useYAxisScale, XAxis, YAxis } from 'recharts';
import { useStore } from '../../store/store';
import { frameLoop } from '../frameLoop';
import { useOnScreen } from '../onScreen';
import { usePresentSizes } from '../presentation';
import { type Downsampled, pathOf, type SeriesPoint, settledPaths } from './downsample';
import { formatNumber, formatPow10 } from './scale';

export interface AxisSpec {
  domain: [number, number];
  label: string;
  log?: boolean;
  ticks?: number[];
  format?: (v: number) => string;
}

export interface ChartFrameProps {
  x: AxisSpec;
  y: AxisSpec;
  /** An optional second y axis on the right (yAxisId "right"). */
  y2?: AxisSpec;
  height?: number;
  children?: ReactNode;
  ariaLabel: string;
}

/**
 * An HTML layer over the chart, for canvases drawn over the plot (LayerLines): outside
 * the SVG, so that redrawing them does not make the browser re-rasterise the SVG.
 */
export const OverlayHost = createContext<HTMLDivElement | null>(null);

/**
 * The SVG the series are drawn in (PlotClip portals them there), laid over the axes in a
 * compositing layer of its own: a new step re-rasterises the lines alone, not the grid,
 * ticks and labels under them.
 */
const SeriesHost = createContext<SVGSVGElement | null>(null);

/**
 * Every tick is drawn (the charts ask for few): any other interval makes recharts measure
 * each new tick label in the DOM to avoid collisions, a forced layout per label that
 * turned a domain change into a 20 ms update.
 */
const ALL_TICKS = 0;

/**
 * A tick label as a plain <text>. recharts' own <Text> measures every word in the DOM
 * (for line wrapping the labels never need), another forced layout per new label.
 */
function AxisTick({ x, y, index, payload, textAnchor, verticalAnchor, tickFormatter, className }: BaseTickContentProps) {
  const dy = verticalAnchor === 'start' ? '0.71em' : verticalAnchor === 'end' ? '0' : '0.355em';
  return (
    <text x={x} y={y} dy={dy} textAnchor={textAnchor} fill="var(--muted)" fontSize="var(--chart-font)" className={className}>
      {tickFormatter ? tickFormatter(payload.value, index) : String(payload.value)}
    </text>
  );
}
const formatLinear = (v: number) => formatNumber(v);

/** The same array object as last time while its values are equal (recharts compares by identity). */
function useStable<T extends readonly unknown[] | undefined>(value: T): T {
  const ref = useRef(value);
  const prev = ref.current;
  const same =
    prev === value ||
    (prev !== undefined && value !== undefined && prev.length === value.length && prev.every((v, i) => Object.is(v, value[i])));
  if (!same) ref.current = value;
  return ref.current;
}

/** Axis props that keep their identity while their values do, so recharts skips re-layout. */
function useAxisProps(spec: AxisSpec | undefined, vertical: boolean, right = false, font?: number) {
  const domain = useStable(spec?.domain);
  const ticks = useStable(spec?.ticks);
  const log = spec?.log ?? false;
  const label = spec?.label ?? '';
  // Formatters are compared by identity too: keep the first one for an axis kind.
  const format = spec?.format;
  const formatRef = useRef(format);
  if ((formatRef.current === undefined) !== (format === undefined)) formatRef.current = format;
  const tickFormatter = useMemo(
    () => (v: number) => (formatRef.current ?? (log ? formatPow10 : formatLinear))(v),
    [log],
  );
  const labelProps = useMemo(
    () =>
      vertical
        ? {
            value: label,
            angle: right ? 90 : -90,
            position: right ? ('insideRight' as const) : ('insideLeft' as const),
            offset: right ? 12 : 14,
            fill: 'var(--muted)',
            fontSize: 'var(--chart-font)',
            style: { textAnchor: 'middle' as const },
          }
        : { value: label, position: 'insideBottom' as const, offset: font ? -Math.round(font * 0.5) : -12, fill: 'var(--muted)', fontSize: 'var(--chart-font)' },
    [label, vertical, right, font],
  );
  return { domain, ticks, scale: log ? ('log' as const) : ('linear' as const), tickFormatter, label: labelProps };
}

/**
 * Memoised: it re-renders only when its props change. Charts pass axis specs memoised
 * by value and series as a memoised element that follows the history itself (its
 * chart's turns in the frame loop, live.ts), so a new step re-renders the series, not
 * the axes.
 */
export const ChartFrame = memo(function ChartFrame(props: ChartFrameProps) {
  return <Frame {...useStaggered(props)} />;
});

/**
 * Set by RunPanels around every panel after the first: such a panel takes new props (a
 * new shared domain re-renders every panel, ~10 ms of recharts layout each) on a turn of
 * its own in the frame loop, so that the panels re-lay out one per frame instead of all
 * in one long frame. Axes and series change together (both are its props).
 */
export const StaggerPanel = createContext(false);

function useStaggered(props: ChartFrameProps): ChartFrameProps {
  const stagger = useContext(StaggerPanel);
  const onScreen = useOnScreen();
  const [shown, setShown] = useState(props);
  const state = useRef({ latest: props, shown });
  state.current.latest = props;
  state.current.shown = shown;
  useEffect(() => {
    if (!stagger) return;
    return frameLoop.add(
      {
        id: 'panelAxes',
        pending: () => state.current.latest !== state.current.shown,
        run: () => {
          flushSync(() => setShown(state.current.latest));
          return true;
        },
      },
      onScreen,
    );
  }, [stagger, onScreen]);
  useEffect(() => {
    if (stagger && props !== shown) frameLoop.wake();
  });
  return stagger ? shown : props;
}

function Frame({ x, y, y2, height = 220, children, ariaLabel }: ChartFrameProps) {
  // Presentation mode's larger type needs wider axes.
  const font = usePresentSizes()?.chartFont;
  const xa = useAxisProps(x, false, false, font);
  const ya = useAxisProps(y, true);
  const y2a = useAxisProps(y2, true, true);
  // The x axis's tick labels and its label under them, each a line of chart text.
  const margin = useMemo(() => ({ top: 10, right: y2 ? 4 : font ? Math.max(18, Math.round(font * 1.2)) : 18, bottom: font ? font : 22, left: 8 }), [y2, font]);
  const xHeight = font ? Math.round(font * 1.3 + 8) : 30;
  const [overlay, setOverlay] = useState<HTMLDivElement | null>(null);
  const [seriesLayer, setSeriesLayer] = useState<SVGSVGElement | null>(null);
  return (
    <div className="chart-frame" role="img" aria-label={ariaLabel} style={{ height: `var(--chart-height, ${height}px)`, position: 'relative' }}>
      <div ref={setOverlay} className="chart-overlay" />
      <svg ref={setSeriesLayer} className="chart-series" aria-hidden="true" />
      <SeriesHost.Provider value={seriesLayer}>
      <OverlayHost.Provider value={overlay}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart margin={margin}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          <XAxis type="number" dataKey="x" allowDataOverflow interval={ALL_TICKS} tick={AxisTick} stroke="var(--axis)" height={xHeight} {...xa} />
          <YAxis type="number" allowDataOverflow interval={ALL_TICKS} tick={AxisTick} stroke="var(--axis)" width={font ? Math.round(font * 5) : 62} {...ya} />
          {y2 && (
            <YAxis
              yAxisId="right"
              orientation="right"
              type="number"
              allowDataOverflow
              interval={ALL_TICKS}
              tick={AxisTick}
              stroke="var(--axis)"
              width={font ? Math.round(font * 4.2) : 48}
              {...y2a}
            />
          )}
          {children}
        </LineChart>
      </ResponsiveContainer>
      </OverlayHost.Provider>
      </SeriesHost.Provider>
    </div>
  );
}

/** Clips its children to the plot area (values outside a fixed domain stay inside). */
export function PlotClip({ children }: { children: ReactNode }) {
  const area = usePlotArea();
  const host = useContext(SeriesHost);
  const id = useId().replace(/:/g, '');
  if (!area || !host) return null;
  return createPortal(
    <g>
      <defs>
        <clipPath id={`clip-${id}`}>
          <rect x={area.x} y={area.y} width={area.width} height={area.height} />
        </clipPath>
      </defs>
      <g clipPath={`url(#clip-${id})`}>{children}</g>
    </g>,
    host,
  );
}

export interface SeriesPathProps {
  points: readonly SeriesPoint[];
  color: string;
  width?: number;
  dash?: string;
  opacity?: number;
  testId?: string;
  markers?: boolean;
  /** Draw against the right-hand axis of a ChartFrame with `y2`. */
  right?: boolean;
  /**
   * Where the points still changing begin (StepSeries' openFrom): LiveSeries then draws
   * the settled ones as a path that stays as it is, and the rest as a small one over it.
   */
  openFrom?: number;
}

/** The points of a StepSeries line, and where its open bucket begins. */
export const stepLine = (line: Downsampled): Pick<SeriesPathProps, 'points' | 'openFrom'> => ({ points: line.points, openFrom: line.openFrom });

export function SeriesPath({ points, color, width = 2, dash, opacity = 1, testId, markers = false, right = false }: SeriesPathProps) {
  const xs = useXAxisScale();
  const ys = useYAxisScale(right ? 'right' : undefined);
  if (!xs || !ys) return null;
  const xPx = (v: number) => xs(v) ?? Number.NaN;
  const yPx = (v: number) => ys(v) ?? Number.NaN;
  const { line, dots } = pathOf(points, xPx, yPx, PATH_SCALE);
  const stroke = {
    fill: 'none',
    stroke: color,
    strokeWidth: `calc(${width * PATH_SCALE}px * var(--line-scale))`,
    strokeOpacity: opacity,
    transform: PATH_TRANSFORM,
  };
  return (
    <g data-testid={testId} data-points={points.filter((p) => p.y !== null).length}>
      <path
        d={line}
        {...stroke}
        strokeDasharray={dash && scaleDash(dash)}
        strokeLinejoin="round"
        // Round caps on every dash made a dashed 300-point line cost twice as much to rasterise.
        strokeLinecap={dash ? 'butt' : 'round'}
      />
      {dots && <path d={dots} {...stroke} strokeLinecap="round" />}
      {markers &&
        points.map((p) =>
          p.y === null ? null : <circle key={p.x} cx={xPx(p.x)} cy={yPx(p.y)} r={3} fill={color} fillOpacity={opacity} />,
        )}
    </g>
  );
}

/** Series paths are written in tenths of a pixel (pathOf) and drawn scaled back. */
const PATH_SCALE = 10;
const PATH_TRANSFORM = `scale(${1 / PATH_SCALE})`;
const scaleDash = (dash: string) =>
  dash
    .split(/[\s,]+/)
    .map((v) => Number(v) * PATH_SCALE)
    .join(' ');

type Scale = (v: number) => number | undefined;
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Sets an attribute when its value changes (null removes it). */
function attr(el: Element, name: string, value: string | null): void {
  if (el.getAttribute(name) === value) return;
  if (value === null) el.removeAttribute(name);
  else el.setAttribute(name, value);
}

/** Draws `specs` into `group` as SeriesPath would render them, reusing the elements already there. */
function drawSeries(group: SVGGElement, specs: readonly SeriesPathProps[], xs: Scale, ys: Scale, ysRight: Scale | undefined): void {
  while (group.childElementCount > specs.length) group.lastElementChild?.remove();
  specs.forEach((spec, i) => {
    let g = group.children[i] as SVGGElement | undefined;
    if (!g) {
      g = document.createElementNS(SVG_NS, 'g');
      // The line (its settled part, when it has one), its dots, its markers, its open part.
      g.append(document.createElementNS(SVG_NS, 'path'), document.createElementNS(SVG_NS, 'path'), document.createElementNS(SVG_NS, 'g'), document.createElementNS(SVG_NS, 'path'));
      const [line, dots, , open] = [g.children[0], g.children[1], g.children[2], g.children[3]];
      for (const el of [line, dots, open]) {
        el.setAttribute('fill', 'none');
        el.setAttribute('transform', PATH_TRANSFORM);
        el.setAttribute('stroke-linejoin', 'round');
      }
      dots.setAttribute('stroke-linecap', 'round');
      group.append(g);
    }
    const { points, color, width = 2, dash, opacity = 1, testId, markers = false, right = false, openFrom } = spec;
    const yScale = right ? ysRight : ys;
    const xPx = (v: number) => xs(v) ?? Number.NaN;
    const yPx = (v: number) => (yScale ? (yScale(v) ?? Number.NaN) : Number.NaN);
    const [line, dots, marks, open] = [g.children[0], g.children[1], g.children[2], g.children[3]];
    attr(g, 'data-testid', testId ?? null);
    attr(g, 'data-points', String(points.filter((p) => p.y !== null).length));
    const strokeWidth = `calc(${width * PATH_SCALE}px * var(--line-scale))`;
    for (const el of [line, dots, open]) {
      attr(el, 'stroke', color);
      attr(el, 'stroke-width', strokeWidth);
      attr(el, 'stroke-opacity', String(opacity));
    }
    const dashArray = dash ? scaleDash(dash) : null;
    // Translucent halves would darken where their round caps overlap: square ends there.
    const cap = dash || (openFrom !== undefined && opacity < 1) ? 'butt' : 'round';
    for (const el of [line, open]) {
      attr(el, 'stroke-dasharray', dashArray);
      attr(el, 'stroke-linecap', cap);
    }
    if (openFrom === undefined) {
      const { line: d, dots: dotsD } = pathOf(points, xPx, yPx, PATH_SCALE);
      attr(line, 'd', d);
      attr(dots, 'd', dotsD || null);
      attr(open, 'd', null);
    } else {
      const split = settledPaths(points, openFrom, xPx, yPx, PATH_SCALE);
      attr(line, 'd', split.settled || null);
      attr(dots, 'd', split.dots || null);
      attr(open, 'd', split.open || null);
      attr(open, 'stroke-dashoffset', dash ? String(split.openDashOffset) : null);
    }
    const shown = markers ? points.filter((p) => p.y !== null) : [];
    while (marks.childElementCount > shown.length) marks.lastElementChild?.remove();
    shown.forEach((p, k) => {
      let c = marks.children[k];
      if (!c) {
        c = document.createElementNS(SVG_NS, 'circle');
        c.setAttribute('r', '3');
        marks.append(c);
      }
      attr(c, 'cx', String(xPx(p.x)));
      attr(c, 'cy', String(yPx(p.y as number)));
      attr(c, 'fill', color);
      attr(c, 'fill-opacity', String(opacity));
    });
  });
}

/**
 * Series that follow the run history without React: on each of its turns in the frame
 * loop (task `${id}:series`, taken when the history has changed), `compute` gives the
 * series and their elements' attributes are set in place, as SeriesPath would render
 * them. React renders the group once; new axis scales (a domain change re-renders this)
 * redraw it in the same commit. Re-rendering a few SeriesPaths through React on every
 * step cost more than computing them (four runs: over half of the charts' time).
 */
export function LiveSeries({ id, compute }: { id: string; compute: () => readonly SeriesPathProps[] }) {
  const onScreen = useOnScreen();
  const xs = useXAxisScale();
  const ys = useYAxisScale();
  const ysRight = useYAxisScale('right');
  const group = useRef<SVGGElement>(null);
  const live = useRef({ compute, xs, ys, ysRight, version: -1, histories: null as unknown, drawn: null as unknown });
  live.current.compute = compute;
  live.current.xs = xs;
  live.current.ys = ys;
  live.current.ysRight = ysRight;
  const draw = () => {
    const s = live.current;
    const g = group.current;
    if (!g || !s.xs || !s.ys) return false;
    const state = useStore.getState();
    s.version = state.historyVersion;
    s.histories = state.histories;
    s.drawn = [s.compute, s.xs, s.ys, s.ysRight];
    drawSeries(g, s.compute(), s.xs, s.ys, s.ysRight);
    return true;
  };
  const drawNow = useRef(draw);
  drawNow.current = draw;
  // A render with new scales or a new `compute`: draw now, with the axes it goes with.
  useLayoutEffect(() => {
    const s = live.current;
    const drawn = s.drawn as unknown[] | null;
    if (!drawn || drawn[0] !== s.compute || drawn[1] !== s.xs || drawn[2] !== s.ys || drawn[3] !== s.ysRight) draw();
  });
  useEffect(
    () =>
      frameLoop.add({
        id: `${id}:series`,
        pending: () => {
          const state = useStore.getState();
          return state.historyVersion !== live.current.version || state.histories !== live.current.histories;
        },
        run: () => drawNow.current(),
      }, onScreen),
    [id, onScreen],
  );
  return <g ref={group} />;
}

/** A horizontal line (threshold) or band across the plot, in data units. */
export function HorizontalBand({ from, to, color, label }: { from: number; to?: number; color: string; label?: string }) {
  const ys = useYAxisScale();
  const area = usePlotArea();
  if (!ys || !area) return null;
  const y1 = ys(from);
  if (y1 === undefined || !Number.isFinite(y1)) return null;
  if (to === undefined) {
    return (
      <g>
        <line x1={area.x} x2={area.x + area.width} y1={y1} y2={y1} stroke={color} strokeWidth={1.5} strokeDasharray="6 4" />
        {label && (
          <text x={area.x + area.width - 4} y={y1 - 4} textAnchor="end" fill={color} fontSize="var(--chart-font)">
            {label}
          </text>
        )}
      </g>
    );
  }
  const y2 = ys(to) ?? y1;
  return (
    <g>
      <rect x={area.x} width={area.width} y={Math.min(y1, y2)} height={Math.abs(y2 - y1)} fill={color} />
      {label && (
        <text x={area.x + 4} y={Math.min(y1, y2) + 12} fill="var(--muted)" fontSize="var(--chart-font)">
          {label}
        </text>
      )}
    </g>
  );
}
