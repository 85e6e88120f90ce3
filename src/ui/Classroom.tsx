// Classroom features: the preset gallery, "Copy link", presentation mode, the lesson
// text, the notice for a corrected URL, and keyboard shortcuts.
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TrainingClient } from '../client/trainingClient';
import { familyOf, useFamily, useStore } from '../store/store';
import { CHART_PARTS_OF } from '../url/presetCodec';
import type { Lang } from '../i18n/i18n';
import { type UrlNote, wordNote } from '../url/notes';
import { lessonChanges, PRESETS, presetById, presetQuery, presetWords } from '../url/presets';
import { openQuery, shareUrl } from '../url/urlSync';
import { isTyping, usePopup } from './keys';
import { useLang, useT } from './useT';
import { stepChapter } from './lessons/Guide';
import { pickLayout } from './PresentCharts';

export function PresetMenu() {
  const { open, setOpen, button, close } = usePopup();
  const active = useStore((s) => s.view.preset);
  // A preset opens in the page's language, and stays on the projector with its charts.
  const keep = useStore(useShallow((s) => ({ lang: s.view.lang, present: s.view.present, charts: s.view.charts })));
  const t = useT();
  const lang = useLang();
  return (
    <div className="preset-menu">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="preset-gallery"
        onClick={() => setOpen(!open)}
        data-testid="presets-button"
      >
        {t('presets.button')} ▾
      </button>
      {open && (
        <div id="preset-gallery" className="preset-gallery" role="dialog" aria-label={t('presets.gallery')}>
          <div className="preset-gallery-head">
            <strong>{t('presets.head')}</strong>
            <button type="button" className="small" onClick={close}>
              {t('presets.close')}
            </button>
          </div>
          <ul>
            {PRESETS.map((p) => (
              <li key={p.id} className={p.id === active ? 'active' : ''}>
                <a
                  href={`?${presetQuery(p, keep)}`}
                  data-preset={p.id}
                  onClick={(e) => {
                    e.preventDefault();
                    openQuery(presetQuery(p, keep));
                    setOpen(false);
                  }}
                >
                  {presetWords(p.id, lang).title}
                </a>
                <p>{presetWords(p.id, lang).watch}</p>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function CopyLinkButton() {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const backend = useStore((s) => s.backendPreference);
  // A link leaves the backend out (each machine picks its own) unless asked to carry it.
  const [withBackend, setWithBackend] = useState(false);
  const t = useT();
  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <>
      <button
        type="button"
        data-testid="copy-link"
        title={t('copy.hint')}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(shareUrl(withBackend));
            setState('copied');
          } catch {
            setState('failed');
          }
        }}
      >
        {t(state === 'copied' ? 'copy.done' : 'copy.button')}
      </button>
      {backend !== 'auto' && (
        <label className="copy-backend" title={t('copy.backend.hint')}>
          <input type="checkbox" checked={withBackend} onChange={(e) => setWithBackend(e.currentTarget.checked)} data-testid="link-with-backend" />
          {t('copy.backend', { backend })}
        </label>
      )}
      {/* The clipboard refused: the link stays here to copy by hand until dismissed. */}
      {state === 'failed' && (
        <span className="copy-fallback-box" data-testid="copy-fallback">
          <input className="copy-fallback" readOnly value={shareUrl(withBackend)} aria-label={t('copy.fallback')} onFocus={(e) => e.target.select()} />
          <button type="button" className="small" onClick={() => setState('idle')}>
            {t('copy.fallback.done')}
          </button>
        </span>
      )}
      <span className="visually-hidden" role="status">
        {state === 'copied' ? t('copy.status.copied') : state === 'failed' ? t('copy.status.failed') : ''}
      </span>
    </>
  );
}

export function PresentButton() {
  const present = useStore((s) => s.view.present);
  const setView = useStore((s) => s.setView);
  const t = useT();
  return (
    <button type="button" aria-pressed={present} data-testid="present" onClick={() => setView({ present: !present })} title={t('present.hint')}>
      {t(present ? 'present.exit' : 'present.button')}
    </button>
  );
}

/** The active preset's lesson card and the teacher's lesson text. */
export function LessonPanel() {
  const presetId = useStore((s) => s.view.preset);
  const lesson = useStore((s) => s.view.lesson);
  const setView = useStore((s) => s.setView);
  const preset = presetId ? presetById(presetId) : undefined;
  const t = useT();
  const lang = useLang();
  const words = preset ? presetWords(preset.id, lang) : null;
  if (!preset && !lesson) return null;
  return (
    <section className="lesson-panel" aria-label={t('lesson.label')} data-testid="lesson-panel">
      {lesson && (
        <p className="lesson-text" data-testid="lesson-text">
          {lesson}
        </p>
      )}
      {preset && (
        <div className="preset-card" data-testid="preset-card" data-preset={preset.id}>
          <h2>{words?.title}</h2>
          <p>
            <strong>{t('lesson.watch')}</strong> {words?.watch}
          </p>
          <p>
            <strong>{t('lesson.tryNext')}</strong> {words?.tryNext}
          </p>
          <button type="button" className="small" onClick={() => setView({ preset: '' })}>
            {t('lesson.hide')}
          </button>
        </div>
      )}
    </section>
  );
}

/** A link that hides every part of the page: it says so, with a way back. */
export function NothingShownNotice() {
  const hide = useStore((s) => s.view.hide);
  const setView = useStore((s) => s.setView);
  const family = useFamily();
  const t = useT();
  if (!CHART_PARTS_OF[family].every((part) => hide.includes(part))) return null;
  return (
    <div className="url-notice" role="status" data-testid="nothing-shown">
      <div>
        <strong>{t('hidden.title')}</strong> {t('hidden.text', { hide: hide.join(',') })}
      </div>
      <button type="button" className="small" onClick={() => setView({ hide: [] })}>
        {t('hidden.showAll')}
      </button>
    </div>
  );
}

/** The corrections made to the link, in every view mode (embed and presentation included), until dismissed. */
export function UrlNotice() {
  const warnings = useStore((s) => s.urlWarnings);
  const setUrlWarnings = useStore((s) => s.setUrlWarnings);
  const t = useT();
  const lang = useLang();
  if (warnings.length === 0) return null;
  return (
    <div className="url-notice" role="status" data-testid="url-notice">
      <div>
        <strong>{t('url.corrected')}</strong>
        <ul>
          {warnings.slice(0, 12).map((w) => {
            const text = noticeText(w, lang);
            return <li key={text}>{text}</li>;
          })}
          {warnings.length > 12 && <li>{t('url.more', { count: warnings.length - 12 })}</li>}
        </ul>
      </div>
      <button type="button" className="small" onClick={() => setUrlWarnings([])}>
        {t('url.dismiss')}
      </button>
    </div>
  );
}

/** A link correction in the page's language (a changed lesson names its title and changes in it too). */
function noticeText(n: UrlNote, lang: Lang): string {
  if (n.code !== 'lessonChanged' || lang === 'en') return wordNote(n, lang);
  const changes = JSON.parse(n.params.list ?? '[]') as [string, string | null, string | null][];
  return wordNote({ ...n, params: { ...n.params, title: presetWords(n.params.preset ?? '', lang).title, changes: lessonChanges(changes, lang) } }, lang);
}


/** Keyboard: space play/pause, s step, r reset, f full screen; in a lesson n / PageDown next chapter, p / PageUp previous; in presentation mode 1 to 4 a chart layout. */
export function useKeyboardShortcuts(client: TrainingClient) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const state = useStore.getState();
      switch (e.key) {
        case ' ':
          if (e.target instanceof HTMLButtonElement) return; // the button itself handles space
          e.preventDefault();
          if (state.status === 'running') state.setWantsRunning(false);
          else {
            if (state.wantsRunning) state.setWantsRunning(false);
            state.setWantsRunning(true);
          }
          break;
        case 's':
          client.step(1);
          break;
        case 'r':
          state.reset();
          break;
        case 'PageDown':
        case 'n':
          // In a lesson: the next chapter (a presenter's clicker sends PageDown / PageUp).
          if (stepChapter(1)) e.preventDefault();
          break;
        case 'PageUp':
        case 'p':
          if (stepChapter(-1)) e.preventDefault();
          break;
        case 'f':
          if (document.fullscreenElement) void document.exitFullscreen();
          else void document.documentElement.requestFullscreen?.().catch(() => undefined);
          break;
        case '1':
        case '2':
        case '3':
        case '4':
          // Presentation mode: the layout of that number.
          if (!state.view.present || state.view.page !== 'lab') return;
          e.preventDefault();
          pickLayout(Number(e.key) - 1, familyOf(state));
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client]);
}
