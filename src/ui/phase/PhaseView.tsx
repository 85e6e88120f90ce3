// The phase-diagram page (view=phase): the grid's axes, the progress of the sweep, the
// map, the cell under the pointer or picked (open it in the lab, or compare it beside
// run A), the theory's notes and the exports.

import { useEffect, useMemo, useRef, useState } from 'react';
import { phaseBase, type PhaseClient } from '../../client/phaseClient';
import type { RunConfig } from '../../core/config';
import { cellConfig, PHASE_FIELD_SPECS, PHASE_FIELDS, PHASE_GRID_MAX, PHASE_SEEDS_MAX, type PhaseAxis, type PhaseField, type PhaseSpec } from '../../core/phase/grid';
import type { PhaseCell } from '../../core/phase/sweep';
import { MAX_RUNS } from '../../core/runSet';
import { type PhaseGrid, usePhaseStore } from '../../store/phaseStore';
import { useStore } from '../../store/store';
import { downloadBlob } from '../download';
import { phaseFilename, phaseToJson } from './phaseExport';
import { type CellIndex, PhaseMap } from './PhaseMap';
import { colorDomain, decadesText, type PhaseShow, shownValue } from './phaseScale';
import { FIELD_WORDS, LINE_NOTES } from './phaseWords';

const fmt = (v: number) => String(Number(v.toPrecision(3)));

function AxisControls({ which, axis, other, onChange }: { which: 'x' | 'y'; axis: PhaseAxis; other: PhaseField; onChange(axis: PhaseAxis): void }) {
  const [from, setFrom] = useState(String(axis.from));
  const [to, setTo] = useState(String(axis.to));
  const [n, setN] = useState(String(axis.n));
  useEffect(() => {
    setFrom(String(axis.from));
    setTo(String(axis.to));
    setN(String(axis.n));
  }, [axis]);
  const spec = PHASE_FIELD_SPECS[axis.field];
  const commit = () => {
    const [a, b, count] = [Number(from), Number(to), Math.round(Number(n))];
    const clamp = (v: number) => Math.min(spec.max, Math.max(spec.min, v));
    if (![a, b, count].every(Number.isFinite) || a === b) {
      setFrom(String(axis.from));
      setTo(String(axis.to));
      setN(String(axis.n));
      return;
    }
    const next = { ...axis, from: clamp(Math.min(a, b)), to: clamp(Math.max(a, b)), n: Math.min(PHASE_GRID_MAX, Math.max(2, count)) };
    if (next.from !== axis.from || next.to !== axis.to || next.n !== axis.n) onChange(next);
    else {
      setFrom(String(axis.from));
      setTo(String(axis.to));
    }
  };
  const onEnter = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
  };
  const name = which === 'x' ? 'Across (x)' : 'Up (y)';
  return (
    <fieldset className="phase-axis" data-testid={`phase-axis-${which}`}>
      <legend>{name}</legend>
      <label>
        Field
        <select
          value={axis.field}
          onChange={(e) => {
            const field = e.target.value as PhaseField;
            const s = PHASE_FIELD_SPECS[field];
            onChange({ field, from: s.from, to: s.to, n: axis.n });
          }}
        >
          {PHASE_FIELDS.filter((f) => f !== other).map((f) => (
            <option key={f} value={f}>
              {FIELD_WORDS[f].option}
            </option>
          ))}
        </select>
      </label>
      <label>
        from
        <input type="text" inputMode="decimal" value={from} onChange={(e) => setFrom(e.target.value)} onBlur={commit} onKeyDown={onEnter} />
      </label>
      <label>
        to
        <input type="text" inputMode="decimal" value={to} onChange={(e) => setTo(e.target.value)} onBlur={commit} onKeyDown={onEnter} />
      </label>
      <label>
        points
        <input type="text" inputMode="numeric" value={n} onChange={(e) => setN(e.target.value)} onBlur={commit} onKeyDown={onEnter} />
      </label>
    </fieldset>
  );
}

