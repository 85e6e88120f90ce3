// The app's state: typed slices in one zustand store. Components read it through
// selectors (useStore(selector)); code outside React uses useStore.getState().
// A run set: `config` is run A's, `variants` the runs beside it (core/runSet.ts), and
// `runs` what each run has measured, A first. Each run's history is a mutable
// RunHistory (typed arrays); `historyVersion` changes once per animation frame at most. Charts do not subscribe to it: they follow it on
// their turns in the frame loop (ui/frameLoop.ts, ui/charts/live.ts).

import { create } from 'zustand';
import { DEFAULT_CONFIG, familySwitch, type ModelFamily, type RunConfig, sitesOf } from '../core/config';
import type { FixId } from '../core/fixes';
import type { FixTrial } from '../core/fixTrials';
import type { HealthStatus, HealthVerdict } from '../core/health';
import type { BackendInfo, BackendPreference, Frame, RunMeta } from '../protocol';
import { editRun, freeLetter, MAX_RUNS, MAX_VARIANT_NAME_LENGTH, promote, type RunLetter, runConfigs, type VariantSpec, variantConfig } from '../core/runSet';
import { DEFAULT_VIEW, type ViewOptions } from '../url/presetCodec';
import type { LookPart } from '../lessons/chapters';
import type { UrlNote } from '../url/notes';
import { RunHistory } from './history';

export type RunStatus = 'booting' | 'running' | 'paused' | 'error';

export interface Boundary {
  step: number;
  resolution: number;
  values: Float32Array;
}

export interface ConfigSlice {
  /** Run A's config. */
  config: RunConfig;
  /** The runs beside A (B, C, D), each A with a few fields changed. */
  variants: VariantSpec[];
  /** The run the controls edit: 0 for A, 1.. for the variants in order. */
  selectedRun: number;
  /** Preferred backend (the URL's backend=); the one running is in `backendInfo`. */
  backendPreference: BackendPreference;
  /** Edits the selected run (the data fields and the seed always go to A: every run shares them). */
  setConfig(patch: Partial<RunConfig>): void;
  /** Edits run `index` (0 = A). */
  setRunConfig(index: number, patch: Partial<RunConfig>): void;
  /** A new run set: A's config and its variants (none for a single run). */
  replaceConfig(config: RunConfig, variants?: VariantSpec[]): void;
  /** Adds a variant: run `from` (default: the selected one) with `patch`; selects it. Null when the set is full. */
  addVariant(patch?: Partial<RunConfig>, options?: { from?: number; name?: string }): number | null;
  removeVariant(index: number): void;
  /** Labels variant `index` (1-based); an empty name shows its letter. */
  nameVariant(index: number, name: string): void;
  /** Makes variant `index` run A (the old A takes its place). */
  promoteVariant(index: number): void;
  selectRun(index: number): void;
  setBackendPreference(backend: BackendPreference): void;
}

/** What one run of the set has measured. */
export interface RunState {
  letter: RunLetter;
  /** The worker's id of this run (new with every start). */
  runId: number;
  meta: RunMeta | null;
  history: RunHistory;
  health: HealthVerdict | null;
  stepsPerSecond: number;
  boundary: Boundary | null;
  /** The fixes the worker has tried ahead for its latest bad verdict, or null. */
  trials: FixTrialsState | null;
}

/** Fixes tried ahead for a verdict (core/fixTrials.ts): what is known so far. */
export interface FixTrialsState {
  status: HealthStatus;
  /** Every candidate, in the order tried. */
  candidates: FixId[];
  /** Those tried to the end, in the order tried. */
  results: FixTrial[];
  done: boolean;
}

/** A problem the error banner shows: a code for its words, and the detail (the browser's or tfjs's own message). */
export interface AppError {
  code: 'protocol' | 'workerStart' | 'workerCrash' | 'worker';
  detail: string;
  params?: Record<string, string | number>;
}

export interface RunSlice {
  status: RunStatus;
  runs: RunState[];
  /** Each run's history, A first: a new array only when a run starts (charts key on it). */
  histories: RunHistory[];
  backendInfo: BackendInfo | null;
  error: AppError | null;
  historyVersion: number;
  /** Bumped by "reset": the client starts a fresh run set with the same configs. */
  resetCount: number;
  /** A fresh set is starting: one entry per run, A first. */
  runsStarting(runs: { letter: RunLetter; runId: number; numLayers: number }[]): void;
  runStarted(meta: RunMeta): void;
  appendFrames(frames: Frame[]): void;
  setStatus(status: RunStatus): void;
  setBackendInfo(info: BackendInfo): void;
  setError(error: AppError | null): void;
  setBoundary(runId: number, boundary: Boundary): void;
  setFixTrials(runId: number, trials: FixTrialsState): void;
  reset(): void;
}

export type GradientView = 'delta' | 'weight';

