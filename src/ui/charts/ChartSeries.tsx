// The series drawn over a ChartFrame's axes, as SVG paths in its series layer (inside a
// PlotClip): SeriesPath through React, LiveSeries from the frame loop without React (the
// lines that follow the run history), and stepLine for a StepSeries line.

import { useEffect, useLayoutEffect, useRef } from 'react';
import { useXAxisScale, useYAxisScale } from 'recharts';
import { useStore } from '../../store/store';
import { frameLoop } from '../frameLoop';
import { useOnScreen } from '../onScreen';
import { type Downsampled, pathOf, type SeriesPoint, settledPaths } from './downsample';

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

/**
 * A StepSeries line's settled path is redrawn only when this many more of its points have
 * settled: each redraw re-rasterises the whole line, while the open part drawn over it is
 * a small box (a few buckets). Settling every bucket as it closed redrew the loss chart's
 * lines about 26 times a second at depth 100 (wasm), an eighth of the page's raster time.
 */
export const SETTLE_CHUNK = 24;

/** The points of a StepSeries line, and where the part still redrawn on each step begins. */
export const stepLine = (line: Downsampled): Pick<SeriesPathProps, 'points' | 'openFrom'> => ({
  points: line.points,
  openFrom: line.openFrom === undefined ? undefined : line.openFrom - (line.openFrom % SETTLE_CHUNK),
});

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
