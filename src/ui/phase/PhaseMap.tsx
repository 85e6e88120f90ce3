// The phase diagram itself: one SVG (cells, theory lines, this run's mark, axes and
// the colour legend) that is also what Export SVG and PNG write, so it carries its
// styles as attributes. Cells not measured yet take their coarse neighbour's colour,
// so the coarse quarter of the grid is already a whole picture.

import { memo, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import { type PhaseField, pointOf } from '../../core/phase/grid';
import type { PhaseLines, Segment } from '../../core/phase/lines';
import type { PhaseCell } from '../../core/phase/sweep';
import type { PhaseGrid } from '../../store/phaseStore';
import {
  axisPosition,
  axisTicks,
  cellFill,
  colorPosition,
  decadesText,
  divergingColor,
  EXPLODE_COLOR,
  legendTicks,
  NAN_COLOR,
  PENDING_COLOR,
  type PhaseShow,
  VANISH_COLOR,
  valueAtPosition,
} from './phaseScale';
import { FIELD_WORDS } from './phaseWords';

export const MAP_WIDTH = 760;
export const MAP_HEIGHT = 540;
const M = { left: 78, right: 150, top: 20, bottom: 62 };
const PW = MAP_WIDTH - M.left - M.right;
const PH = MAP_HEIGHT - M.top - M.bottom;
const FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';

export interface CellIndex {
  ix: number;
  iy: number;
}

interface MapProps {
  grid: PhaseGrid;
  lines: PhaseLines | null;
  show: PhaseShow;
  domain: number;
  version: number;
  focus: CellIndex | null;
  svgRef: RefObject<SVGSVGElement | null>;
  onPick(cell: CellIndex): void;
  onHover(cell: CellIndex | null): void;
  onFocusMove(cell: CellIndex): void;
  label: string;
}

const fmt = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v * 100) / 100) : String(Number(v.toPrecision(3))));

