// The chart skeleton every chart shares: recharts draws the axes, grid and labels from
// fixed domains and no data; the series are <path>s drawn by overlay children that read
// the axis scales (SeriesPath). This keeps an update to a few ms whatever the number
// of layers (recharts' own <Line> per layer costs ~0.5 ms each and 3 commits per change).

import { type ReactNode, useId } from 'react';
import { CartesianGrid, LineChart, ResponsiveContainer, usePlotArea, useXAxisScale, useYAxisScale, XAxis, YAxis } from 'recharts';
import { pathOf, type SeriesPoint } from './downsample';
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

export function ChartFrame({ x, y, y2, height = 220, children, ariaLabel }: ChartFrameProps) {
  const tickStyle = { fontSize: 'var(--chart-font)', fill: 'var(--muted)' } as const;
  return (
    <div className="chart-frame" role="img" aria-label={ariaLabel} style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart margin={{ top: 10, right: y2 ? 4 : 18, bottom: 22, left: 8 }}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            domain={x.domain}
            scale={x.log ? 'log' : 'linear'}
            allowDataOverflow
            ticks={x.ticks}
            tickFormatter={x.format ?? ((v: number) => formatNumber(v))}
            tick={tickStyle}
            stroke="var(--axis)"
            label={{ value: x.label, position: 'insideBottom', offset: -12, fill: 'var(--muted)', fontSize: 'var(--chart-font)' }}
          />
          <YAxis
            type="number"
            domain={y.domain}
            scale={y.log ? 'log' : 'linear'}
            allowDataOverflow
            ticks={y.ticks}
            tickFormatter={y.format ?? (y.log ? formatPow10 : (v: number) => formatNumber(v))}
            tick={tickStyle}
            stroke="var(--axis)"
            width={62}
            label={{ value: y.label, angle: -90, position: 'insideLeft', offset: 14, fill: 'var(--muted)', fontSize: 'var(--chart-font)', style: { textAnchor: 'middle' } }}
          />
          {y2 && (
            <YAxis
              yAxisId="right"
              orientation="right"
              type="number"
              domain={y2.domain}
              scale={y2.log ? 'log' : 'linear'}
              allowDataOverflow
              ticks={y2.ticks}
              tickFormatter={y2.format ?? (y2.log ? formatPow10 : (v: number) => formatNumber(v))}
              tick={tickStyle}
              stroke="var(--axis)"
              width={48}
              label={{ value: y2.label, angle: 90, position: 'insideRight', offset: 12, fill: 'var(--muted)', fontSize: 'var(--chart-font)', style: { textAnchor: 'middle' } }}
            />
          )}
          {children}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Clips its children to the plot area (values outside a fixed domain stay inside). */
export function PlotClip({ children }: { children: ReactNode }) {
  const area = usePlotArea();
  const id = useId().replace(/:/g, '');
  if (!area) return null;
  return (
    <g>
      <defs>
        <clipPath id={`clip-${id}`}>
          <rect x={area.x} y={area.y} width={area.width} height={area.height} />
        </clipPath>
      </defs>
      <g clipPath={`url(#clip-${id})`}>{children}</g>
    </g>
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
}

export function SeriesPath({ points, color, width = 2, dash, opacity = 1, testId, markers = false, right = false }: SeriesPathProps) {
  const xs = useXAxisScale();
  const ys = useYAxisScale(right ? 'right' : undefined);
  if (!xs || !ys) return null;
  const xPx = (v: number) => xs(v) ?? Number.NaN;
  const yPx = (v: number) => ys(v) ?? Number.NaN;
  return (
    <g data-testid={testId} data-points={points.filter((p) => p.y !== null).length}>
      <path
        d={pathOf(points, xPx, yPx)}
        fill="none"
        stroke={color}
        strokeWidth={`calc(${width}px * var(--line-scale))`}
        strokeDasharray={dash}
        strokeOpacity={opacity}
        strokeLinejoin="round"
        strokeLinecap="round"
      />
      {markers &&
        points.map((p) =>
          p.y === null ? null : <circle key={p.x} cx={xPx(p.x)} cy={yPx(p.y)} r={3} fill={color} fillOpacity={opacity} />,
        )}
    </g>
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
