import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIG_FIELDS, CONFIG_LIMITS, configIssues, DEFAULT_CONFIG, datasetsOf, defaultDatasetOf, type RunConfig, usesField } from '../core/config';
import { CONFIG_KEYS, decodeUrl, encodeUrl, MAX_LESSON_LENGTH, MAX_QUERY_LENGTH, SHARED_FIELDS, VARIANT_LETTERS, type VariantSpec } from './presetCodec';
import { checkPresetLink, presetById, presetRuns } from './presets';

/**
 * An arbitrary valid RunConfig, built from the limits table: a dataset of its model's
 * family, and the other family's fields at their defaults (links leave them out).
 */
const validConfig: fc.Arbitrary<RunConfig> = fc.record(
  Object.fromEntries(
    CONFIG_KEYS.map(([, field]) => {
      const limit = CONFIG_LIMITS[field];
      switch (limit.kind) {
        case 'number': {
          const base = limit.integer
            ? fc.integer({ min: limit.min, max: limit.max })
            : fc.double({ min: limit.min, max: limit.max, noNaN: true, noDefaultInfinity: true });
          return [field, limit.zeroMeansOff ? fc.oneof(fc.constant(0), base) : base];
        }
        case 'enum':
          return [field, fc.constantFrom(...limit.options)];
        default:
          return [field, fc.boolean()];
      }
    }),
  ) as { [K in keyof RunConfig]: fc.Arbitrary<RunConfig[K]> },
).map((c) => {
  const fitted = { ...c, dataset: datasetsOf(c.model).includes(c.dataset) ? c.dataset : defaultDatasetOf(c.model) };
  for (const field of CONFIG_FIELDS) if (!usesField(c.model, field)) (fitted as Record<string, unknown>)[field] = DEFAULT_CONFIG[field];
  return fitted;
});

