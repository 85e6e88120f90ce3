// A chapter's question: the options, play, and the answer the runs give once they have
// trained what it needs, with the numbers they measured and why.
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { runConfigs } from '../../core/runSet';
import { formatNumber, type Lang } from '../../i18n/i18n';
import type { Chapter } from '../../lessons/chapters';
import { chapterChanges } from '../../lessons/chapterLinks';
import { loadProgress, saveProgress } from '../../lessons/progress';
import { answerFrom, type Evidence, type Judgement, QUESTIONS } from '../../lessons/questions';
import type { ChapterText } from '../../lessons/text/types';
import { usePhaseStore } from '../../store/phaseStore';
import { useStore } from '../../store/store';
import { useLang, useT } from '../useT';
import { openChapter } from './Guide';
import { Rich } from './Rich';

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** A measured number as the lesson names it: 5.9 × 10⁸ beyond four decades, "diverged" for NaN. */
export function formatFact(lang: Lang, value: number, diverged: string): string {
  if (Number.isNaN(value)) return diverged;
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
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

export function QuestionBox({ chapter, text }: { chapter: Chapter; text: ChapterText }) {
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
