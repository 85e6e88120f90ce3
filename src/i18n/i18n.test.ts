// Both languages are complete: the same keys, no empty message, the same placeholders.
import { describe, expect, it } from 'vitest';
import { browserLang, CATALOGUES, formatNumber, LANGS, t } from './i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message catalogues', () => {
  it('every key exists in both languages, none is empty, and each message has the same placeholders in both', () => {
    const [en, zh] = [CATALOGUES.en, CATALOGUES['zh-CN']];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const lang of LANGS) for (const [key, text] of Object.entries(CATALOGUES[lang])) expect(text.trim(), `${lang} ${key}`).not.toBe('');
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
  });

  it('the Chinese catalogue is Chinese: a message whose words are not all proper names, code or formulas has Chinese characters', () => {
    // Names that stay as they are in Chinese text: activations, optimizers, cells, libraries, backends.
    const names = /ReLU|SELU|ELU|tanh|sigmoid|Leaky|Adam|RMSprop|Adagrad|SGD|LSTM|GRU|RNN|MLP|IRNN|WebGL|wasm|cpu|auto|backend|hide|float32|NaN/gi;
    for (const [key, text] of Object.entries(CATALOGUES['zh-CN'])) {
      const words = text.replace(/\{\w+\}/g, '').replace(names, '');
      if (/[A-Za-z]{3,}/.test(words) && !/[\u4e00-\u9fff]/.test(text)) throw new Error(`${key} is not translated: ${text}`);
    }
  });

  it('fills placeholders, numbers formatted for the locale, and finds the browser’s language', () => {
    expect(t('en', 'phase.status.running', { done: 12, total: 576, seconds: '1.5' })).toBe('Measuring: 12 of 576 cells, 1.5 s');
    expect(t('zh-CN', 'phase.status.running', { done: 12, total: 576, seconds: '1.5' })).toBe('测量中：12 / 576 个格子，1.5 秒');
    expect(formatNumber('en', 12345)).toBe('12,345');
    expect(formatNumber('en', 1234)).toBe('1234');
    expect(formatNumber('en', 0.012345)).toBe('0.0123');
    expect(browserLang(['zh-TW', 'en'])).toBe('zh-CN');
    expect(browserLang(['fr-FR', 'en-GB'])).toBe('en');
    expect(browserLang([])).toBe('en');
  });
});
