// The header's switch between the lab and the phase diagram (view=phase), and the language switch (lang=).
import { LANG_NAMES, type Lang, LANGS } from '../i18n/i18n';
import { useStore } from '../store/store';
import type { Page } from '../url/phaseCodec';
import { useT } from './useT';

const PAGES: { page: Page; label: 'page.lab' | 'page.phase'; hint: 'page.lab.hint' | 'page.phase.hint' }[] = [
  { page: 'lab', label: 'page.lab', hint: 'page.lab.hint' },
  { page: 'phase', label: 'page.phase', hint: 'page.phase.hint' },
];

export function PageSwitch() {
  const page = useStore((s) => s.view.page);
  const setView = useStore((s) => s.setView);
  const t = useT();
  return (
    <nav className="page-switch" aria-label={t('page.label')}>
      {PAGES.map((p) => (
        <button key={p.page} type="button" aria-pressed={page === p.page} title={t(p.hint)} onClick={() => setView({ page: p.page })} data-testid={`page-${p.page}`}>
          {t(p.label)}
        </button>
      ))}
    </nav>
  );
}

export function LangSwitch() {
  const lang = useStore((s) => s.view.lang);
  const setView = useStore((s) => s.setView);
  const t = useT();
  return (
    <select className="lang-switch" aria-label={t('header.language')} value={lang} onChange={(e) => setView({ lang: e.target.value as Lang })} data-testid="lang-switch">
      {LANGS.map((l) => (
        <option key={l} value={l} lang={l}>
          {LANG_NAMES[l]}
        </option>
      ))}
    </select>
  );
}
