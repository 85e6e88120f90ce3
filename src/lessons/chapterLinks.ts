// Links to the guided lessons' chapters. ?guide=N opens chapter N with its own runs,
// paused (the chapter asks its question before play); a shared link keeps the runs it
// carries, and the chapter's question is then answered by those runs.

import type { RunConfig } from '../core/config';
import type { VariantSpec } from '../core/runSet';
import { Notes, note } from '../url/notes';
import { type DecodedUrl, decodeUrl, encodeUrl, type ViewOptions } from '../url/presetCodec';
import { type Chapter, CHAPTER_COUNT, chapterAt } from './chapters';

/** The query that opens chapter `n` with its runs, paused; `view` keeps the page's language and presentation mode. */
export function chapterQuery(n: number, view: Partial<ViewOptions> = {}): string {
  const chapter = chapterAt(n);
  if (!chapter) throw new Error(`no chapter ${n}`);
  return encodeUrl(chapter.config, {
    variants: chapter.variants,
    view: { lang: view.lang, present: view.present, guide: n, run: false, page: chapter.page, ...(chapter.phase ? { phase: chapter.phase } : {}) },
  });
}

/**
 * What a link's guide= means: a chapter that exists (or 0, with a note, for one that does
 * not). A link as the page writes it (with v=) keeps its runs as they are; a short one
 * (?guide=N, or ?guide=N&lr=0.1 typed by a teacher) is the chapter's link with the
 * link's own keys on top: the chapter's runs and page, paused, with what the link changes.
 */
export function checkGuideLink(decoded: DecodedUrl, search: string): { decoded: DecodedUrl; warnings: Notes } {
  const warnings = new Notes();
  const n = decoded.view.guide;
  if (n === 0) return { decoded, warnings };
  if (!chapterAt(n)) {
    note(warnings, 'unknownGuide', { n: String(n), count: String(CHAPTER_COUNT) });
    return { decoded: { ...decoded, view: { ...decoded.view, guide: 0 } }, warnings };
  }
  const link = new URLSearchParams(search.replace(/^\?/, ''));
  if (link.has('v')) return { decoded, warnings };
  const merged = new URLSearchParams(chapterQuery(n));
  // The language is the link's, or the browser's (decoded already chose).
  merged.delete('lang');
  for (const [key, value] of link) merged.set(key, value);
  return { decoded: decodeUrl(merged.toString(), { lang: decoded.view.lang }), warnings };
}

/** The settings (URL keys) where the runs on screen differ from chapter's; empty when they are its own. */
export function chapterChanges(chapter: Chapter, config: RunConfig, variants: readonly VariantSpec[]): string[] {
  const runsOf = (c: RunConfig, v: readonly VariantSpec[]) => new URLSearchParams(encodeUrl(c, { variants: v }));
  const lesson = runsOf(chapter.config, chapter.variants);
  const shown = runsOf(config, variants);
  const changed: string[] = [];
  for (const key of new Set([...lesson.keys(), ...shown.keys()])) {
    if (key.endsWith('.name') || key === 'backend') continue;
    if (lesson.get(key) !== shown.get(key)) changed.push(key);
  }
  return changed;
}
