// Every engine option, grouped, each with a label and a hint. Sliders commit when
// released (a restart per drag tick would be wasteful); numbers can also be typed.

import { useEffect, useId, useState } from 'react';
import { CONFIG_LIMITS, datasetsOf, type FieldLimit, type NumberLimit, type RunConfig } from '../core/config';
import { nominalVariance } from '../core/init';
import { runAt, selectedConfig, useStore } from '../store/store';
import { formatNumber } from './charts/scale';
import { CONTROL_GROUPS, type ControlSpec, fieldHint, fieldLabel, optionLabel } from './controlSpecs';
import { formatFieldValue } from './runDiff';
import { useLang, useT } from './useT';
import { RunSetBar } from './RunSetBar';

const SLIDER_STEPS = 200;

function toSlider(limit: NumberLimit, value: number): number {
  if (limit.log) {
    const lo = Math.log10(limit.min);
    const hi = Math.log10(limit.max);
    return Math.round(((Math.log10(Math.max(value, limit.min)) - lo) / (hi - lo)) * SLIDER_STEPS);
  }
  if (limit.integer && limit.max - limit.min <= 1000) return value;
  return Math.round(((value - limit.min) / (limit.max - limit.min)) * SLIDER_STEPS);
}

function fromSlider(limit: NumberLimit, position: number): number {
  if (limit.log) {
    const lo = Math.log10(limit.min);
    const hi = Math.log10(limit.max);
    return Number((10 ** (lo + (position / SLIDER_STEPS) * (hi - lo))).toPrecision(2));
  }
  if (limit.integer && limit.max - limit.min <= 1000) return position;
  const v = limit.min + (position / SLIDER_STEPS) * (limit.max - limit.min);
  return limit.integer ? Math.round(v) : Number(v.toPrecision(3));
}

function clampToLimit(limit: NumberLimit, value: number): number {
  if (limit.zeroMeansOff && value === 0) return 0;
  const v = Math.min(limit.max, Math.max(limit.min, value));
  return limit.integer ? Math.round(v) : v;
}

function NumberControl({ spec, limit, value, onCommit }: { spec: ControlSpec; limit: NumberLimit; value: number; onCommit: (v: number) => void }) {
  const lang = useLang();
  const t = useT();
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [text, setText] = useState(String(value));
  useEffect(() => {
    setDraft(value);
    setText(String(value));
  }, [value]);
  const sliderMax = limit.integer && !limit.log && limit.max - limit.min <= 1000 ? limit.max : SLIDER_STEPS;
  const sliderMin = limit.integer && !limit.log && limit.max - limit.min <= 1000 ? limit.min : 0;
  const commit = (v: number) => {
    const clean = clampToLimit(limit, v);
    setDraft(clean);
    setText(String(clean));
    if (clean !== value) onCommit(clean);
  };
  const off = limit.zeroMeansOff && draft === 0;
  return (
    <div className="control">
      <label htmlFor={id}>{fieldLabel(lang, spec.field)}</label>
      <div className="control-row">
        <input
          id={id}
          type="range"
          min={sliderMin}
          max={sliderMax}
          step={1}
          value={off ? sliderMin : toSlider(limit, draft)}
          aria-valuetext={off ? t('control.off') : String(draft)}
          onChange={(e) => {
            const v = fromSlider(limit, Number(e.target.value));
            setDraft(v);
            setText(String(v));
          }}
          onPointerUp={() => commit(draft)}
          onKeyUp={() => commit(draft)}
          onBlur={() => commit(draft)}
        />
        <input
          className="control-number"
          type="text"
          inputMode="decimal"
          aria-label={t('control.value', { label: fieldLabel(lang, spec.field) })}
          value={off ? '0' : text}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => {
            const v = Number(text);
            if (Number.isFinite(v)) commit(v);
            else setText(String(value));
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
          }}
        />
      </div>
      <p className="hint">{fieldHint(lang, spec.field)}</p>
    </div>
  );
}

/** Marks a field where the selected variant differs from run A, with A's value. */
function DiffersFromA({ field, config, a }: { field: keyof RunConfig; config: RunConfig; a: RunConfig | null }) {
  const lang = useLang();
  if (!a || config[field] === a[field]) return null;
  return (
    <p className="differs" data-testid={`differs-${field}`}>
      ≠ A ({formatFieldValue(a[field], field, lang)})
    </p>
  );
}

