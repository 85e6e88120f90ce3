// A chart's text alternative: a sentence of what it shows now (summaries.ts), for the
// selected run, refreshed every few seconds rather than on every step. The first chart's
// is a polite live region (a screen reader says it when it changes, between other
// speech); the others are read when reached.
import { useEffect, useState } from 'react';
import type { ModelFamily } from '../../core/config';
import { runAt, runLabel, shownRun, useStore } from '../../store/store';
import type { HideablePart } from '../../url/presetCodec';
import { useLang } from '../useT';
import { chartSummary } from './summaries';

/** How often the sentence is brought up to date. */
export const SUMMARY_EVERY_MS = 5000;

export function ChartSummary({ part, family, live }: { part: HideablePart; family: ModelFamily; live: boolean }) {
  const lang = useLang();
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    const update = () => {
      const s = useStore.getState();
      const run = shownRun(s);
      const sentence = chartSummary(part, runAt(s, run).history, lang, family);
      const who = s.runs.length > 1 && sentence ? `${runLabel(s.runs[run]?.letter ?? 'a', s.variants)}: ` : '';
      setText(sentence === null ? null : `${who}${sentence}`);
    };
    update();
    const timer = setInterval(update, SUMMARY_EVERY_MS);
    return () => clearInterval(timer);
  }, [part, lang, family]);
  if (text === null) return null;
  return (
    <p className="visually-hidden" aria-live={live ? 'polite' : undefined} data-testid={`summary-${part}`}>
      {text}
    </p>
  );
}
