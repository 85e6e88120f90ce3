// lang= in the URL: the page's language (en or zh-CN), kept by every link so a shared
// link opens in the language it was made in. Without it the browser's language decides.
import { type Lang, LANGS } from '../i18n/i18n';
import { quoted } from './queryLimits';
import { note } from './notes';

export function decodeLang(raw: string | undefined, fallback: Lang, warnings: string[]): Lang {
  if (raw === undefined) return fallback;
  const wanted = raw.trim().toLowerCase();
  const found = LANGS.find((l) => l.toLowerCase() === wanted) ?? (wanted === 'zh' || wanted.startsWith('zh-') ? 'zh-CN' : undefined);
  if (found) return found;
  note(warnings, 'oneOf', { key: 'lang', raw: quoted(raw), options: LANGS.join(', '), value: fallback });
  return fallback;
}