export const PhaseMap = memo(function PhaseMap({ grid, lines, show, domain, focus, svgRef, onPick, onHover, onFocusMove, label }: MapProps) {
  const nx = grid.xValues.length;
  const ny = grid.yValues.length;
  const cw = PW / nx;
  const ch = PH / ny;
  const cellX = (ix: number) => M.left + ix * cw;
  const cellY = (iy: number) => M.top + (ny - 1 - iy) * ch;
  // A data point to SVG coordinates (cell centres at the axis values).
  const px = (v: number) => M.left + (axisPosition(grid.spec.x.field, grid.xValues, v) + 0.5) * cw;
  const py = (v: number) => M.top + (ny - 1 - axisPosition(grid.spec.y.field, grid.yValues, v) + 0.5) * ch;

  const cellAt = (ix: number, iy: number): PhaseCell | null => grid.cells[iy * nx + ix] ?? null;
  const rects = [];
  const hatches = [];
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const own = cellAt(ix, iy);
      const stand = own ?? cellAt(ix - (ix % 2), iy - (iy % 2));
      const { fill, hatch } = stand ? cellFill(stand, show, domain) : { fill: PENDING_COLOR, hatch: null };
      const key = `${ix},${iy}`;
      // Slightly larger than the cell, so no hairline gaps show between neighbours.
      rects.push(<rect key={key} x={cellX(ix)} y={cellY(iy)} width={cw + 0.5} height={ch + 0.5} fill={fill} opacity={own ? 1 : 0.75} />);
      if (hatch) hatches.push(<rect key={`h${key}`} x={cellX(ix)} y={cellY(iy)} width={cw} height={ch} fill={`url(#phase-hatch-${hatch})`} />);
    }
  }

  const seg = (s: Segment) => `M${px(s[0][0]).toFixed(1)},${py(s[0][1]).toFixed(1)}L${px(s[1][0]).toFixed(1)},${py(s[1][1]).toFixed(1)}`;
  const xTicks = axisTicks(grid.spec.x.field, grid.xValues[0], grid.xValues[nx - 1]);
  const yTicks = axisTicks(grid.spec.y.field, grid.yValues[0], grid.yValues[ny - 1]);
  const here = { x: pointOf(grid.config, grid.spec.x.field), y: pointOf(grid.config, grid.spec.y.field) };
  const inRange = (field: PhaseField, values: number[], v: number) => {
    const p = axisPosition(field, values, v);
    return Number.isFinite(p) && p >= -0.5 && p <= values.length - 0.5;
  };
  const showHere = inRange(grid.spec.x.field, grid.xValues, here.x) && inRange(grid.spec.y.field, grid.yValues, here.y);

  const locate = (e: PointerEvent<SVGSVGElement>): CellIndex | null => {
    const box = e.currentTarget.getBoundingClientRect();
    const sx = ((e.clientX - box.left) * MAP_WIDTH) / box.width;
    const sy = ((e.clientY - box.top) * MAP_HEIGHT) / box.height;
    const ix = Math.floor((sx - M.left) / cw);
    const iy = ny - 1 - Math.floor((sy - M.top) / ch);
    return ix >= 0 && ix < nx && iy >= 0 && iy < ny ? { ix, iy } : null;
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = focus ?? { ix: 0, iy: 0 };
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      onFocusMove({ ix: Math.min(nx - 1, Math.max(0, at.ix + move[0])), iy: Math.min(ny - 1, Math.max(0, at.iy + move[1])) });
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onPick(at);
    }
  };

  const legendX = MAP_WIDTH - M.right + 34;
  const legendH = PH * 0.62;
  const stops = Array.from({ length: 21 }, (_, i) => i / 20);
  const ticks = legendTicks(domain);
  // Legend y of a value: +domain at the top.
  const legendY = (v: number) => M.top + 40 + ((1 - colorPosition(v, domain)) / 2) * legendH;
  const xLabel = FIELD_WORDS[grid.spec.x.field].axis;
  const yLabel = FIELD_WORDS[grid.spec.y.field].axis;

  return (
    // The cells are one keyboard stop: arrows move between them, Enter picks one.
    <div
      className="phase-map-frame"
      role="application"
      aria-roledescription="phase diagram"
      aria-label={`${label} Arrow keys move between cells; Enter picks one.`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: role=application is the widget that takes those keys
      tabIndex={0}
      onKeyDown={onKey}
      data-testid="phase-map-keys"
    >
    <svg
      ref={svgRef}
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`}
      className="phase-map"
      data-testid="phase-map"
      aria-hidden="true"
      fontFamily={FONT}
      onPointerMove={(e) => onHover(locate(e))}
      onPointerLeave={() => onHover(null)}
      onClick={(e) => {
        const cell = locate(e as unknown as PointerEvent<SVGSVGElement>);
        if (cell) onPick(cell);
      }}
    >
      <defs>
        <pattern id="phase-hatch-overflow" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" strokeWidth="1.6" />
        </pattern>
        <pattern id="phase-hatch-zero" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">
          <line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" strokeWidth="1.6" />
        </pattern>
        <linearGradient id="phase-legend" x1="0" y1="1" x2="0" y2="0">
          {stops.map((t) => (
            <stop key={t} offset={t} stopColor={divergingColor(valueAtPosition(2 * t - 1, domain), domain)} />
          ))}
        </linearGradient>
        <clipPath id="phase-plot">
          <rect x={M.left} y={M.top} width={PW} height={PH} />
        </clipPath>
      </defs>
      <rect x="0" y="0" width={MAP_WIDTH} height={MAP_HEIGHT} fill="#ffffff" />
      <g data-testid="phase-cells">{rects}</g>
      <g>{hatches}</g>
      <g clipPath="url(#phase-plot)" fill="none">
        {lines && lines.trainable.length > 0 && (
          <path data-testid="phase-line-trainable" d={lines.trainable.map(seg).join('')} stroke="#1a1a1a" strokeWidth="2.5" strokeDasharray="7 5" />
        )}
        {lines && lines.critical.length > 0 && (
          <>
            <path d={lines.critical.map(seg).join('')} stroke="#ffffff" strokeWidth="6" strokeLinecap="round" />
            <path data-testid="phase-line-critical" d={lines.critical.map(seg).join('')} stroke="#000000" strokeWidth="3" strokeLinecap="round" />
          </>
        )}
        {showHere && (
          <g data-testid="phase-here" transform={`translate(${px(here.x)},${py(here.y)})`}>
            <circle r="9" fill="none" stroke="#ffffff" strokeWidth="5" />
            <circle r="9" fill="none" stroke="#000000" strokeWidth="2.5" />
            <circle r="2.5" fill="#000000" />
          </g>
        )}
        {focus && <rect x={cellX(focus.ix)} y={cellY(focus.iy)} width={cw} height={ch} fill="none" stroke="#000" strokeWidth="2.5" data-testid="phase-focus" />}
      </g>
      <rect x={M.left} y={M.top} width={PW} height={PH} fill="none" stroke="#444" strokeWidth="1" />
      {/* Axes */}
      <g fontSize="15" fill="#222">
        {xTicks.map((t) => (
          <g key={`x${t}`} transform={`translate(${px(t)},${M.top + PH})`}>
            <line y2="6" stroke="#444" />
            <text y="22" textAnchor="middle">
              {fmt(t)}
            </text>
          </g>
        ))}
        {yTicks.map((t) => (
          <g key={`y${t}`} transform={`translate(${M.left},${py(t)})`}>
            <line x2="-6" stroke="#444" />
            <text x="-10" dy="0.35em" textAnchor="end">
              {fmt(t)}
            </text>
          </g>
        ))}
        <text x={M.left + PW / 2} y={MAP_HEIGHT - 14} textAnchor="middle" fontSize="17" fontWeight="600">
          {xLabel}
        </text>
        <text transform={`translate(20,${M.top + PH / 2}) rotate(-90)`} textAnchor="middle" fontSize="17" fontWeight="600">
          {yLabel}
        </text>
      </g>
      {/* Legend: decades of the ratio, explode on top */}
      <g fontSize="14" fill="#222">
        <text x={legendX - 6} y={M.top + 12} fontWeight="600">
          ‖δ₁‖ / ‖δ_L‖
        </text>
        <text x={legendX - 6} y={M.top + 30} fontSize="13" fill="#67001f">
          {show === 'difference' ? 'measured > theory' : 'explodes'}
        </text>
        <rect x={legendX} y={M.top + 40} width="18" height={legendH} fill="url(#phase-legend)" stroke="#444" />
        {ticks.map((t) => (
          <g key={t} transform={`translate(${legendX + 18},${legendY(t)})`}>
            <line x2="5" stroke="#444" />
            <text x="9" dy="0.35em">
              {show === 'difference' ? `${t > 0 ? '+' : ''}${fmt(t)}` : decadesText(t, 0)}
            </text>
          </g>
        ))}
        <text x={legendX - 6} y={M.top + 58 + legendH} fontSize="13" fill="#053061">
          {show === 'difference' ? 'measured < theory' : 'vanishes'}
        </text>
        {show !== 'predicted' && (
          <g transform={`translate(${legendX - 6},${M.top + 76 + legendH})`} fontSize="12">
            <rect width="14" height="14" fill={EXPLODE_COLOR} />
            <rect width="14" height="14" fill="url(#phase-hatch-overflow)" />
            <text x="20" y="11">
              overflows
            </text>
            <rect y="20" width="14" height="14" fill={VANISH_COLOR} />
            <rect y="20" width="14" height="14" fill="url(#phase-hatch-zero)" />
            <text x="20" y="31">
              exactly 0
            </text>
            <rect y="40" width="14" height="14" fill={NAN_COLOR} />
            <text x="20" y="51">
              no value
            </text>
          </g>
        )}
      </g>
    </svg>
    </div>
  );
});