function pointOfCell(grid: PhaseGrid, at: CellIndex) {
  return { [grid.spec.x.field]: grid.xValues[at.ix], [grid.spec.y.field]: grid.yValues[at.iy] };
}

/** The fields a cell's network changes from the base: what "Compare" adds as a variant. */
function cellPatch(base: RunConfig, cell: RunConfig): Partial<RunConfig> {
  const patch: Partial<RunConfig> = {};
  for (const f of ['depth', 'width', 'initGain', 'biasStd'] as const) if (cell[f] !== base[f]) patch[f] = cell[f];
  return patch;
}

function CellPanel({ grid, at, pinned, onClose }: { grid: PhaseGrid; at: CellIndex | null; pinned: boolean; onClose(): void }) {
  const a = useStore((s) => s.config);
  const variantCount = useStore((s) => s.variants.length);
  if (!at) {
    return (
      <div className="phase-cell" data-testid="phase-cell">
        <p className="hint">Point at a cell for its numbers; click it (or press Enter) to open that network in the lab or to compare it beside run A.</p>
      </div>
    );
  }
  const cell: PhaseCell | null = grid.cells[at.iy * grid.xValues.length + at.ix];
  const point = pointOfCell(grid, at);
  const network = cellConfig(grid.config, point);
  const where = `${FIELD_WORDS[grid.spec.x.field].option.split(' ')[0]} ${fmt(grid.xValues[at.ix])}, ${FIELD_WORDS[grid.spec.y.field].option.split(' ')[0]} ${fmt(grid.yValues[at.iy])}`;
  const state = useStore.getState();
  const open = () => {
    state.replaceConfig(network, []);
    state.setWantsRunning(true);
    state.setView({ page: 'lab' });
  };
  const canCompare = a.model === 'mlp' && variantCount < MAX_RUNS - 1;
  const compare = () => {
    state.addVariant(cellPatch(a, network), { from: 0, name: where.slice(0, 24) });
    state.setWantsRunning(true);
    state.setView({ page: 'lab' });
  };
  return (
    <div className="phase-cell" data-testid="phase-cell" data-pinned={pinned ? 'true' : 'false'}>
      <p className="phase-cell-where">
        <strong>{where}</strong> <span className="hint">(gain {fmt(network.initGain)}{network.biasStd > 0 ? `, σ_b ${fmt(network.biasStd)}` : ''})</span>
      </p>
      {cell ? (
        <ul className="phase-cell-numbers">
          <li data-testid="phase-cell-measured">
            Measured: ‖δ₁‖ / ‖δ_L‖ = {decadesText(cell.measured)}
            {Number.isFinite(cell.spread) && cell.finite > 1 ? ` (± ${cell.spread.toFixed(1)} decades over ${cell.finite} seeds)` : ''}
          </li>
          <li data-testid="phase-cell-predicted">Theory: {decadesText(cell.predicted)}</li>
          {cell.overflow > 0 && <li>{cell.overflow} seed{cell.overflow > 1 ? 's' : ''}: the forward pass overflows float32 (the run would show NaN at once).</li>}
          {cell.zero > 0 && <li>{cell.zero} seed{cell.zero > 1 ? 's' : ''}: the gradient is exactly 0 (every unit of a layer is off).</li>}
        </ul>
      ) : (
        <p className="hint">Not measured yet.</p>
      )}
      {pinned && (
        <div className="phase-cell-actions">
          <button type="button" onClick={open} data-testid="phase-open">
            Open this network
          </button>
          <button type="button" onClick={compare} disabled={!canCompare} data-testid="phase-compare" title={canCompare ? undefined : a.model !== 'mlp' ? 'Run A is a recurrent network' : 'Four runs already'}>
            Compare beside run A
          </button>
          <button type="button" className="link" onClick={onClose}>
            Close
          </button>
        </div>
      )}
    </div>
  );
}

