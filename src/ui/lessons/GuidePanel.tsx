// The open chapter of the guided lessons: its text with the formulas typeset (KaTeX), the
// symbols tied to the charts, the chart to look at, and a question to answer before
// pressing play, answered by the runs themselves once they have trained enough. Loaded
// lazily (with KaTeX and the lesson texts) when a chapter opens.
import katex from 'katex';
import 'katex/dist/katex.min.css';
import './guide.css';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { formatNumber, type Lang } from '../../i18n/i18n';
import { CHAPTER_COUNT, CHAPTERS, type Chapter } from '../../lessons/chapters';
import { chapterChanges, chapterQuery } from '../../lessons/chapterLinks';
import { FORMULAS, SYMBOLS, type SymbolId } from '../../lessons/formulas';
import { KATEX_OPTIONS } from '../../lessons/katexOptions';
import { loadProgress, saveProgress, useProgress } from '../../lessons/progress';
import { answerFrom, type Evidence, type Judgement, QUESTIONS } from '../../lessons/questions';
import type { ChapterText, LessonTexts } from '../../lessons/text/types';
import { usePhaseStore } from '../../store/phaseStore';
import { runConfigs } from '../../core/runSet';
import { useStore } from '../../store/store';
import { useLang, useT } from '../useT';
import { chapterFocus, openChapter } from './Guide';

/** Each language's texts, loaded once on first use. */
const loaded = new Map<Lang, LessonTexts>();
const load = (lang: Lang): Promise<LessonTexts> =>
  lang === 'zh-CN' ? import('../../lessons/text/zh-CN').then((m) => m.lessonsZhCN) : import('../../lessons/text/en').then((m) => m.lessonsEn);

function useLessonTexts(lang: Lang): { texts: LessonTexts | null; error: string | null } {
  const [state, setState] = useState<{ lang: Lang; texts: LessonTexts | null; error: string | null }>({ lang, texts: loaded.get(lang) ?? null, error: null });
  useEffect(() => {
    if (loaded.has(lang)) {
      setState({ lang, texts: loaded.get(lang) ?? null, error: null });
      return;
    }
    let live = true;
    load(lang).then(
      (texts) => {
        loaded.set(lang, texts);
        if (live) setState({ lang, texts, error: null });
      },
      (e: unknown) => live && setState({ lang, texts: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [lang]);
  return state.lang === lang ? state : { texts: loaded.get(lang) ?? null, error: null };
}

const tex = (source: string, displayMode: boolean) => katex.renderToString(source, { ...KATEX_OPTIONS, displayMode, throwOnError: false });

/** Text with $inline TeX$ typeset. */
function Rich({ text }: { text: string }) {
  const parts = useMemo(() => text.split(/\$([^$]+)\$/), [text]);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX's output for our own TeX, \htmlData the only trusted command
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text, in order
          <span key={i} className="guide-math" dangerouslySetInnerHTML={{ __html: tex(part, false) }} />
        ) : (
          part
        ),
      )}
    </>
  );
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** A measured number as the lesson names it: 5.9 × 10⁸ beyond four decades, "diverged" for NaN. */
export function formatFact(lang: Lang, value: number, diverged: string): string {
  if (Number.isNaN(value)) return diverged;
  if (!Number.isFinite(value) || value === 0) return formatNumber(lang, value);
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (Math.abs(exponent) < 4) return formatNumber(lang, value, 3);
  const mantissa = value / 10 ** exponent;
  const power = String(exponent).replace(/./g, (c) => SUPERSCRIPT[c] ?? c);
  return `${formatNumber(lang, mantissa, 2)} × 10${power}`;
}

function fill(text: string, facts: Record<string, number>, lang: Lang, diverged: string): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in facts ? formatFact(lang, facts[name], diverged) : whole));
}

export default function GuidePanel() {
  const n = useStore((s) => s.view.guide);
  const lang = useLang();
  const t = useT();
  const { texts, error } = useLessonTexts(lang);
  const chapter = CHAPTERS[n - 1];
  if (!chapter) return null;
  if (error) return <p className="guide-error" role="alert">{t('guide.loadFailed', { error })}</p>;
  if (!texts) return <p className="guide-loading" role="status">{t('guide.loading')}</p>;
  return <ChapterView key={chapter.id} chapter={chapter} text={texts[chapter.id]} texts={texts} />;
}