export interface UiSlice {
  /** Steps per second; 0 = as fast as possible. */
  speed: number;
  /** Paused by the person (as opposed to paused by divergence). */
  wantsRunning: boolean;
  /** The tab is hidden: training waits (it resumes on return if the person wants it running). */
  tabHidden: boolean;
  gradientView: GradientView;
  highlightedLayer: number | null;
  /** A layer shown while the legend is hovered or focused (it wins over the highlighted one), or null. */
  previewLayer: number | null;
  setSpeed(speed: number): void;
  setWantsRunning(running: boolean): void;
  setGradientView(view: GradientView): void;
  setHighlightedLayer(layer: number | null): void;
  setPreviewLayer(layer: number | null): void;
  /** The chart a guided lesson points at, or null. */
  lessonLook: LookPart | null;
  /** The chart of the lesson's formula symbol under the pointer or focus, and the symbol, or null. */
  lessonSymbol: { sym: string; part: LookPart } | null;
  /** A gradient view shown while a lesson's symbol is hovered (it wins over `gradientView`), or null. */
  gradientPreview: GradientView | null;
  /** In a lesson, the side column shows the lesson or the settings. */
  guideSide: 'lesson' | 'settings';
  setLessonFocus(patch: Partial<Pick<UiSlice, 'lessonLook' | 'lessonSymbol' | 'gradientPreview' | 'previewLayer' | 'guideSide'>>): void;
  /**
   * The offline copy (client/offline.ts): `ready` once this version works with no network;
   * `update` reloads into a newer deployed version that is waiting, null while there is none.
   */
  offline: { ready: boolean; update: (() => void) | null };
}

/** How the page is shown (from the URL): presentation mode, embedding, hidden parts, lesson. */
export interface ViewSlice {
  view: Omit<ViewOptions, 'run'>;
  /** Corrections made to a hand-edited URL, shown until dismissed. */
  urlWarnings: UrlNote[];
  setView(patch: Partial<ViewSlice['view']>): void;
  setUrlWarnings(warnings: UrlNote[]): void;
}

export type AppState = ConfigSlice & RunSlice & UiSlice & ViewSlice;

const emptyRun = (letter: RunLetter, runId: number, numLayers: number): RunState => ({
  letter,
  runId,
  meta: null,
  history: new RunHistory(numLayers),
  health: null,
  stepsPerSecond: 0,
  boundary: null,
  trials: null,
});

const INITIAL_RUN = emptyRun('a', 0, sitesOf(DEFAULT_CONFIG));

/** Two verdicts that say the same thing (the banner then keeps the old object). */
const sameVerdict = (a: HealthVerdict | null, b: HealthVerdict) =>
  a !== null && a.status === b.status && a.layer === b.layer && a.since === b.since && a.reason === b.reason;

/** Every run's config, A first (the selected one is `selectedConfig`). */
/** The model family of the runs on screen (the config's until its runs start). */
export const familyOf = (s: Pick<AppState, 'runs' | 'config'>): ModelFamily => s.runs[0]?.meta?.config.model ?? s.config.model;
export const useFamily = (): ModelFamily => useStore(familyOf);
/** The gradient view the charts show: a lesson's preview while its symbol is hovered, else the person's choice. */
export const useShownGradientView = (): GradientView => useStore((s) => s.gradientPreview ?? s.gradientView);

export const selectRunConfigs = (s: Pick<AppState, 'config' | 'variants'>): RunConfig[] => runConfigs(s.config, s.variants);
/** The config of the run the controls edit. */
export const selectedConfig = (s: Pick<AppState, 'config' | 'variants' | 'selectedRun'>): RunConfig => {
  const v = s.variants[s.selectedRun - 1];
  return v ? variantConfig(s.config, v.patch) : s.config;
};
/** The index of the selected run among the runs now measured (the set may still be starting). */
export const shownRun = (s: Pick<AppState, 'selectedRun' | 'runs'>): number => Math.min(s.selectedRun, s.runs.length - 1);
/** The run a chart shows: `runs[index]`, or A's while the set is being rebuilt. */
export const runAt = (s: Pick<AppState, 'runs'>, index: number): RunState => s.runs[index] ?? s.runs[0];
/** The label of a run: its name, or its letter. */
export const runLabel = (letter: RunLetter, variants: readonly VariantSpec[]): string =>
  variants.find((v) => v.letter === letter)?.name || letter.toUpperCase();