/** Renders the map's SVG to a PNG at twice its size. */
async function svgToPng(svg: SVGSVGElement): Promise<Blob> {
  const text = new XMLSerializer().serializeToString(svg);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    const box = svg.viewBox.baseVal;
    canvas.width = box.width * 2;
    canvas.height = box.height * 2;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2-D canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Below this many pixels the map takes its narrow layout. */
const NARROW_PX = 560;

/** Whether the map's box is narrow, following its size. */
function useNarrow(ref: React.RefObject<SVGSVGElement | null>, shown: boolean): boolean {
  const [narrow, setNarrow] = useState(() => typeof window !== 'undefined' && window.innerWidth < NARROW_PX + 80);
  useEffect(() => {
    const frame = ref.current?.parentElement;
    if (!shown || !frame || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => setNarrow(entry.contentRect.width < NARROW_PX));
    observer.observe(frame);
    return () => observer.disconnect();
  }, [ref, shown]);
  return narrow;
}

function summaryOf(grid: PhaseGrid, done: number, total: number): string {
  const cells = grid.cells.filter((c): c is PhaseCell => c !== null);
  const explode = cells.filter((c) => c.measured > 1 || (c.finite === 0 && c.overflow > 0)).length;
  const vanish = cells.filter((c) => c.measured < -1 || (c.finite === 0 && c.zero > 0)).length;
  const level = cells.length - explode - vanish;
  return `Phase diagram of ${FIELD_WORDS[grid.spec.y.field].axis} against ${FIELD_WORDS[grid.spec.x.field].axis}: ${done} of ${total} cells measured. The gradient grows more than 10 times from the last hidden layer to the first in ${explode} cells, shrinks more than 10 times in ${vanish}, and stays within 10 times in ${level}.`;
}

export function PhaseView({ client }: { client: PhaseClient }) {
  const spec = useStore((s) => s.view.phase);
  const model = useStore((s) => s.config.model);
  const setView = useStore((s) => s.setView);
  const { status, grid, lines, done, total, elapsedMs, coarseMs, backend, error, version } = usePhaseStore();
  const [show, setShow] = useState<PhaseShow>('measured');
  const [hover, setHover] = useState<CellIndex | null>(null);
  const [picked, setPicked] = useState<CellIndex | null>(null);
  const svgRef = useRef<SVGSVGElement | null>(null);
  const narrow = useNarrow(svgRef, grid !== null);
  const setSpec = (patch: Partial<PhaseSpec>) => {
    setPicked(null);
    setView({ phase: { ...spec, ...patch } });
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the cells change with version
  const domain = useMemo(() => (grid ? colorDomain(grid.cells.map((c) => (c ? shownValue(c, show) : Number.NaN))) : 1), [grid, show, version]);
  const running = status === 'running';
  // The summary is read out when a sweep ends, not on every cell.
  const summary = grid && !running ? summaryOf(grid, done, total) : '';
  const base = grid?.config ?? phaseBase(useStore.getState().config);

  const exportAs = async (format: 'json' | 'svg' | 'png') => {
    if (!grid) return;
    if (format === 'json') {
      downloadBlob(new Blob([phaseToJson(grid, lines, { backend: backend?.backend ?? null, exportedAt: new Date() })], { type: 'application/json' }), phaseFilename(grid, 'json'));
      return;
    }
    const svg = svgRef.current;
    if (!svg) return;
    if (format === 'svg') downloadBlob(new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' }), phaseFilename(grid, 'svg'));
    else downloadBlob(await svgToPng(svg), phaseFilename(grid, 'png'));
  };

  return (
    <section className="phase-view" data-testid="phase-view" aria-labelledby="phase-title">
      <div className="phase-head">
        <h2 id="phase-title">Phase diagram: where initialization explodes or vanishes</h2>
        <p className="hint">
          Each cell is a network at initialization, measured on one batch over {spec.seeds} seed{spec.seeds > 1 ? 's' : ''}: the ratio of the first to the last hidden layer’s ‖δ‖. Red:
          gradients explode towards the input; blue: they vanish. The solid line is mean-field theory’s edge of chaos χ₁ = 1; the dashed one the depth 6 ξ_c beyond which
          Schoenholz et al. (2017) found networks untrainable. The ring is the lab’s run.
        </p>
        {model === 'rnn' && <p className="notice">Run A is a recurrent network; this map is of the feed-forward network the model switch gives ({base.activation}, {base.init}).</p>}
      </div>
      <div className="phase-controls">
        <AxisControls which="x" axis={spec.x} other={spec.y.field} onChange={(x) => setSpec({ x })} />
        <AxisControls which="y" axis={spec.y} other={spec.x.field} onChange={(y) => setSpec({ y })} />
        <fieldset className="phase-axis">
          <legend>Cells</legend>
          <label>
            seeds
            <select value={spec.seeds} onChange={(e) => setSpec({ seeds: Number(e.target.value) })}>
              {Array.from({ length: PHASE_SEEDS_MAX }, (_, i) => i + 1).map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <label>
            show
            <select value={show} onChange={(e) => setShow(e.target.value as PhaseShow)} data-testid="phase-show">
              <option value="measured">measured</option>
              <option value="predicted">theory</option>
              <option value="difference">measured − theory</option>
            </select>
          </label>
        </fieldset>
      </div>
      <div className="phase-progress" data-testid="phase-progress">
        <progress max={Math.max(1, total)} value={done} aria-label="Cells measured" />
        <span data-testid="phase-status" data-status={status}>
          {status === 'running' && `Measuring: ${done} of ${total} cells, ${(elapsedMs / 1000).toFixed(1)} s`}
          {status === 'done' && `${total} cells in ${(elapsedMs / 1000).toFixed(1)} s (coarse picture in ${((coarseMs ?? elapsedMs) / 1000).toFixed(1)} s)`}
          {status === 'cancelled' && `Stopped at ${done} of ${total} cells`}
          {status === 'error' && `The sweep failed: ${error}`}
          {status === 'idle' && 'Starting…'}
          {backend && ` · ${backend.backend}`}
        </span>
        {running ? (
          <button type="button" onClick={() => client.cancel()} data-testid="phase-cancel">
            Cancel
          </button>
        ) : (
          <button type="button" onClick={() => client.start()} data-testid="phase-restart">
            {status === 'done' ? 'Measure again' : 'Measure'}
          </button>
        )}
        <span className="phase-exports">
          {(['png', 'svg', 'json'] as const).map((f) => (
            <button key={f} type="button" disabled={!grid || done === 0} onClick={() => void exportAs(f)} data-testid={`phase-export-${f}`}>
              {f.toUpperCase()}
            </button>
          ))}
        </span>
      </div>
      {grid && (
        <div className="phase-body">
          <PhaseMap
            grid={grid}
            lines={lines}
            show={show}
            domain={domain}
            version={version}
            focus={picked ?? hover}
            svgRef={svgRef}
            onPick={setPicked}
            onHover={setHover}
            onFocusMove={setPicked}
            label={summary || `Phase diagram, ${done} of ${total} cells measured`}
            narrow={narrow}
          />
          <CellPanel grid={grid} at={picked ?? hover} pinned={picked !== null} onClose={() => setPicked(null)} />
        </div>
      )}
      {lines && lines.notes.length > 0 && (
        <ul className="phase-notes" data-testid="phase-notes">
          {lines.notes.map((n) => (
            <li key={n}>{LINE_NOTES[n]}</li>
          ))}
        </ul>
      )}
      <p className="visually-hidden" aria-live="polite" data-testid="phase-summary">
        {summary}
      </p>
    </section>
  );
}
