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
import { type Translate, useT } from '../useT';

/**
 * The map's geometry in viewBox units: wide, the legend at the right; narrow (a phone or
 * a narrow window), a smaller viewBox with larger type and the legend below the plot, so
 * the text stays readable where the map is drawn a few hundred pixels wide.
 */
function layoutOf(narrow: boolean) {
  const W = narrow ? 520 : 760;
  const H = narrow ? 680 : 540;
  const M = narrow ? { left: 72, right: 18, top: 16, bottom: 196 } : { left: 78, right: 150, top: 20, bottom: 62 };
  return { W, H, M, PW: W - M.left - M.right, PH: H - M.top - M.bottom, tick: narrow ? 20 : 15, label: narrow ? 21 : 17, legend: narrow ? 18 : 14 };
}
const FONT = 'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';

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
  narrow: boolean;
}

const fmt = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v * 100) / 100) : String(Number(v.toPrecision(3))));

export const PhaseMap = memo(function PhaseMap({ grid, lines, show, domain, focus, svgRef, onPick, onHover, onFocusMove, label, narrow }: MapProps) {
  const { W: MAP_WIDTH, H: MAP_HEIGHT, M, PW, PH, ...type } = layoutOf(narrow);
  const t = useT();
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

  const stops = Array.from({ length: 21 }, (_, i) => i / 20);
  const xLabel = t(FIELD_WORDS[grid.spec.x.field].axis);
  const yLabel = t(FIELD_WORDS[grid.spec.y.field].axis);

  return (
    // The cells are one keyboard stop: arrows move between them, Enter picks one.
    <div
      className="phase-map-frame"
      role="application"
      aria-roledescription={t('phase.roledescription')}
      aria-label={`${label} ${t('phase.keys')}`}
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
        <linearGradient id="phase-legend-across" x1="0" y1="0" x2="1" y2="0">
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
      <g fontSize={type.tick} fill="#222">
        {xTicks.map((t) => (
          <g key={`x${t}`} transform={`translate(${px(t)},${M.top + PH})`}>
            <line y2="6" stroke="#444" />
            <text y={type.tick + 7} textAnchor="middle">
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
        <text x={M.left + PW / 2} y={M.top + PH + 2 * type.tick + 22} textAnchor="middle" fontSize={type.label} fontWeight="600">
          {xLabel}
        </text>
        <text transform={`translate(${type.label + 2},${M.top + PH / 2}) rotate(-90)`} textAnchor="middle" fontSize={type.label} fontWeight="600">
          {yLabel}
        </text>
      </g>
      {narrow ? (
        <HorizontalLegend x={M.left} y={M.top + PH + 2 * type.tick + 52} width={PW} show={show} domain={domain} size={type.legend} t={t} />
      ) : (
        <VerticalLegend x={MAP_WIDTH - M.right + 34} y={M.top} height={PH * 0.62} show={show} domain={domain} size={type.legend} t={t} />
      )}
    </svg>
    </div>
  );
});

interface LegendProps {
  x: number;
  y: number;
  show: PhaseShow;
  domain: number;
  size: number;
  t: Translate;
}

const legendText = (t: number, show: PhaseShow) => (show === 'difference' ? `${t > 0 ? '+' : ''}${fmt(t)}` : decadesText(t, 0));
const sideWords = (show: PhaseShow, t: Translate) =>
  show === 'difference' ? { up: t('phase.legend.above'), down: t('phase.legend.below') } : { up: t('phase.legend.explodes'), down: t('phase.legend.vanishes') };

/** The swatches of cells without a colour of their own. */
function Swatches({ x, y, size, across, t }: { x: number; y: number; size: number; across: boolean; t: Translate }) {
  const items = [
    { fill: EXPLODE_COLOR, hatch: 'overflow', text: t('phase.legend.overflow') },
    { fill: VANISH_COLOR, hatch: 'zero', text: t('phase.legend.zero') },
    { fill: NAN_COLOR, hatch: null, text: t('phase.legend.none') },
  ];
  const box = size;
  return (
    <g transform={`translate(${x},${y})`} fontSize={size * 0.9}>
      {items.map((item, i) => (
        <g key={item.text} transform={across ? `translate(${i * size * 7.5},0)` : `translate(0,${i * (box + 6)})`}>
          <rect width={box} height={box} fill={item.fill} />
          {item.hatch && <rect width={box} height={box} fill={`url(#phase-hatch-${item.hatch})`} />}
          <text x={box + 6} y={box * 0.8}>
            {item.text}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Decades of the ratio, explode on top. */
function VerticalLegend({ x, y, height, show, domain, size, t }: LegendProps & { height: number }) {
  const top = y + 40;
  const at = (v: number) => top + ((1 - colorPosition(v, domain)) / 2) * height;
  const words = sideWords(show, t);
  return (
    <g fontSize={size} fill="#222">
      <text x={x - 6} y={y + 12} fontWeight="600">
        ‖δ₁‖ / ‖δ_L‖
      </text>
      <text x={x - 6} y={y + 30} fontSize={size - 1} fill="#67001f">
        {words.up}
      </text>
      <rect x={x} y={top} width="18" height={height} fill="url(#phase-legend)" stroke="#444" />
      {legendTicks(domain).map((t) => (
        <g key={t} transform={`translate(${x + 18},${at(t)})`}>
          <line x2="5" stroke="#444" />
          <text x="9" dy="0.35em">
            {legendText(t, show)}
          </text>
        </g>
      ))}
      <text x={x - 6} y={top + height + 18} fontSize={size - 1} fill="#053061">
        {words.down}
      </text>
      {show !== 'predicted' && <Swatches x={x - 6} y={top + height + 36} size={size - 1} across={false} t={t} />}
    </g>
  );
}

/** The same legend across the bottom, vanish on the left. */
function HorizontalLegend({ x, y, width, show, domain, size, t }: LegendProps & { width: number }) {
  const at = (v: number) => x + ((1 + colorPosition(v, domain)) / 2) * width;
  const words = sideWords(show, t);
  const ticks = legendTicks(domain).filter((t) => t === 0 || Math.abs(t) === domain || Math.abs(t) === 10 || (domain <= 10 && Math.abs(t) >= 1));
  return (
    <g fontSize={size} fill="#222">
      <text x={x} y={y - 8} fill="#053061">
        ← {words.down}
      </text>
      <text x={x + width / 2} y={y - 8} textAnchor="middle" fontWeight="600">
        ‖δ₁‖ / ‖δ_L‖
      </text>
      <text x={x + width} y={y - 8} textAnchor="end" fill="#67001f">
        {words.up} →
      </text>
      <rect x={x} y={y} width={width} height="18" fill="url(#phase-legend-across)" stroke="#444" />
      {ticks.map((t) => (
        <g key={t} transform={`translate(${at(t)},${y + 18})`}>
          <line y2="5" stroke="#444" />
          <text y={size + 6} textAnchor={t === -domain ? 'start' : t === domain ? 'end' : 'middle'}>
            {legendText(t, show)}
          </text>
        </g>
      ))}
      {show !== 'predicted' && <Swatches x={x} y={y + 2 * size + 22} size={size - 2} across={true} t={t} />}
    </g>
  );
}
