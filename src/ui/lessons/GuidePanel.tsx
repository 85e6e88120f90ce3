// The open chapter of the guided lessons: its text with the formulas typeset (KaTeX), the
// symbols tied to the charts, the chart to look at, and a question to answer before
// pressing play, answered by the runs themselves once they have trained enough. Loaded
// lazily (with KaTeX and the lesson texts) when a chapter opens.
import 'katex/dist/katex.min.css';
import './guide.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Lang } from '../../i18n/i18n';
import { CHAPTER_COUNT, CHAPTERS, type Chapter } from '../../lessons/chapters';
import { chapterQuery } from '../../lessons/chapterLinks';
import { FORMULAS, SYMBOLS, type SymbolId } from '../../lessons/formulas';
import { saveProgress, useProgress } from '../../lessons/progress';
import type { ChapterText, LessonTexts } from '../../lessons/text/types';
import { useStore } from '../../store/store';
import { useLang, useT } from '../useT';
import { chapterFocus, openChapter } from './Guide';
import { QuestionBox } from './GuideQuestion';
import { Rich, tex } from './Rich';

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