function FieldControl({ spec, limit, config, a }: { spec: ControlSpec; limit: FieldLimit; config: RunConfig; a: RunConfig | null }) {
  return (
    <div className={a && config[spec.field] !== a[spec.field] ? 'field differs-from-a' : 'field'}>
      <FieldInput spec={spec} limit={limit} config={config} />
      <DiffersFromA field={spec.field} config={config} a={a} />
    </div>
  );
}

function FieldInput({ spec, limit, config }: { spec: ControlSpec; limit: FieldLimit; config: RunConfig }) {
  const lang = useLang();
  const setConfig = useStore((s) => s.setConfig);
  const id = useId();
  const value = config[spec.field];
  const commit = (v: RunConfig[keyof RunConfig]) => setConfig({ [spec.field]: v } as Partial<RunConfig>);
  switch (limit.kind) {
    case 'number':
      return <NumberControl spec={spec} limit={limit} value={value as number} onCommit={commit} />;
    case 'enum':
      return (
        <div className="control">
          <label htmlFor={id}>{fieldLabel(lang, spec.field)}</label>
          <select id={id} value={value as string} onChange={(e) => commit(e.target.value as never)}>
            {limit.options.map((o) => (
              <option key={o} value={o}>
                {optionLabel(lang, spec.field, o)}
              </option>
            ))}
          </select>
          <p className="hint">{fieldHint(lang, spec.field)}</p>
        </div>
      );
    case 'boolean':
      return (
        <div className="control control-toggle">
          <label htmlFor={id}>
            <input id={id} type="checkbox" checked={value as boolean} onChange={(e) => commit(e.target.checked)} />
            {fieldLabel(lang, spec.field)}
          </label>
          <p className="hint">{fieldHint(lang, spec.field)}</p>
        </div>
      );
  }
}

/** A field's limit for this config: the dataset offers only the data its model family fits. */
function limitFor(field: keyof RunConfig, config: RunConfig): FieldLimit {
  if (field === 'dataset') return { kind: 'enum', options: datasetsOf(config.model) };
  return CONFIG_LIMITS[field];
}

function InitVariance({ config }: { config: RunConfig }) {
  const meta = useStore((s) => runAt(s, s.selectedRun).meta);
  const t = useT();
  if (config.model === 'rnn') {
    const r = meta?.config.model === 'rnn' ? meta.theory.recurrent : null;
    const gated = config.cell !== 'rnn';
    return (
      <p className="derived" data-testid="init-variance">
        {t(gated ? 'init.rnn.gated' : 'init.rnn')}
        {r && <> {t(gated ? 'init.rnn.sigma.gated' : 'init.rnn.sigma', { sigma: formatNumber(r.sigmaMax), product: formatNumber(r.product) })}</>}
      </p>
    );
  }
  const p = { scheme: config.init, gain: config.initGain, std: config.initStd };
  const hidden = config.depth > 1 ? nominalVariance(p, config.width, config.width) : null;
  const chi = meta?.theory.chiStar;
  return (
    <p className="derived" data-testid="init-variance">
      {hidden !== null ? (
        <>
          {t('init.hidden', { variance: formatNumber(hidden), std: formatNumber(Math.sqrt(hidden)) })}
          {chi !== undefined && Number.isFinite(chi) && <> {t('init.chi', { chi: formatNumber(chi) })}</>}
        </>
      ) : (
        t('init.first', { variance: formatNumber(nominalVariance(p, 2, config.width)) })
      )}
    </p>
  );
}

export function Controls() {
  const t = useT();
  // The selected run's config (A's, or a variant's): the controls edit that run.
  const selected = useStore((s) => s.selectedRun);
  const a = useStore((s) => s.config);
  const variants = useStore((s) => s.variants);
  const config = selectedConfig({ config: a, variants, selectedRun: selected });
  const compareWith = selected > 0 ? a : null;
  return (
    <form className="controls" aria-label={t('controls.label')} onSubmit={(e) => e.preventDefault()}>
      <RunSetBar />
      {CONTROL_GROUPS.map((group) => (
        <fieldset key={group.title}>
          <legend>{t(group.title)}</legend>
          {group.controls
            .filter((spec) => !spec.when || spec.when(config))
            .map((spec) => (
              <FieldControl key={spec.field} spec={spec} limit={limitFor(spec.field, config)} config={config} a={compareWith} />
            ))}
          {group.title === 'group.initialization' && <InitVariance config={config} />}
        </fieldset>
      ))}
    </form>
  );
}
