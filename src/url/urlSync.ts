// The only module that touches `location` and `history`. On boot it decodes the URL
// (run A and its variants) into the store; then the address bar follows the store with history.replaceState
// (no history flood), opening a preset pushes an entry, and back/forward apply the
// URL they land on.

import { browserLang } from '../i18n/i18n';
import { checkGuideLink } from '../lessons/chapterLinks';
import { useStore } from '../store/store';
import { type BackendOption, decodeUrl, encodeUrl } from './presetCodec';
import { checkPresetLink } from './presets';
import { compactQuery } from './compactLink';

/** Applies a query string to the store; returns the decoded result. */
export function applyQuery(search: string) {
  const guide = checkGuideLink(decodeUrl(search, { lang: browserLang(typeof navigator === 'undefined' ? [] : navigator.languages) }), search);
  const decoded = guide.decoded;
  const preset = checkPresetLink(decoded);
  useStore.setState({
    config: decoded.config,
    variants: decoded.variants,
    selectedRun: 0,
    backendPreference: decoded.backend,
    wantsRunning: decoded.view.run,
    view: {
      present: decoded.view.present,
      embed: decoded.view.embed,
      hide: decoded.view.hide,
      charts: decoded.view.charts,
      lesson: decoded.view.lesson,
      preset: preset.preset,
      page: decoded.view.page,
      phase: decoded.view.phase,
      lang: decoded.view.lang,
      guide: decoded.view.guide,
    },
    urlWarnings: [...decoded.notices, ...guide.warnings.items, ...preset.warnings.items],
  });
  return decoded;
}

/**
 * The query of what is on screen: paused or not (run=0) as the person left it. The
 * address bar keeps the backend chosen here; a shared link leaves it out (auto) unless
 * `withBackend`, so that one machine's choice does not travel to every student's.
 */
export function currentQuery({ share = false, withBackend = false } = {}): string {
  const s = useStore.getState();
  return encodeUrl(s.config, {
    variants: s.variants,
    backend: !share || withBackend ? (s.backendPreference as BackendOption) : 'auto',
    view: { ...s.view, run: s.wantsRunning },
  });
}

/** Navigates to a new query (a preset): a history entry, then the store follows. */
export function openQuery(query: string): void {
  window.history.pushState(null, '', `?${query}`);
  applyQuery(query);
}

export function shareUrl(withBackend = false): string {
  return `${window.location.origin}${window.location.pathname}?${currentQuery({ share: true, withBackend })}`;
}

/**
 * The shortest link to the same run, for a QR code (fewer modules scan from further away):
 * a phone gets the page, not the projector's presentation mode and its chart layout.
 */
export function compactShareUrl(): string {
  const query = new URLSearchParams(compactQuery(currentQuery({ share: true })));
  query.delete('present');
  query.delete('charts');
  return `${window.location.origin}${window.location.pathname}?${query.toString().replace(/%2C/g, ',')}`;
}

export function startUrlSync(): () => void {
  let last = window.location.search.replace(/^\?/, '');
  const write = () => {
    const query = currentQuery();
    if (query === last) return;
    last = query;
    window.history.replaceState(window.history.state, '', `?${query}`);
  };
  // Show the canonical form at once: a hand-edited URL is replaced by its corrected version.
  write();
  const unsubscribe = useStore.subscribe((state, prev) => {
    if (
      state.config !== prev.config ||
      state.variants !== prev.variants ||
      state.backendPreference !== prev.backendPreference ||
      state.view !== prev.view ||
      state.wantsRunning !== prev.wantsRunning
    )
      write();
  });
  const onPopState = () => {
    last = window.location.search.replace(/^\?/, '');
    applyQuery(window.location.search);
  };
  window.addEventListener('popstate', onPopState);
  return () => {
    unsubscribe();
    window.removeEventListener('popstate', onPopState);
  };
}
