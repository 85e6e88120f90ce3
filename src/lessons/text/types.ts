// The shape of a language's lesson texts (src/lessons/text/en.ts and zh-CN.ts). They load
// with the lesson panel, not with the page. src/lessons/text/texts.test.ts checks that
// both languages have every chapter, caption, symbol, option and placeholder.
import type { ChapterId } from '../chapters';
import type { SymbolId } from '../formulas';

export interface ChapterText {
  title: string;
  /** Paragraphs; $...$ is inline TeX. */
  body: string[];
  /** One caption per formula of the chapter (FORMULAS[id]), in order. */
  formulas: string[];
  /** What each symbol of the chapter's formulas stands for on screen. */
  symbols: Partial<Record<SymbolId, string>>;
  /** Where to look, in the chart the chapter points at. */
  look: string;
  question: string;
  /** The question's options (QUESTIONS[id].options). */
  options: Record<string, string>;
  /** What the runs measured: {placeholders} are the question's facts. */
  measured: string;
  /** Why it happens: shown with the runs' answer. */
  explain: string;
  /** Questions and answers (the FAQ chapter). */
  faq?: { q: string; a: string }[];
}

export type LessonTexts = Record<ChapterId, ChapterText>;
