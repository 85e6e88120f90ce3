// Each chapter's promise, on measured numbers: its runs, trained on the cpu backend as the
// page trains them, make its question's judge give the answer the chapter's text explains.
import { describe, expect, it } from 'vitest';
import { runConfigs } from '../core/runSet';
import { axisValues } from '../core/phase/grid';
import { phaseSweep } from '../core/phase/sweep';
import type { StepStats } from '../core/stepStats';
import { createTrainer } from '../core/trainer';
import { RunHistory } from '../store/history';
import { decodeUrl } from '../url/presetCodec';
import { packFrame } from '../worker/frames';
import { chapterChanges, chapterQuery, checkGuideLink } from './chapterLinks';
import { CHAPTER_IDS, CHAPTERS, type ChapterId } from './chapters';
import { answerFrom, type Evidence, QUESTIONS } from './questions';

/** Trains a run as the run loop does (a diverged run stops), into a history as the page keeps it. */
async function trainInto(config: Parameters<typeof createTrainer>[0], steps: number): Promise<RunHistory> {
  const trainer = createTrainer(config);
  const history = new RunHistory(trainer.numSites);
  const batch: StepStats[] = [];
  for (let i = 0; i < steps; i++) {
    const s = await trainer.step();
    batch.push(s);
    if (batch.length === 25 || s.health.status === 'diverged' || i === steps - 1) {
      history.appendFrame(packFrame(1, batch.splice(0), 0));
    }
    if (s.health.status === 'diverged') break;
  }
  trainer.dispose();
  return history;
}

/** What each chapter's explanation says of its numbers, beyond the answer. */
const CLAIMS: Partial<Record<ChapterId, (f: Record<string, number>) => void>> = {
  // "Theory says 4^(29/2) ≈ 5 × 10⁸, and the measurement is of that order."
  explodes: (f) => expect(Math.abs(Math.log10(f.ratio / 4 ** 14.5))).toBeLessThan(1),
  // Gain 2 explodes, Xavier vanishes (χ ≈ 1/2: about (1/2)^14.5 ≈ 4 × 10⁻⁵).
  'fix-init': (f) => {
    expect(f.a).toBeGreaterThan(1e6);
    expect(Math.abs(Math.log10(f.c / 0.5 ** 14.5))).toBeLessThan(1);
  },
  // "C's steps ... the loss grows without bound": C diverges; A is still on its way down.
  descent: (f) => {
    expect(Number.isNaN(f.c)).toBe(true);
    expect(f.a).toBeGreaterThan(1.3 * f.b);
  },
  // "A fits the training points almost exactly and its held-out loss is many times B's."
  overfitting: (f) => {
    expect(f.trainA).toBeLessThan(0.05);
    expect(f.testA).toBeGreaterThan(3 * f.testB);
    expect(f.trainB).toBeGreaterThan(f.trainA);
  },
  // "Clipping by norm ... usually trains better": B's loss below C's.
  'fix-clip': (f) => expect(f.lossB).toBeLessThan(f.lossC),
};