export const useStore = create<AppState>()((set, get) => {
  /** A new state for the run with this runId (none: nothing happens). */
  const patchRun = (runId: number, patch: Partial<RunState>) => {
    const runs = get().runs;
    const index = runs.findIndex((r) => r.runId === runId);
    if (index < 0) return;
    const next = runs.slice();
    next[index] = { ...runs[index], ...patch };
    set({ runs: next });
  };
  return {
    // Config
    config: { ...DEFAULT_CONFIG },
    variants: [],
    selectedRun: 0,
    backendPreference: 'auto',
    setConfig: (patch) => get().setRunConfig(get().selectedRun, patch),
    setRunConfig: (index, patch) => {
      const { config, variants } = get();
      if (patch.model !== undefined) patch = { ...familySwitch(config, patch.model), ...patch };
      const next = editRun(config, variants, Math.min(index, variants.length), patch);
      set({ config: next.a, variants: next.variants });
    },
    replaceConfig: (config, variants = []) => set({ config: { ...config }, variants: variants.slice(0, MAX_RUNS - 1), selectedRun: 0 }),
    addVariant: (patch = {}, options = {}) => {
      const { config, variants, selectedRun } = get();
      const letter = freeLetter(variants);
      if (!letter) return null;
      const from = options.from ?? selectedRun;
      const base = from === 0 ? {} : (variants[from - 1]?.patch ?? {});
      const added: VariantSpec = { letter, name: options.name ?? '', patch: {} };
      const grown = [...variants, added];
      const index = grown.length;
      // The new run is `from`'s config with the patch, written as a patch of A.
      const edited = editRun(config, grown, index, { ...base, ...patch });
      set({ variants: edited.variants, selectedRun: index });
      return index;
    },
    removeVariant: (index) => {
      const { variants, selectedRun } = get();
      if (index < 1 || index > variants.length) return;
      set({ variants: variants.filter((_, i) => i !== index - 1), selectedRun: selectedRun === index ? 0 : selectedRun > index ? selectedRun - 1 : selectedRun });
    },
    nameVariant: (index, name) => {
      const { variants } = get();
      const clean = name.trim().slice(0, MAX_VARIANT_NAME_LENGTH);
      if (!variants[index - 1] || variants[index - 1].name === clean) return;
      set({ variants: variants.map((v, i) => (i === index - 1 ? { ...v, name: clean } : v)) });
    },
    promoteVariant: (index) => {
      const { config, variants } = get();
      if (index < 1 || index > variants.length) return;
      const next = promote(config, variants, index);
      set({ config: next.a, variants: next.variants, selectedRun: 0 });
    },
    selectRun: (index) => set({ selectedRun: Math.max(0, Math.min(index, get().variants.length)) }),
    setBackendPreference: (backendPreference) => set({ backendPreference }),

    // Run
    status: 'booting',
    runs: [INITIAL_RUN],
    histories: [INITIAL_RUN.history],
    backendInfo: null,
    error: null,
    historyVersion: 0,
    resetCount: 0,
    runsStarting: (runs) => {
      const next = runs.map((r) => emptyRun(r.letter, r.runId, r.numLayers));
      set({
        runs: next,
        histories: next.map((r) => r.history),
        historyVersion: get().historyVersion + 1,
        error: null,
        status: 'booting',
      });
    },
    runStarted: (meta) => {
      const runs = get().runs;
      const index = runs.findIndex((r) => r.runId === meta.runId);
      if (index < 0) return;
      const next = runs.slice();
      next[index] = { ...emptyRun(runs[index].letter, meta.runId, meta.numLayers), meta };
      set({ runs: next, histories: next.map((r) => r.history), historyVersion: get().historyVersion + 1 });
    },
    appendFrames: (frames) => {
      const runs = get().runs;
      let next: RunState[] | null = null;
      for (const frame of frames) {
        const index = runs.findIndex((r) => r.runId === frame.runId);
        if (index < 0) continue;
        const run = (next ?? runs)[index];
        if (frame.numLayers !== run.history.numLayers) continue;
        run.history.appendFrame(frame);
        next ??= runs.slice();
        // Keep the verdict object while it says the same thing, so the banner does not
        // re-render on every frame.
        next[index] = {
          ...run,
          health: sameVerdict(run.health, frame.health) ? run.health : frame.health,
          stepsPerSecond: frame.stepsPerSecond,
        };
      }
      if (!next) return;
      set({ runs: next, historyVersion: get().historyVersion + 1 });
    },
    setStatus: (status) => set({ status }),
    setBackendInfo: (backendInfo) => set({ backendInfo }),
    setError: (error) => set({ error }),
    setBoundary: (runId, boundary) => patchRun(runId, { boundary }),
    setFixTrials: (runId, trials) => patchRun(runId, { trials }),
    reset: () => set({ resetCount: get().resetCount + 1 }),

    // UI
    speed: 0,
    wantsRunning: true,
    tabHidden: false,
    gradientView: 'delta',
    highlightedLayer: null,
    previewLayer: null,
    setSpeed: (speed) => set({ speed }),
    setWantsRunning: (wantsRunning) => set({ wantsRunning }),
    setGradientView: (gradientView) => set({ gradientView }),
    setHighlightedLayer: (highlightedLayer) => set({ highlightedLayer }),
    setPreviewLayer: (previewLayer) => set({ previewLayer }),
    lessonLook: null,
    lessonSymbol: null,
    gradientPreview: null,
    guideSide: 'lesson',
    setLessonFocus: (patch) => set(patch),
    offline: { ready: false, update: null },

    // View
    view: { present: DEFAULT_VIEW.present, embed: DEFAULT_VIEW.embed, hide: [], charts: [], lesson: '', preset: '', page: DEFAULT_VIEW.page, phase: DEFAULT_VIEW.phase, lang: DEFAULT_VIEW.lang, guide: 0 },
    urlWarnings: [],
    setView: (patch) => set({ view: { ...get().view, ...patch } }),
    setUrlWarnings: (urlWarnings) => set({ urlWarnings }),
  };
});