function ChapterView({ chapter, text, texts }: { chapter: Chapter; text: ChapterText; texts: LessonTexts }) {
  const t = useT();
  const present = useStore((s) => s.view.present);
  const setLessonFocus = useStore((s) => s.setLessonFocus);
  const heading = useRef<HTMLHeadingElement>(null);

  // The chart this chapter points at is highlighted while it is open; the chapter is remembered.
  useEffect(() => {
    setLessonFocus({ lessonLook: chapter.look });
    saveProgress({ last: chapter.number });
    return () => setLessonFocus({ lessonLook: null, lessonSymbol: null, gradientPreview: null, previewLayer: null });
  }, [chapter, setLessonFocus]);
  // A chapter opened from the lesson (next, previous, a chapter's dot) puts the reader at its title.
  useEffect(() => {
    if (!chapterFocus.pending) return;
    chapterFocus.pending = false;
    heading.current?.focus();
  }, []);

  return (
    <section className="guide" data-testid="guide" data-chapter={chapter.id}>
      <Progress chapter={chapter} texts={texts} />
      <h2 ref={heading} tabIndex={-1} className="guide-title">
        <span className="guide-number">{chapter.number}.</span> {text.title}
      </h2>
      {text.body.map((p) => (
        <p key={p.slice(0, 40)}>
          <Rich text={p} />
        </p>
      ))}
      <Formulas chapter={chapter} text={text} />
      <Look chapter={chapter} text={text} />
      <QuestionBox chapter={chapter} text={text} />
      {text.faq && (
        <div className="guide-faq">
          <h3>{t('guide.faq')}</h3>
          {text.faq.map((f) => (
            <details key={f.q}>
              <summary>{f.q}</summary>
              <p>
                <Rich text={f.a} />
              </p>
            </details>
          ))}
        </div>
      )}
      <nav className="guide-nav" aria-label={t('guide.chapters')}>
        <button type="button" disabled={chapter.number === 1} onClick={() => openChapter(chapter.number - 1)} data-testid="guide-prev">
          {t('guide.prev')}
        </button>
        {!present && (
          <button type="button" className="small" title={t('guide.settings.hint')} onClick={() => setLessonFocus({ guideSide: 'settings' })}>
            {t('guide.settings')}
          </button>
        )}
        <button type="button" disabled={chapter.number === CHAPTER_COUNT} onClick={() => openChapter(chapter.number + 1)} data-testid="guide-next">
          {t('guide.next')}
        </button>
      </nav>
    </section>
  );
}

