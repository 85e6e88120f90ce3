// Both languages' lessons are complete and typeset: every chapter, caption, symbol,
// option and placeholder in each, and every formula (display and inline) renders in KaTeX.
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { CHAPTER_IDS } from '../chapters';
import { FORMULAS, SYMBOLS } from '../formulas';
import { KATEX_OPTIONS } from '../katexOptions';
import { QUESTIONS } from '../questions';
import { lessonsEn } from './en';
import type { ChapterText } from './types';
import { lessonsZhCN } from './zh-CN';

const LANGS = { en: lessonsEn, 'zh-CN': lessonsZhCN };
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
const symbolsOf = (tex: string[]) => [...new Set(tex.flatMap((f) => [...f.matchAll(/sym=(\w+)/g)].map((m) => m[1])))].sort();
const strings = (c: ChapterText): string[] => [c.title, ...c.body, ...c.formulas, ...Object.values(c.symbols), c.look, c.question, ...Object.values(c.options), c.measured, c.explain, ...(c.faq ?? []).flatMap((f) => [f.q, f.a])];
const inlineMath = (text: string) => [...text.matchAll(/\$([^$]+)\$/g)].map((m) => m[1]);

describe('lesson texts', () => {
  for (const [lang, texts] of Object.entries(LANGS)) {
    it(`${lang}: every chapter has its captions, symbols, options and facts`, () => {
      expect(Object.keys(texts).sort()).toEqual([...CHAPTER_IDS].sort());
      for (const id of CHAPTER_IDS) {
        const c = texts[id];
        expect(c.formulas, id).toHaveLength(FORMULAS[id].length);
        expect(Object.keys(c.symbols).sort(), `${id} symbols`).toEqual(symbolsOf(FORMULAS[id]));
        expect(Object.keys(c.options).sort(), `${id} options`).toEqual([...QUESTIONS[id].options].sort());
        for (const p of placeholders(c.measured)) expect(QUESTIONS[id].facts, `${id} {${p}}`).toContain(p);
        for (const s of strings(c)) {
          expect(s.trim(), id).not.toBe('');
          expect((s.match(/\$/g) ?? []).length % 2, `${id}: unbalanced $ in ${s}`).toBe(0);
        }
      }
    });
  }

  it('both languages name the same facts and the same inline formulas, and the Chinese is Chinese', () => {
    for (const id of CHAPTER_IDS) {
      const [en, zh] = [lessonsEn[id], lessonsZhCN[id]];
      expect(placeholders(zh.measured), id).toEqual(placeholders(en.measured));
      expect(zh.body.flatMap(inlineMath).sort(), id).toEqual(en.body.flatMap(inlineMath).sort());
      expect(zh.faq?.length ?? 0).toBe(en.faq?.length ?? 0);
      // A string with words (beyond inline formulas and proper names) has Chinese characters.
      const names = /ReLU|tanh|sigmoid|Adam|RMSprop|SGD|LSTM|GRU|RNN|Xavier|He|ResNet|Transformer|Wasserstein|GAN|WebGL|WebAssembly|CPU|NaN|dropout|max|min/g;
      for (const s of strings(zh)) {
        const words = s.replace(/\$[^$]*\$/g, '').replace(names, '');
        if (/[A-Za-z]{3,}/.test(words)) expect(/[\u4e00-\u9fff]/.test(s), `${id}: ${s}`).toBe(true);
      }
    }
  });

  it('every formula and inline formula typesets, and each symbol is tied to a chart', () => {
    for (const id of CHAPTER_IDS) {
      for (const tex of FORMULAS[id]) {
        const html = katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: true, throwOnError: true });
        expect(html).toContain('class="katex');
        for (const sym of symbolsOf([tex])) {
          expect(SYMBOLS[sym as keyof typeof SYMBOLS], sym).toBeDefined();
          expect(html).toContain(`data-sym="${sym}"`);
        }
      }
      for (const tex of Object.values(LANGS).flatMap((t) => t[id].body.flatMap(inlineMath))) {
        expect(() => katex.renderToString(tex, { ...KATEX_OPTIONS, throwOnError: true }), tex).not.toThrow();
      }
    }
  });
});
