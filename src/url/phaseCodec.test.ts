// The phase diagram's part of the link: what a teacher shares is what opens.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PHASE_SPEC } from '../core/phase/grid';
import { decodeUrl, encodeUrl } from './presetCodec';
import { DEFAULT_CONFIG } from '../core/config';

describe('view=phase in the URL', () => {
  it('a link without view= opens the lab, and its query says nothing of the phase diagram', () => {
    const decoded = decodeUrl('v=1&depth=30');
    expect(decoded.view.page).toBe('lab');
    expect(encodeUrl(decoded.config, { view: decoded.view })).not.toMatch(/view=|px=/);
  });

  it('round-trips the page, both axes, their ranges and grid sizes, and the seeds', () => {
    const phase = { x: { field: 'sw2' as const, from: 0.5, to: 4, n: 20 }, y: { field: 'sb2' as const, from: 0, to: 0.3, n: 12 }, seeds: 6 };
    const query = encodeUrl(DEFAULT_CONFIG, { view: { page: 'phase', phase } });
    expect(query).toContain('view=phase&px=sw2&xr=0.5,4&nx=20&py=sb2&yr=0,0.3&ny=12&pseeds=6');
    const decoded = decodeUrl(query);
    expect(decoded.warnings).toEqual([]);
    expect(decoded.view.page).toBe('phase');
    expect(decoded.view.phase).toEqual(phase);
  });

  it('an axis named without a range gets its field’s own; a reversed range is put in order', () => {
    const decoded = decodeUrl('v=1&view=phase&px=sw2&py=depth&yr=80,10');
    expect(decoded.view.phase.x).toEqual({ field: 'sw2', from: 0.5, to: 4, n: 24 });
    expect(decoded.view.phase.y).toMatchObject({ field: 'depth', from: 10, to: 80 });
    expect(decoded.warnings).toEqual([]);
  });

  it('bad values fall back, each with a warning: unknown field, range outside the limits, grid too large, no seeds, an unknown page, the same field twice', () => {
    const decoded = decodeUrl('v=1&view=phase&px=nope&xr=0.001,1000&nx=999&ny=1.5&pseeds=0');
    expect(decoded.view.phase.x).toEqual({ field: 'gain', from: 0.01, to: 100, n: 24 });
    expect(decoded.view.phase.y.n).toBe(DEFAULT_PHASE_SPEC.y.n);
    expect(decoded.view.phase.seeds).toBe(4);
    expect(decoded.warnings.join('\n')).toMatch(/px="nope" is not one of gain, sw2, sb2, depth, width/);
    expect(decoded.warnings.join('\n')).toMatch(/xr="0.001,1000" reaches outside gain's 0.01 to 100: using 0.01,100/);
    expect(decoded.warnings.join('\n')).toMatch(/nx="999" is not a whole number from 2 to 48/);
    expect(decoded.warnings.join('\n')).toMatch(/ny="1.5"/);
    expect(decoded.warnings.join('\n')).toMatch(/pseeds="0"/);
    expect(decodeUrl('v=1&view=graph').warnings[0]).toMatch(/view="graph" is not one of lab, phase: opening the lab/);
    const same = decodeUrl('v=1&view=phase&px=depth&py=depth');
    expect(same.view.phase.x.field).toBe('depth');
    expect(same.view.phase.y.field).toBe('gain');
    expect(same.warnings[0]).toMatch(/py=depth is the same field as px/);
  });

  it('bstd= carries the hidden biases’ std; 0 (the default) is left as it is', () => {
    expect(decodeUrl('v=1&bstd=0.3').config.biasStd).toBe(0.3);
    expect(decodeUrl('v=1&bstd=0').config.biasStd).toBe(0);
    expect(decodeUrl('v=1&bstd=-1').warnings[0]).toMatch(/bstd="-1" is outside/);
    expect(encodeUrl({ ...DEFAULT_CONFIG, biasStd: 0.3 })).toContain('bstd=0.3');
    // An RNN has no hidden-layer biases of this kind: the field stays out of its link.
    expect(encodeUrl({ ...DEFAULT_CONFIG, model: 'rnn', dataset: 'adding', biasStd: 0.3 })).not.toContain('bstd=');
  });

  it('lang= keeps the language in every link; without it the browser’s language decides; a bad one falls back with a warning', () => {
    expect(decodeUrl('v=1&lang=zh-CN').view.lang).toBe('zh-CN');
    expect(decodeUrl('v=1&lang=zh').view.lang).toBe('zh-CN');
    expect(decodeUrl('v=1').view.lang).toBe('en');
    expect(decodeUrl('v=1', { lang: 'zh-CN' }).view.lang).toBe('zh-CN');
    expect(decodeUrl('v=1&lang=en', { lang: 'zh-CN' }).view.lang).toBe('en');
    const bad = decodeUrl('v=1&lang=klingon', { lang: 'zh-CN' });
    expect(bad.view.lang).toBe('zh-CN');
    expect(bad.warnings[0]).toMatch(/lang="klingon" is not one of en, zh-CN: using zh-CN/);
    expect(encodeUrl(DEFAULT_CONFIG, { view: { lang: 'zh-CN' } })).toContain('lang=zh-CN');
  });
});
