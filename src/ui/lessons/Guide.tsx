// The guided lessons' entry points in the page's bundle: the header's "Learn" button,
// chapter navigation, and the side column that holds the lesson panel. The panel itself
// (texts, formulas, KaTeX) loads only when a chapter is open (GuidePanel.tsx).
import { Component, lazy, type ReactNode, Suspense } from 'react';
import { CHAPTER_COUNT, chapterAt } from '../../lessons/chapters';
import { chapterQuery } from '../../lessons/chapterLinks';
import { loadProgress } from '../../lessons/progress';
import { useStore } from '../../store/store';
import { openQuery } from '../../url/urlSync';
import { Controls } from '../Controls';
import { useT } from '../useT';
import { t } from '../../i18n/i18n';

const GuidePanel = lazy(() => import('./GuidePanel'));

/** Set when a chapter is opened from the lesson itself (Next, a chapter's dot, PageDown): its title takes the focus. */
export const chapterFocus = { pending: false };

/** Opens chapter `n` with its runs (paused), in the page's language and view mode. */
export function openChapter(n: number, { focus = true } = {}): void {
  if (!chapterAt(n)) return;
  chapterFocus.pending = focus;
  const { view, setLessonFocus } = useStore.getState();
  setLessonFocus({ guideSide: 'lesson' });
  openQuery(chapterQuery(n, { lang: view.lang, present: view.present }));
}

/** The next or previous chapter of the open one; false when there is none. */
export function stepChapter(by: 1 | -1): boolean {
  const n = useStore.getState().view.guide + by;
  if (useStore.getState().view.guide === 0 || n < 1 || n > CHAPTER_COUNT) return false;
  openChapter(n);
  return true;
}

export function LearnButton() {
  const guide = useStore((s) => s.view.guide);
  const setView = useStore((s) => s.setView);
  const t = useT();
  return (
    <button
      type="button"
      aria-pressed={guide > 0}
      data-testid="learn"
      title={t(guide > 0 ? 'learn.close' : 'learn.hint')}
      onClick={() => {
        if (guide > 0) setView({ guide: 0 });
        else openChapter(Math.min(Math.max(loadProgress().last, 1), CHAPTER_COUNT), { focus: false });
      }}
    >
      {t('learn.button')}
    </button>
  );
}

/** The side column in a lesson: the lesson, or (on request) the settings with a way back. */
export function GuideSide() {
  const side = useStore((s) => s.guideSide);
  const present = useStore((s) => s.view.present);
  const setLessonFocus = useStore((s) => s.setLessonFocus);
  const t = useT();
  if (side === 'settings' && !present) {
    return (
      <aside className="sidebar guide-side" data-testid="controls">
        <button type="button" className="small guide-back" onClick={() => setLessonFocus({ guideSide: 'lesson' })}>
          {t('guide.backToLesson')}
        </button>
        <Controls />
      </aside>
    );
  }
  return (
    <aside className="sidebar guide-side" aria-label={t('guide.label')}>
      <Suspense fallback={<p className="guide-loading" role="status">{t('guide.loading')}</p>}>
        <GuidePanel />
      </Suspense>
    </aside>
  );
}

/** A lesson that fails to load (offline, a new deployment) says so in the column; the runs and charts go on. */
export class GuideBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  override render() {
    if (this.state.error === null) return this.props.children;
    const lang = useStore.getState().view.lang;
    return (
      <aside className="sidebar guide-side">
        <p className="guide-error" role="alert">
          {t(lang, 'guide.loadFailed', { error: this.state.error })}
        </p>
      </aside>
    );
  }
}