/** "Chapter 3 of 15" and a dot per chapter (a link to it), marked when answered. */
function Progress({ chapter, texts }: { chapter: Chapter; texts: LessonTexts }) {
  const t = useT();
  const lang = useLang();
  const present = useStore((s) => s.view.present);
  const { answered } = useProgress();
  const count = Object.keys(answered).length;
  return (
    <nav className="guide-progress" aria-label={t('guide.chapters')}>
      <div className="guide-progress-head">
        <strong>{t('guide.chapterOf', { n: chapter.number, count: CHAPTER_COUNT })}</strong>
        <span>{t('guide.progress', { answered: count, count: CHAPTER_COUNT })}</span>
      </div>
      <ol>
        {CHAPTERS.map((c) => {
          const state = answered[c.id];
          const label = [t('guide.chapterLink', { n: c.number, title: texts[c.id].title }), state === undefined ? '' : t(state ? 'guide.answeredRight' : 'guide.answered')].filter(Boolean).join(', ');
          return (
            <li key={c.id}>
              <a
                href={`?${chapterQuery(c.number, { lang, present })}`}
                aria-current={c.id === chapter.id ? 'step' : undefined}
                aria-label={label}
                title={label}
                className={state === undefined ? '' : state ? 'right' : 'done'}
                onClick={(e) => {
                  e.preventDefault();
                  openChapter(c.number);
                }}
              >
                {c.number}
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** Hovering or focusing a symbol highlights its chart (and its view, and its layer). */
function useSymbolFocus() {
  const setLessonFocus = useStore((s) => s.setLessonFocus);
  return useMemo(
    () => ({
      focus(sym: SymbolId) {
        const target = SYMBOLS[sym];
        const layers = useStore.getState().runs[0]?.history.numLayers ?? 1;
        const layer = 'layer' in target ? (target.layer === 'first' ? 0 : layers - 1) : null;
        setLessonFocus({ lessonSymbol: { sym, part: target.part }, gradientPreview: 'view' in target ? target.view : null, previewLayer: layer });
      },
      clear() {
        setLessonFocus({ lessonSymbol: null, gradientPreview: null, previewLayer: null });
      },
    }),
    [setLessonFocus],
  );
}

const symOf = (target: EventTarget | null): SymbolId | null => {
  const el = target instanceof Element ? target.closest('[data-sym]') : null;
  const sym = el?.getAttribute('data-sym');
  return sym && sym in SYMBOLS ? (sym as SymbolId) : null;
};

function Formulas({ chapter, text }: { chapter: Chapter; text: ChapterText }) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const hot = useStore((s) => s.lessonSymbol?.sym ?? null);
  const symbols = useSymbolFocus();
  const html = useMemo(() => FORMULAS[chapter.id].map((f) => tex(f, true)), [chapter.id]);
  // Pointing at a symbol in a formula lights up its chart (the keyboard's way is the list of symbols below).
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const over = (e: MouseEvent) => {
      const sym = symOf(e.target);
      if (sym) symbols.focus(sym);
    };
    const out = (e: MouseEvent) => {
      if (symOf(e.target) && !symOf(e.relatedTarget)) symbols.clear();
    };
    const displays = [...el.querySelectorAll<HTMLElement>('.guide-display')];
    for (const d of displays) {
      d.addEventListener('mouseover', over);
      d.addEventListener('mouseout', out);
    }
    return () => {
      for (const d of displays) {
        d.removeEventListener('mouseover', over);
        d.removeEventListener('mouseout', out);
      }
    };
  }, [symbols]);
  // The symbol under focus is marked in the formulas too.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    for (const s of el.querySelectorAll('[data-sym]')) s.classList.toggle('sym-hot', s.getAttribute('data-sym') === hot);
  }, [hot]);
  const entries = Object.entries(text.symbols) as [SymbolId, string][];
  return (
    <div className="guide-formulas" ref={box}>
      <h3 className="visually-hidden">{t('guide.formulas')}</h3>
      {html.map((h, i) => (
        <figure key={FORMULAS[chapter.id][i]} className="guide-formula">
          <div
            className="guide-display"
            // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX's output for our own TeX
            dangerouslySetInnerHTML={{ __html: h }}
          />
          <figcaption>{text.formulas[i]}</figcaption>
        </figure>
      ))}
      {entries.length > 0 && (
        <div className="guide-symbols">
          <p className="guide-symbols-head">{t('guide.symbols')}</p>
          <ul>
            {entries.map(([sym, words]) => (
              <li key={sym}>
                <button
                  type="button"
                  className={`sym-chip${hot === sym ? ' hot' : ''}`}
                  data-sym-chip={sym}
                  aria-pressed={hot === sym}
                  onMouseEnter={() => symbols.focus(sym)}
                  onMouseLeave={symbols.clear}
                  onFocus={() => symbols.focus(sym)}
                  onBlur={symbols.clear}
                  onClick={() => (hot === sym ? symbols.clear() : symbols.focus(sym))}
                >
                  {words}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

const lookTarget = (part: string) => document.querySelector(part === 'phase-map' ? '[data-look-part="phase-map"]' : `[data-slot="${part}"]`);

function Look({ chapter, text }: { chapter: Chapter; text: ChapterText }) {
  const t = useT();
  return (
    <p className="guide-look">
      <strong>{t('guide.look')}</strong> {text.look}{' '}
      <button
        type="button"
        className="small"
        onClick={() => {
          const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
          lookTarget(chapter.look)?.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'nearest' });
        }}
      >
        {t('guide.showMe')}
      </button>
    </p>
  );
}

/** What the question reads: the runs on screen (their histories, as measured) or the phase diagram's cells. */
function useEvidence(): { evidence: Evidence; key: string; trained: number } {
  const runs = useStore((s) => s.runs);
  const version = useStore((s) => s.historyVersion);
  const config = useStore((s) => s.config);
  const variants = useStore((s) => s.variants);
  const configs = useMemo(() => runConfigs(config, variants), [config, variants]);
  const phaseVersion = usePhaseStore((s) => s.version);
  const grid = usePhaseStore((s) => s.grid);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the histories change in place; the versions say when
  return useMemo(() => {
    const evidence: Evidence = {
      runs: runs.map((r, i) => ({ config: r.meta?.config ?? configs[i] ?? configs[0], history: r.history })),
      phase: grid ? { xValues: grid.xValues, yValues: grid.yValues, cells: grid.cells } : null,
    };
    const trained = Math.min(...runs.map((r) => r.history.lastStep + 1));
    return { evidence, key: `${runs.map((r) => r.runId).join(',')}|${grid?.jobId ?? ''}`, trained };
  }, [runs, version, phaseVersion, grid, configs]);
}

function QuestionBox({ chapter, text }: { chapter: Chapter; text: ChapterText }) {
  const t = useT();
  const lang = useLang();
  const q = QUESTIONS[chapter.id];
  const status = useStore((s) => s.status);
  const setWantsRunning = useStore((s) => s.setWantsRunning);
  const config = useStore((s) => s.config);
  const variants = useStore((s) => s.variants);
  const page = useStore((s) => s.view.page);
  const [chosen, setChosen] = useState<string | null>(null);
  const [skipped, setSkipped] = useState(false);
  const [frozen, setFrozen] = useState<{ key: string; judgement: Judgement } | null>(null);
  const { evidence, key, trained } = useEvidence();
  const live = frozen?.key === key ? frozen.judgement : answerFrom(q, evidence);
  // The first answer the runs give is kept: a run that goes on training does not change it.
  useEffect(() => {
    if (live && live !== 'mismatch' && frozen?.key !== key) setFrozen({ key, judgement: live });
  }, [live, key, frozen]);
  const judgement = live && live !== 'mismatch' ? live : null;
  const revealed = judgement !== null && (chosen !== null || skipped);
  useEffect(() => {
    if (!revealed || chosen === null || !judgement) return;
    saveProgress({ answered: { ...loadProgress().answered, [chapter.id]: chosen === judgement.answer } });
  }, [revealed, chosen, judgement, chapter.id]);

  const changes = chapterChanges(chapter, config, variants);
  const onPhase = q.steps === 0;
  const diverged = t('guide.diverged');
  const optionText = (o: string) => text.options[o] ?? o;
  let progress: ReactNode = null;
  if (live === 'mismatch') progress = t('guide.mismatch', { n: q.runs, m: evidence.runs.length });
  else if (!judgement && onPhase) progress = page === 'phase' ? t('guide.waitingPhase') : null;
  else if (!judgement) progress = t(status === 'running' ? 'guide.waiting' : 'guide.paused', { step: Math.max(0, Math.min(trained, q.steps)), steps: q.steps });
  else if (!revealed) progress = t('guide.pick');
  const answerId = `guide-question-${chapter.id}`;
  return (
    <section className="guide-question" aria-labelledby={answerId} data-testid="guide-question">
      <h3>{t('guide.question')}</h3>
      <p id={answerId} className="guide-ask">
        <Rich text={text.question} />
      </p>
      <fieldset className="guide-options">
        <legend className="visually-hidden">{text.question}</legend>
        {q.options.map((o) => (
          <label key={o} className={revealed && judgement?.answer === o ? 'is-answer' : ''}>
            <input type="radio" name={answerId} value={o} checked={chosen === o} onChange={() => setChosen(o)} data-option={o} />
            <span>
              <Rich text={optionText(o)} />
            </span>
          </label>
        ))}
      </fieldset>
      <div className="guide-actions">
        {!onPhase && status !== 'running' && !judgement && (
          <button type="button" className="primary" onClick={() => setWantsRunning(true)} data-testid="guide-play">
            {t('guide.play')}
          </button>
        )}
        {judgement && !revealed && (
          <button type="button" className="small" onClick={() => setSkipped(true)} data-testid="guide-reveal">
            {t('guide.reveal')}
          </button>
        )}
      </div>
      {changes.length > 0 && (
        <p className="guide-note" data-testid="guide-changed">
          {t('guide.changed', { keys: changes.slice(0, 6).join(', ') })}{' '}
          <button type="button" className="small" onClick={() => openChapter(chapter.number)}>
            {t('guide.restore')}
          </button>
        </p>
      )}
      <div aria-live="polite">
        {progress && <p className="guide-progress-line">{progress}</p>}
        {revealed && judgement && (
          <div className="guide-answer" data-testid="guide-answer" data-answer={judgement.answer} data-expected={q.expected}>
            {judgement.answer ? (
              <p>
                <strong>{t('guide.answer', { answer: optionText(judgement.answer) })}</strong>
              </p>
            ) : (
              <p>
                <strong>{t('guide.noOption')}</strong>
              </p>
            )}
            {chosen !== null && judgement.answer !== '' && <p>{chosen === judgement.answer ? t('guide.right') : t('guide.wrong', { answer: optionText(chosen) })}</p>}
            <p className="guide-measured" data-testid="guide-measured">
              {fill(text.measured, judgement.facts, lang, diverged)}
            </p>
            {judgement.answer !== q.expected && <p className="guide-note">{t('guide.unexpected', { expected: optionText(q.expected) })}</p>}
            <h4>{t('guide.why')}</h4>
            <p>
              <Rich text={text.explain} />
            </p>
          </div>
        )}
      </div>
    </section>
  );
}