describe('guided lessons: chapters', () => {
  it('are numbered in order, each with a question whose expected answer is one of its options', () => {
    expect(CHAPTERS.map((c) => c.id)).toEqual([...CHAPTER_IDS]);
    CHAPTERS.forEach((c, i) => {
      expect(c.number).toBe(i + 1);
      const q = QUESTIONS[c.id];
      expect(q.options).toContain(q.expected);
      if (q.steps > 0) expect(q.runs).toBe(c.variants.length + 1);
    });
  });

  it('?guide=N alone opens chapter N with its runs, paused, and round-trips through its link', () => {
    for (const c of CHAPTERS) {
      const search = `guide=${c.number}`;
      const { decoded, warnings } = checkGuideLink(decodeUrl(search), search);
      expect(warnings).toEqual([]);
      expect(decoded.config).toEqual(c.config);
      expect(decoded.variants).toEqual(c.variants);
      expect(decoded.view.run).toBe(false);
      expect(decoded.view.page).toBe(c.page);
      expect(decoded.view.guide).toBe(c.number);
      const link = chapterQuery(c.number, { lang: 'zh-CN' });
      const again = checkGuideLink(decodeUrl(link), link).decoded;
      expect(again.view.lang).toBe('zh-CN');
      expect(chapterChanges(c, again.config, again.variants)).toEqual([]);
    }
  });

  it('a link to a chapter that does not exist opens the lab with a note; one that changes the runs keeps them', () => {
    const bad = checkGuideLink(decodeUrl('guide=99'), 'guide=99');
    expect(bad.decoded.view.guide).toBe(0);
    expect(bad.warnings.join()).toMatch(/guide=99/);
    const odd = decodeUrl('guide=two');
    expect(odd.view.guide).toBe(0);
    expect(odd.warnings.join()).toMatch(/guide/);
    // A link as the page writes it (v=1) keeps its runs as they are...
    const shared = `${chapterQuery(3)}&gain=1`;
    const kept = checkGuideLink(decodeUrl(shared), shared).decoded;
    expect(kept.config.initGain).toBe(1);
    expect(chapterChanges(CHAPTERS[2], kept.config, kept.variants)).toEqual(['gain']);
    // ...and a short one typed by hand is the chapter with what it changes, in the browser's language.
    const typed = 'guide=5&lr=0.1&run=1';
    const fixLr = checkGuideLink(decodeUrl(typed, { lang: 'zh-CN' }), typed).decoded;
    expect(fixLr.config).toEqual({ ...CHAPTERS[4].config, learningRate: 0.1 });
    expect(fixLr.variants).toEqual(CHAPTERS[4].variants);
    expect(fixLr.view.run).toBe(true);
    expect(fixLr.view.lang).toBe('zh-CN');
    expect(chapterChanges(CHAPTERS[4], fixLr.config, fixLr.variants)).toEqual(['lr']);
  });

  for (const chapter of CHAPTERS) {
    const q = QUESTIONS[chapter.id];
    if (q.steps === 0) continue;
    it(`${chapter.number} ${chapter.id}: its runs answer “${q.expected}” after ${q.steps} steps`, async () => {
      const configs = runConfigs(chapter.config, chapter.variants);
      const runs = [];
      for (const config of configs) runs.push({ config, history: await trainInto(config, q.steps) });
      const evidence: Evidence = { runs, phase: null };
      // A set with a run fewer cannot answer it.
      expect(answerFrom(q, { runs: runs.slice(1), phase: null })).toBe('mismatch');
      const judged = answerFrom(q, evidence);
      expect(judged, chapter.id).not.toBeNull();
      if (judged === null || judged === 'mismatch') throw new Error('no answer');
      expect(judged.answer, `${chapter.id}: ${JSON.stringify(judged.facts)}`).toBe(q.expected);
      expect(Object.keys(judged.facts).sort()).toEqual([...q.facts].sort());
      CLAIMS[chapter.id]?.(judged.facts);
    }, 120_000);
  }

  it('8 fix-optimizer: as Adam’s and RMSprop’s first layers move, their gradients recover; SGD’s stay vanished', async () => {
    const chapter = CHAPTERS.find((c) => c.id === 'fix-optimizer');
    if (!chapter) throw new Error('no chapter');
    const ratios = [];
    for (const config of runConfigs(chapter.config, chapter.variants)) {
      const h = await trainInto(config, 120);
      ratios.push(h.layerValue('preactGradNorm', h.length - 1, 0) / h.layerValue('preactGradNorm', h.length - 1, h.numLayers - 1));
    }
    expect(ratios[0]).toBeLessThan(1e-4);
    expect(ratios[1]).toBeGreaterThan(1e-2);
    expect(ratios[2]).toBeGreaterThan(1e-2);
  }, 120_000);

  it('the answer waits until every run has trained the steps the question needs (or diverged)', async () => {
    const chapter = CHAPTERS.find((c) => c.id === 'fix-lr');
    if (!chapter) throw new Error('no chapter');
    const [a, b] = runConfigs(chapter.config, chapter.variants);
    const diverging = { config: a, history: await trainInto(a, 200) };
    expect(diverging.history.lastStep).toBeLessThan(199);
    const short = { config: b, history: await trainInto(b, 5) };
    expect(answerFrom(QUESTIONS['fix-lr'], { runs: [diverging, short], phase: null })).toBeNull();
  }, 60_000);

  it('13 phase: at σ_b² = 0.05 the gradient stays level nearest the critical line, not at σ_w² = 1 or 3', () => {
    const chapter = CHAPTERS.find((c) => c.id === 'phase');
    if (!chapter?.phase) throw new Error('no phase chapter');
    // The chapter's grid, coarser (12 by 5 points over the same ranges), two seeds.
    const spec = { x: { ...chapter.phase.x, n: 12 }, y: { ...chapter.phase.y, n: 5 }, seeds: 2 };
    const cells = [];
    for (const progress of phaseSweep(chapter.config, spec)) cells.push(...progress.cells);
    const nx = spec.x.n;
    const grid = new Array(nx * spec.y.n).fill(null);
    for (const c of cells) grid[c.iy * nx + c.ix] = c;
    const judged = answerFrom(QUESTIONS.phase, { runs: [], phase: { xValues: axisValues(spec.x), yValues: axisValues(spec.y), cells: grid } });
    if (judged === null || judged === 'mismatch') throw new Error('no answer');
    expect(judged.answer, JSON.stringify(judged.facts)).toBe('critical');
    expect(judged.facts.xavier).toBeLessThan(0.1);
    expect(judged.facts.large).toBeGreaterThan(10);
  }, 120_000);
});