describe('URL codec', () => {
  it('decode(encode(c)) == c for every valid config, with no warnings', () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        const decoded = decodeUrl(encodeUrl(config));
        expect(decoded.config).toEqual(config);
        expect(decoded.warnings).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('decoding any string never throws and always yields a valid config', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const decoded = decodeUrl(s);
        expect(configIssues(decoded.config as unknown as Record<string, unknown>)).toEqual([]);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...CONFIG_KEYS.map(([k]) => k), 'v', 'hide', 'lesson', 'backend', 'run'), fc.string({ maxLength: 30 }))),
        (pairs) => {
          const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
          expect(configIssues(decodeUrl(query).config as unknown as Record<string, unknown>)).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads the documented version-1 form', () => {
    const { config, backend, warnings } = decodeUrl(
      'v=1&depth=30&width=32&act=relu&init=he_normal&gain=1&opt=sgd&lr=0.01&mom=0.9&clip=none&clipv=1&norm=none&res=0&data=spiral&noise=0.1&n=512&batch=64&wd=0&wclip=0&test=0.2&seed=42&backend=cpu',
    );
    expect(warnings).toEqual([]);
    expect(config).toEqual({ ...DEFAULT_CONFIG, depth: 30 });
    expect(backend).toBe('cpu');
  });

  it('model=rnn alone opens the recurrent family with its own defaults; an MLP link never carries its fields', () => {
    const rnn = decodeUrl('?model=rnn');
    expect(rnn.warnings).toEqual([]);
    expect(rnn.config).toMatchObject({ model: 'rnn', cell: 'rnn', seqLength: 50, dataset: 'adding', activation: 'tanh', init: 'orthogonal', initGain: 1 });
    const lstm = decodeUrl('?model=rnn&cell=lstm&seq=120&data=memory&act=sigmoid');
    expect(lstm.warnings).toEqual([]);
    expect(lstm.config).toMatchObject({ model: 'rnn', cell: 'lstm', seqLength: 120, dataset: 'memory', activation: 'sigmoid' });
    const mlp = new URLSearchParams(encodeUrl(DEFAULT_CONFIG));
    expect(mlp.get('model')).toBe('mlp');
    expect(mlp.has('cell') || mlp.has('seq')).toBe(false);
    const back = new URLSearchParams(encodeUrl(rnn.config));
    expect(back.has('depth') || back.has('norm') || back.has('res')).toBe(false);
  });

  it('a dataset of the other family, a bad cell or sequence length: corrected, and said', () => {
    const a = decodeUrl('?model=rnn&data=spiral&cell=transformer&seq=5000');
    expect(a.config).toMatchObject({ model: 'rnn', dataset: 'adding', cell: 'rnn', seqLength: 200 });
    expect(a.warnings.join(' | ')).toMatch(/data=spiral is not a dataset for model=rnn \(adding, memory\): using adding/);
    expect(a.warnings.join(' | ')).toMatch(/cell/);
    expect(a.warnings.join(' | ')).toMatch(/seq/);
    const b = decodeUrl('?data=memory');
    expect(b.config).toMatchObject({ model: 'mlp', dataset: 'spiral' });
    expect(b.warnings.join(' | ')).toMatch(/data=memory is not a dataset for model=mlp/);
    expect(configIssues(b.config as unknown as Record<string, unknown>)).toEqual([]);
  });

  it('fields left out take their defaults; unknown keys are ignored', () => {
    const decoded = decodeUrl('?depth=5&utm_source=mail&foo=bar');
    expect(decoded.config).toEqual({ ...DEFAULT_CONFIG, depth: 5 });
    expect(decoded.warnings).toEqual([]);
  });

  it('corrects every kind of bad value and says what it corrected', () => {
    const long = 'x'.repeat(2_000);
    const decoded = decodeUrl(`depth=500&width=abc&act=swish&lr=NaN&seed=${long}&gain=1&gain=2&n=100.7&res=maybe&init=he_normal`);
    expect(decoded.config.depth).toBe(100); // clamped
    expect(decoded.config.width).toBe(DEFAULT_CONFIG.width);
    expect(decoded.config.activation).toBe(DEFAULT_CONFIG.activation);
    expect(decoded.config.learningRate).toBe(DEFAULT_CONFIG.learningRate);
    expect(decoded.config.seed).toBe(DEFAULT_CONFIG.seed);
    expect(decoded.config.initGain).toBe(DEFAULT_CONFIG.initGain);
    expect(decoded.config.samples).toBe(101);
    expect(decoded.config.residual).toBe(false);
    expect(decoded.config.init).toBe('he_normal');
    const text = decoded.warnings.join('\n');
    for (const key of ['depth', 'width', 'act', 'lr', 'seed', 'gain', 'n', 'res']) expect(text).toMatch(new RegExp(`\\b${key}\\b`));
    expect(decoded.warnings).toHaveLength(8);
    // A warning quotes at most a short, plain excerpt of the bad value.
    expect(Math.max(...decoded.warnings.map((w) => w.length))).toBeLessThan(200);
  });

  it('view options: run=0, present, embed, hide, lesson', () => {
    const { view, warnings } = decodeUrl('run=0&present=1&embed=1&hide=controls,theory,bogus&lesson=%3Cb%3EWatch%20layer%201%3C%2Fb%3E');
    expect(view.run).toBe(false);
    expect(view.present).toBe(true);
    expect(view.embed).toBe(true);
    expect(view.hide).toEqual(['controls', 'theory']);
    // Kept as plain text: the page renders it as text, never as HTML.
    expect(view.lesson).toBe('<b>Watch layer 1</b>');
    expect(warnings).toHaveLength(1);
    expect(encodeUrl(DEFAULT_CONFIG, { view })).toContain('hide=controls,theory');
    expect(decodeUrl(encodeUrl(DEFAULT_CONFIG, { view })).view).toEqual(view);
  });

  it('charts=: presentation mode\'s 2 to 4 charts, in order; unknown, too few and too many are corrected', () => {
    const good = decodeUrl('present=1&charts=loss,flow,heatmap');
    expect(good.view.charts).toEqual(['loss', 'flow', 'heatmap']);
    expect(good.warnings).toEqual([]);
    expect(encodeUrl(DEFAULT_CONFIG, { view: good.view })).toContain('charts=loss,flow,heatmap');
    expect(decodeUrl(encodeUrl(DEFAULT_CONFIG, { view: good.view })).view.charts).toEqual(['loss', 'flow', 'heatmap']);
    const unknown = decodeUrl('charts=loss,controls,flow,loss');
    expect(unknown.view.charts).toEqual(['loss', 'flow']);
    expect(unknown.warnings.join(' ')).toMatch(/controls/);
    const few = decodeUrl('charts=loss');
    expect(few.view.charts).toEqual([]);
    expect(few.warnings).toHaveLength(1);
    const many = decodeUrl('charts=flow,loss,heatmap,data,spectral');
    expect(many.view.charts).toEqual(['flow', 'loss', 'heatmap', 'data']);
    expect(many.warnings).toHaveLength(1);
    // The default layout writes nothing.
    expect(encodeUrl(DEFAULT_CONFIG, { view: decodeUrl('').view })).not.toContain('charts=');
  });

  it('a lesson is cut once: the corrected link reads without a warning, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 700, unit: 'grapheme' }), (text) => {
        const first = decodeUrl(`lesson=${encodeURIComponent(text)}`);
        expect(first.view.lesson.length).toBeLessThanOrEqual(MAX_LESSON_LENGTH);
        const again = decodeUrl(encodeUrl(first.config, { view: first.view }));
        expect(again.view.lesson).toBe(first.view.lesson);
        expect(again.warnings).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('lesson text loses its bidirectional controls (a right-to-left override would reverse what follows)', () => {
    const { view } = decodeUrl(`lesson=${encodeURIComponent('Watch \u202Eyaler 1\u202C, \u2067then\u2069 \u200Fstep')}`);
    expect(view.lesson).toBe('Watch yaler 1, then step');
  });

  it('reads at most MAX_QUERY_LENGTH of a query, in whole pairs, and says so', () => {
    const long = `depth=7&lesson=${'x'.repeat(200)}&${Array.from({ length: 2000 }, (_, i) => `k${i}=1`).join('&')}&width=9`;
    const { config, warnings } = decodeUrl(long);
    expect(config.depth).toBe(7);
    expect(config.width).toBe(DEFAULT_CONFIG.width); // beyond the cap: not read
    expect(warnings[0]).toMatch(/the link is \d+ KB long: only its first 8 KB were read \(\d+ more values left out\)/);
    expect(long.length).toBeGreaterThan(MAX_QUERY_LENGTH);
    // One overlong value is read in part, and the rest of the link still is.
    const one = decodeUrl(`lesson=${'y'.repeat(20_000)}&width=9`);
    expect(one.config.width).toBe(9);
    expect(one.warnings[0]).toBe('"lesson" is 20 KB long: only its first 4 KB were read');
  });

  it('a preset the link names: unknown, changed, or as the lesson has it', () => {
    const exploding = presetById('exploding');
    if (!exploding) throw new Error('no exploding preset');
    const { config, variants } = presetRuns(exploding);
    expect(checkPresetLink({ config, variants, view: { ...decodeUrl('').view, preset: 'exploding' } })).toEqual({ preset: 'exploding', warnings: [] });
    const changed = checkPresetLink({ config: { ...config, initGain: 1 }, variants, view: { ...decodeUrl('').view, preset: 'exploding' } });
    expect(changed.preset).toBe('');
    expect(changed.warnings[0]).toContain('gain=1 (the lesson has 2)');
    const unknown = checkPresetLink({ config, variants, view: { ...decodeUrl('').view, preset: 'nope' } });
    expect(unknown).toEqual({ preset: '', warnings: ['preset=nope is not a lesson this page knows: opened as a plain run'] });
    expect(decodeUrl('preset=%3Cscript%3E').warnings[0]).toContain('is not the name of a lesson');
  });
});

