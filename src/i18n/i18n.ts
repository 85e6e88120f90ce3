// The page's two languages: English (the source catalogue, en.ts) and Simplified
// Chinese (zh-CN.ts, typed by en.ts's keys, so a key missing in one language does not
// compile). `t(lang, key, params)` fills {name} placeholders; numbers are formatted for
// the locale with Intl. Words live here and in the catalogues, not in the core, which
// returns codes and numbers.

import { en } from './en';
import { zhCN } from './zh-CN';

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];
export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;

export const CATALOGUES: Record<Lang, Catalogue> = { en, 'zh-CN': zhCN };

/** The names of the languages, each in its own language (for the switch). */
export const LANG_NAMES: Record<Lang, string> = { en: 'English', 'zh-CN': '中文' };

export type Params = Record<string, string | number>;

/** A message with its {placeholders} filled; a number placeholder is formatted for the locale. */
export function t(lang: Lang, key: MessageKey, params?: Params): string {
  const text = CATALOGUES[lang][key] ?? en[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(lang, value) : value;
  });
}

const formatters = new Map<string, Intl.NumberFormat>();

/** A number for the locale: whole numbers in full, others to `digits` significant digits. */
export function formatNumber(lang: Lang, value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  const key = `${lang}:${digits}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, { maximumSignificantDigits: digits });
    formatters.set(key, f);
  }
  // Whole numbers print in full (a step count is exact), grouped from five digits on.
  if (Number.isInteger(value)) return Math.abs(value) >= 10_000 ? new Intl.NumberFormat(lang).format(value) : String(value);
  return f.format(value);
}

/** The language a browser asks for: Chinese for any zh locale, else English. */
export function browserLang(languages: readonly string[] | undefined): Lang {
  for (const l of languages ?? []) {
    if (/^zh\b/i.test(l)) return 'zh-CN';
    if (/^en\b/i.test(l)) return 'en';
  }
  return 'en';
}
