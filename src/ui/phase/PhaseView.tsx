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
import { type Translate, useLang, useT } from '../useT';
import { formatNumber, type Lang } from '../../i18n/i18n';

const fmt = (lang: Lang, v: number) => formatNumber(lang, v);

function AxisControls({ which, axis, other, onChange }: { which: 'x' | 'y'; axis: PhaseAxis; other: PhaseField; onChange(axis: PhaseAxis): void }) {
  const t = useT();
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
  const name = t(which === 'x' ? 'phase.axis.x' : 'phase.axis.y');
  return (
    <fieldset className="phase-axis" data-testid={`phase-axis-${which}`}>
      <legend>{name}</legend>
      <label>
        {t('phase.axis.field')}
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
              {t(FIELD_WORDS[f].option)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('phase.axis.from')}
        <input type="text" inputMode="decimal" value={from} onChange={(e) => setFrom(e.target.value)} onBlur={commit} onKeyDown={onEnter} />
      </label>
      <label>
        {t('phase.axis.to')}
        <input type="text" inputMode="decimal" value={to} onChange={(e) => setTo(e.target.value)} onBlur={commit} onKeyDown={onEnter} />
      </label>
      <label>
        {t('phase.axis.points')}
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
  const t = useT();
  const lang = useLang();
  if (!at) {
    return (
      <div className="phase-cell" data-testid="phase-cell">
        <p className="hint">{t('phase.cell.hint')}</p>
      </div>
    );
  }
  const cell: PhaseCell | null = grid.cells[at.iy * grid.xValues.length + at.ix];
  const point = pointOfCell(grid, at);
  const network = cellConfig(grid.config, point);
  const short = (f: PhaseField) => t(FIELD_WORDS[f].option).split(/[ （(]/)[0];
  const where = `${short(grid.spec.x.field)} ${fmt(lang, grid.xValues[at.ix])}, ${short(grid.spec.y.field)} ${fmt(lang, grid.yValues[at.iy])}`;
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
        <strong>{where}</strong>{' '}
        <span className="hint">
          ({t('phase.cell.gain', { gain: fmt(lang, network.initGain) })}
          {network.biasStd > 0 ? `, ${t('phase.cell.biasStd', { std: fmt(lang, network.biasStd) })}` : ''})
        </span>
      </p>
      {cell ? (
        <ul className="phase-cell-numbers">
          <li data-testid="phase-cell-measured">
            {t('phase.cell.measured', { ratio: decadesText(cell.measured) })}
            {Number.isFinite(cell.spread) && cell.finite > 1 ? t('phase.cell.spread', { spread: cell.spread.toFixed(1), seeds: cell.finite }) : ''}
          </li>
          <li data-testid="phase-cell-predicted">{t('phase.cell.predicted', { ratio: decadesText(cell.predicted) })}</li>
          {cell.overflow > 0 && <li>{t('phase.cell.overflow', { count: cell.overflow })}</li>}
          {cell.zero > 0 && <li>{t('phase.cell.zero', { count: cell.zero })}</li>}
        </ul>
      ) : (
        <p className="hint">{t('phase.cell.pending')}</p>
      )}
      {pinned && (
        <div className="phase-cell-actions">
          <button type="button" onClick={open} data-testid="phase-open">
            {t('phase.cell.open')}
          </button>
          <button type="button" onClick={compare} disabled={!canCompare} data-testid="phase-compare" title={canCompare ? undefined : t(a.model !== 'mlp' ? 'phase.cell.compareRnn' : 'phase.cell.compareFull')}>
            {t('phase.cell.compare')}
          </button>
          <button type="button" className="link" onClick={onClose}>
            {t('phase.cell.close')}
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

function summaryOf(grid: PhaseGrid, done: number, total: number, t: Translate): string {
  const cells = grid.cells.filter((c): c is PhaseCell => c !== null);
  const explode = cells.filter((c) => c.measured > 1 || (c.finite === 0 && c.overflow > 0)).length;
  const vanish = cells.filter((c) => c.measured < -1 || (c.finite === 0 && c.zero > 0)).length;
  const level = cells.length - explode - vanish;
  return t('phase.summary', { y: t(FIELD_WORDS[grid.spec.y.field].axis), x: t(FIELD_WORDS[grid.spec.x.field].axis), done, total, explode, vanish, level });
}

export function PhaseView({ client }: { client: PhaseClient }) {
  const spec = useStore((s) => s.view.phase);
  const model = useStore((s) => s.config.model);
  const setView = useStore((s) => s.setView);
  const lessonLook = useStore((s) => s.lessonLook);
  const lessonSymbolPart = useStore((s) => s.lessonSymbol?.part ?? null);
  const { status, grid, lines, done, total, elapsedMs, coarseMs, backend, error, version } = usePhaseStore();
  const [show, setShow] = useState<PhaseShow>('measured');
  const t = useT();
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
  const summary = grid && !running ? summaryOf(grid, done, total, t) : '';
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
        <h2 id="phase-title">{t('phase.title')}</h2>
        <p className="hint">{t('phase.intro', { seeds: spec.seeds })}</p>
        {model === 'rnn' && <p className="notice">{t('phase.rnnNote', { activation: base.activation, init: base.init })}</p>}
      </div>
      <div className="phase-controls">
        <AxisControls which="x" axis={spec.x} other={spec.y.field} onChange={(x) => setSpec({ x })} />
        <AxisControls which="y" axis={spec.y} other={spec.x.field} onChange={(y) => setSpec({ y })} />
        <fieldset className="phase-axis">
          <legend>{t('phase.cells')}</legend>
          <label>
            {t('phase.seeds')}
            <select value={spec.seeds} onChange={(e) => setSpec({ seeds: Number(e.target.value) })}>
              {Array.from({ length: PHASE_SEEDS_MAX }, (_, i) => i + 1).map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('phase.show')}
            <select value={show} onChange={(e) => setShow(e.target.value as PhaseShow)} data-testid="phase-show">
              <option value="measured">{t('phase.show.measured')}</option>
              <option value="predicted">{t('phase.show.predicted')}</option>
              <option value="difference">{t('phase.show.difference')}</option>
            </select>
          </label>
        </fieldset>
      </div>
      <div className="phase-progress" data-testid="phase-progress">
        <progress max={Math.max(1, total)} value={done} aria-label={t('phase.progress')} />
        <span data-testid="phase-status" data-status={status}>
          {status === 'running' && t('phase.status.running', { done, total, seconds: (elapsedMs / 1000).toFixed(1) })}
          {status === 'done' && t('phase.status.done', { total, seconds: (elapsedMs / 1000).toFixed(1), coarse: ((coarseMs ?? elapsedMs) / 1000).toFixed(1) })}
          {status === 'cancelled' && t('phase.status.cancelled', { done, total })}
          {status === 'error' && t('phase.status.error', { error: error ?? '' })}
          {status === 'idle' && t('phase.status.idle')}
          {backend && ` · ${backend.backend}`}
        </span>
        {running ? (
          <button type="button" onClick={() => client.cancel()} data-testid="phase-cancel">
            {t('phase.cancel')}
          </button>
        ) : (
          <button type="button" onClick={() => client.start()} data-testid="phase-restart">
            {t(status === 'done' ? 'phase.measureAgain' : 'phase.measure')}
          </button>
        )}
        <span className="phase-exports">
          {(['png', 'svg', 'json'] as const).map((f) => (
            <button key={f} type="button" disabled={!grid || done === 0} onClick={() => void exportAs(f)} data-testid={`phase-export-${f}`} title={t('phase.export', { format: f.toUpperCase() })}>
              {f.toUpperCase()}
            </button>
          ))}
        </span>
      </div>
      {grid && (
        <div className="phase-body" data-look-part="phase-map" data-look={lessonLook === 'phase-map' ? '' : undefined} data-sym-hot={lessonSymbolPart === 'phase-map' ? '' : undefined}>
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
            label={summary || t('phase.summary.short', { done, total })}
            narrow={narrow}
          />
          <CellPanel grid={grid} at={picked ?? hover} pinned={picked !== null} onClose={() => setPicked(null)} />
        </div>
      )}
      {lines && lines.notes.length > 0 && (
        <ul className="phase-notes" data-testid="phase-notes">
          {lines.notes.map((n) => (
            <li key={n}>{t(LINE_NOTES[n])}</li>
          ))}
        </ul>
      )}
      <p className="visually-hidden" aria-live="polite" data-testid="phase-summary">
        {summary}
      </p>
    </section>
  );
}
