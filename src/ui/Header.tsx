import { type ReactNode, useState } from 'react';
import { type Lang, t as translate } from '../i18n/i18n';
import { type BackendFailure, type BackendInfo, BACKENDS, type BackendPreference } from '../protocol';
import { useStore } from '../store/store';
import { formatNumber } from './charts/scale';
import { LangSwitch } from './PageSwitch';
import { useLang, useT } from './useT';

/** One backend failure in the page's language (tfjs's own message, where there is one, as it came). */
function failureWords(f: BackendFailure, lang: Lang): string {
  const seconds = f.seconds ?? 0;
  const within = seconds >= 1 ? translate(lang, 'backend.within.s', { n: Math.round(seconds) }) : translate(lang, 'backend.within.ms', { n: Math.round(seconds * 1000) });
  return translate(lang, `backend.fail.${f.code}`, { backend: f.backend === 'webgl' ? 'WebGL' : (f.backend ?? ''), detail: f.detail ?? '', within });
}

/** Why the preferred backend is not the one running, in the page's language (the worker's English where it sent no codes). */
export function fallbackWords(info: BackendInfo, lang: Lang): string | null {
  if (!info.fallbackReason) return null;
  if (!info.fallbacks?.length) return info.fallbackReason;
  return info.fallbacks.map((f) => failureWords(f, lang)).join(translate(lang, 'backend.fail.separator'));
}

export function BackendBadge() {
  const info = useStore((s) => s.backendInfo);
  // Runs advance in lockstep: every live run takes this many steps a second.
  const rate = useStore((s) => Math.max(...s.runs.map((r) => r.stepsPerSecond)));
  const runCount = useStore((s) => s.runs.length);
  const status = useStore((s) => s.status);
  const t = useT();
  const lang = useLang();
  if (!info) {
    return (
      <span className="badge" data-testid="backend-badge" data-backend="">
        {t('backend.starting')}
      </span>
    );
  }
  const reason = info.choiceReason;
  // Why auto chose this backend, in the page's language (the worker's English where it gave no code).
  const choice =
    reason?.code === 'software'
      ? { short: t('backend.why.software'), long: t('backend.why.software.long', { renderer: reason.software ?? '' }) }
      : reason?.code === 'slower'
        ? {
            short: t('backend.why.slower', { ratio: (reason.ratio ?? 0).toFixed(1) }),
            long: t('backend.why.slower.long', { ratio: (reason.ratio ?? 0).toFixed(1), webgl: (reason.webglMs ?? 0).toFixed(1), wasm: (reason.wasmMs ?? 0).toFixed(1) }),
          }
        : reason;
  const fallback = fallbackWords(info, lang);
  const title = [info.renderer ? t('backend.renderer', { renderer: info.renderer }) : null, fallback ? t('backend.fallbackTitle', { reason: fallback }) : null]
    .filter(Boolean)
    .join('\n');
  return (
    <span
      className={`badge ${info.fallbackReason ? 'badge-warn' : ''}`}
      data-testid="backend-badge"
      data-backend={info.backend}
      data-renderer={info.renderer ?? ''}
      title={[title, choice?.long].filter(Boolean).join('\n') || undefined}
    >
      {info.backend}
      {status === 'running' && rate > 0 && <> · {t(runCount > 1 ? 'backend.rateEach' : 'backend.rate', { rate: formatNumber(rate, 3) })}</>}
      {info.fallbackReason && (
        // Why, in words next to the badge (the notice below the header says it in full).
        <span className="backend-why" data-testid="backend-fallback">
          {t('backend.fallback')}
          <span className="visually-hidden">: {fallback}</span>
        </span>
      )}
      {choice && (
        <span className="backend-why" data-testid="backend-reason">
          {choice.short}
          <span className="visually-hidden">: {choice.long}</span>
        </span>
      )}
    </span>
  );
}

/**
 * Says where a backend fell back and why (a start that failed or ran out of time), in
 * words under the header; for a backend chosen by hand, it offers the one that runs.
 */
export function BackendNotice() {
  const info = useStore((s) => s.backendInfo);
  const preference = useStore((s) => s.backendPreference);
  const setPreference = useStore((s) => s.setBackendPreference);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const t = useT();
  const lang = useLang();
  if (!info?.fallbackReason || dismissed === info.fallbackReason) return null;
  const reason = fallbackWords(info, lang) ?? info.fallbackReason;
  const byHand = preference !== 'auto' && preference !== info.backend;
  return (
    <div className="url-notice backend-notice" role="status" data-testid="backend-notice">
      <div>
        {byHand ? (
          <>
            <strong>{t('backend.couldNot', { backend: preference })}</strong> {t('backend.instead', { reason, backend: info.backend })}
          </>
        ) : (
          <>
            <strong>{t('backend.runningOn', { backend: info.backend })}</strong> {t('backend.reason', { reason })}
          </>
        )}
      </div>
      <div className="notice-actions">
        {byHand && (
          <button
            type="button"
            className="small"
            data-testid="use-running-backend"
            onClick={() => {
              setDismissed(info.fallbackReason);
              setPreference(info.backend);
            }}
          >
            {t('backend.use', { backend: info.backend })}
          </button>
        )}
        <button type="button" className="small" onClick={() => setDismissed(info.fallbackReason)}>
          {t('url.dismiss')}
        </button>
      </div>
    </div>
  );
}

/** The backend the person asks for; the badge shows the one that runs. */
export function BackendSelect() {
  const preference = useStore((s) => s.backendPreference);
  const setPreference = useStore((s) => s.setBackendPreference);
  const t = useT();
  return (
    <label className="backend-select">
      <span className="visually-hidden">{t('backend.label')}</span>
      <select
        aria-label={t('backend.label')}
        value={preference}
        onChange={(e) => setPreference(e.target.value as BackendPreference)}
        title={t('backend.hint')}
      >
        <option value="auto">auto</option>
        {BACKENDS.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Header({ children }: { children?: ReactNode }) {
  const t = useT();
  return (
    <header className="app-header">
      <h1>
        Gradscope <span className="tagline">{t('header.tagline')}</span>
      </h1>
      <div className="header-actions">
        {children}
        <LangSwitch />
        <BackendSelect />
        <BackendBadge />
      </div>
    </header>
  );
}
