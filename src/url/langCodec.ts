// lang= in the URL: the page's language (en or zh-CN), kept by every link so a shared
// link opens in the language it was made in. Without it the browser's language decides.
import { type Lang, LANGS } from '../i18n/i18n';
import { quoted } from './queryLimits';

export function decodeLang(raw: string | undefined, fallback: Lang, warnings: string[]): Lang {
  if (raw === undefined) return fallback;
  const wanted = raw.trim().toLowerCase();
  const found = LANGS.find((l) => l.toLowerCase() === wanted) ?? (wanted === 'zh' || wanted.startsWith('zh-') ? 'zh-CN' : undefined);
  if (found) return found;
  warnings.push(`lang=${quoted(raw)} is not one of ${LANGS.join(', ')}: using ${fallback}`);
  return fallback;
}