/** Variants of `a`: each a random patch of the fields runs may change, and a label. */
const variantsOf = (a: RunConfig): fc.Arbitrary<VariantSpec[]> =>
  fc.uniqueArray(fc.constantFrom(...VARIANT_LETTERS), { maxLength: 3 }).chain((letters) =>
    fc.tuple(
      ...[...letters].sort().map((letter) =>
        fc
          .tuple(
            validConfig,
            fc.subarray(CONFIG_KEYS.map(([, f]) => f).filter((f) => !SHARED_FIELDS.includes(f) && usesField(a.model, f)), { minLength: 1 }),
            fc.stringMatching(/^[a-z0-9 ]{1,24}$/),
          )
          .map(([other, fields, name]) => {
            const patch: Partial<RunConfig> = {};
            for (const f of fields) if (other[f] !== a[f]) (patch as Record<string, unknown>)[f] = other[f];
            return { letter, patch, name: name.trim() || letter.toUpperCase() };
          }),
      ),
    ),
  );

describe('URL codec: variants', () => {
  it('round-trips run A and every variant field, with no warnings', () => {
    fc.assert(
      fc.property(
        validConfig.chain((a) => fc.tuple(fc.constant(a), variantsOf(a))),
        ([a, variants]) => {
          const decoded = decodeUrl(encodeUrl(a, { variants }));
          expect(decoded.warnings).toEqual([]);
          expect(decoded.config).toEqual(a);
          expect(decoded.variants).toEqual(variants);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads the example of the format: A with gain 3, B clipping by norm 1, C with Adam', () => {
    const { config, variants, warnings } = decodeUrl('?v=1&depth=40&gain=3&b.clip=norm&b.clipv=1&c.opt=adam&b.name=clipped');
    expect(warnings).toEqual([]);
    expect(config.depth).toBe(40);
    expect(config.initGain).toBe(3);
    expect(variants).toEqual([
      // b.clipv=1 is A's threshold already: a variant keeps only what differs.
      { letter: 'b', patch: { clip: 'norm' }, name: 'clipped' },
      { letter: 'c', patch: { optimizer: 'adam' }, name: '' },
    ]);
    // A link without variants has none.
    expect(decodeUrl('depth=40').variants).toEqual([]);
  });

  it('corrects garbage variant keys and values with a notice; a bad value falls back to run A’s', () => {
    const { config, variants, warnings } = decodeUrl('depth=30&e.depth=5&b.__proto__=1&b.depth=abc&b.seed=7&c.lr=50&b.name=%01hi%7F');
    expect(config.depth).toBe(30);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // b exists (its keys name it), with A's depth and seed; c's rate is clamped.
    expect(variants.map((v) => v.letter)).toEqual(['b', 'c']);
    expect(variants[0].patch).toEqual({});
    expect(variants[0].name).toBe('hi');
    expect(variants[1].patch.learningRate).toBeLessThanOrEqual(10);
    const text = warnings.join('\n');
    expect(text).toMatch(/"e\.depth".*b, c and d/);
    expect(text).toMatch(/"b\.__proto__" is not a setting/);
    expect(text).toMatch(/b\.depth="abc" is not a number: using run A's 30/);
    expect(text).toMatch(/b\.seed: every run uses run A's data and seed/);
    expect(text).toMatch(/c\.lr="50" is outside/);
    expect(warnings).toHaveLength(5);
  });
});
