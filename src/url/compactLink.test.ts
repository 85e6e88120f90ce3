// A compact link opens exactly the run its full link opens, and is shorter.
import { describe, expect, it } from 'vitest';
import { chapterQuery } from '../lessons/chapterLinks';
import { CHAPTERS } from '../lessons/chapters';
import { compactQuery } from './compactLink';
import { decodeUrl, encodeUrl } from './presetCodec';
import { DEFAULT_CONFIG } from '../core/config';
import { PRESETS, presetQuery } from './presets';

const opens = (q: string) => {
  const d = decodeUrl(q);
  return [d.config, d.variants, d.view, d.backend];
};

describe('compact links', () => {
  it('open the same runs, view and language as every preset’s and chapter’s full link, in fewer characters', () => {
    const queries = [...PRESETS.map((p) => presetQuery(p, { lang: 'zh-CN', present: true, charts: ['loss', 'flow'] })), ...CHAPTERS.map((c) => chapterQuery(c.number, { lang: 'zh-CN', present: true }))];
    for (const q of queries) {
      const short = compactQuery(q);
      expect(opens(short), short).toEqual(opens(q));
      expect(short.length).toBeLessThan(q.length);
      expect(short).toMatch(/^v=1/);
    }
  });

  it('keeps what differs from the defaults and the language, and drops the rest', () => {
    expect(compactQuery(encodeUrl(DEFAULT_CONFIG))).toBe('v=1&lang=en');
    expect(compactQuery(encodeUrl({ ...DEFAULT_CONFIG, depth: 30, initGain: 2 }, { view: { lang: 'zh-CN' } }))).toBe('v=1&depth=30&gain=2&lang=zh-CN');
    // An RNN keeps the fields where its own family defaults would differ.
    const rnn = encodeUrl({ ...DEFAULT_CONFIG, model: 'rnn', activation: 'relu', dataset: 'adding' });
    expect(opens(compactQuery(rnn))).toEqual(opens(rnn));
  });
});
