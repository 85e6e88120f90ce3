// The chart skeleton every chart shares: recharts draws the axes, grid and labels from
// fixed domains and no data; the series are <path>s drawn by overlay children that read
// the axis scales (ChartSeries.tsx). This keeps an update to a few ms whatever the number
// of layers (recharts' own <Line> per layer costs ~0.5 ms each and 3 commits per change).

import { createContext, memo, type ReactNode, useContext, useEffect, useId, useMemo, useRef, useState } from 'react';
import { createPortal, flushSync } from 'react-dom';
import { type BaseTickContentProps, CartesianGrid, LineChart, ResponsiveContainer, usePlotArea, useYAxisScale, XAxis, YAxis } from 'recharts';
import { frameLoop } from '../frameLoop';
import { useOnScreen } from '../onScreen';
import { usePresentSizes } from '../presentation';
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
