// The app's state: typed slices in one zustand store. Components read it through
// selectors (useStore(selector)); code outside React uses useStore.getState().
// The run history is a mutable RunHistory (typed arrays); `historyVersion` changes
// once per animation frame at most. Charts do not subscribe to it: they follow it on
// their turns in the frame loop (ui/frameLoop.ts, ui/charts/live.ts).

import { create } from 'zustand';
import { DEFAULT_CONFIG, type RunConfig } from '../core/config';
import type { HealthVerdict } from '../core/health';
import type { BackendInfo, BackendPreference, Frame, RunMeta } from '../protocol';
import { DEFAULT_VIEW, type ViewOptions } from '../url/presetCodec';
import { RunHistory } from './history';

export type RunStatus = 'booting' | 'running' | 'paused' | 'error';

export interface Boundary {
  step: number;
  resolution: number;
  values: Float32Array;
}

export interface ConfigSlice {
  config: RunConfig;
  /** Preferred backend (the URL's backend=); the one running is in `backendInfo`. */
  backendPreference: BackendPreference;
  setConfig(patch: Partial<RunConfig>): void;
  replaceConfig(config: RunConfig): void;
  setBackendPreference(backend: BackendPreference): void;
}

export interface RunSlice {
  status: RunStatus;
  runId: number;
  meta: RunMeta | null;
  backendInfo: BackendInfo | null;
  stepsPerSecond: number;
  health: HealthVerdict | null;
  error: string | null;
  boundary: Boundary | null;
  history: RunHistory;
  historyVersion: number;
  /** Bumped by "reset": the client starts a fresh run with the same config. */
  resetCount: number;
  runStarted(meta: RunMeta): void;
  appendFrames(frames: Frame[]): void;
  setStatus(status: RunStatus): void;
  setBackendInfo(info: BackendInfo): void;
  setError(message: string | null): void;
  setBoundary(boundary: Boundary): void;
  reset(): void;
}

export type GradientView = 'delta' | 'weight';

export interface UiSlice {
  /** Steps per second; 0 = as fast as possible. */
  speed: number;
  /** Paused by the person (as opposed to paused by divergence). */
  wantsRunning: boolean;
  gradientView: GradientView;
  highlightedLayer: number | null;
  /** A layer shown while the legend is hovered or focused (it wins over the highlighted one), or null. */
  previewLayer: number | null;
  setSpeed(speed: number): void;
  setWantsRunning(running: boolean): void;
  setGradientView(view: GradientView): void;
  setHighlightedLayer(layer: number | null): void;
  setPreviewLayer(layer: number | null): void;
}

/** How the page is shown (from the URL): presentation mode, embedding, hidden parts, lesson. */
export interface ViewSlice {
  view: Omit<ViewOptions, 'run'>;
  /** Corrections made to a hand-edited URL, shown until dismissed. */
  urlWarnings: string[];
  setView(patch: Partial<ViewSlice['view']>): void;
  setUrlWarnings(warnings: string[]): void;
}

export type AppState = ConfigSlice & RunSlice & UiSlice & ViewSlice;

export const useStore = create<AppState>()((set, get) => ({
  // Config
  config: { ...DEFAULT_CONFIG },
  backendPreference: 'auto',
  setConfig: (patch) => set({ config: { ...get().config, ...patch } }),
  replaceConfig: (config) => set({ config: { ...config } }),
  setBackendPreference: (backendPreference) => set({ backendPreference }),

  // Run
  status: 'booting',
  runId: 0,
  meta: null,
  backendInfo: null,
  stepsPerSecond: 0,
  health: null,
  error: null,
  boundary: null,
  history: new RunHistory(DEFAULT_CONFIG.depth + 1),
  historyVersion: 0,
  resetCount: 0,
  runStarted: (meta) =>
    set({
      runId: meta.runId,
      meta,
      history: new RunHistory(meta.numLayers),
      historyVersion: get().historyVersion + 1,
      health: null,
      error: null,
      boundary: null,
      stepsPerSecond: 0,
    }),
  appendFrames: (frames) => {
    const { history, runId } = get();
    let last: Frame | null = null;
    for (const frame of frames) {
      if (frame.runId !== runId || frame.numLayers !== history.numLayers) continue;
      history.appendFrame(frame);
      last = frame;
    }
    if (!last) return;
    // Keep the verdict object while it says the same thing, so the banner does not
    // re-render on every frame.
    const prev = get().health;
    const next = last.health;
    const same =
      prev !== null && prev.status === next.status && prev.layer === next.layer && prev.since === next.since && prev.reason === next.reason;
    set({ historyVersion: get().historyVersion + 1, health: same ? prev : next, stepsPerSecond: last.stepsPerSecond });
  },
  setStatus: (status) => set({ status }),
  setBackendInfo: (backendInfo) => set({ backendInfo }),
  setError: (error) => set({ error }),
  setBoundary: (boundary) => set({ boundary }),
  reset: () => set({ resetCount: get().resetCount + 1 }),

  // UI
  speed: 0,
  wantsRunning: true,
  gradientView: 'delta',
  highlightedLayer: null,
  previewLayer: null,
  setSpeed: (speed) => set({ speed }),
  setWantsRunning: (wantsRunning) => set({ wantsRunning }),
  setGradientView: (gradientView) => set({ gradientView }),
  setHighlightedLayer: (highlightedLayer) => set({ highlightedLayer }),
  setPreviewLayer: (previewLayer) => set({ previewLayer }),

  // View
  view: { present: DEFAULT_VIEW.present, embed: DEFAULT_VIEW.embed, hide: [], lesson: '', preset: '' },
  urlWarnings: [],
  setView: (patch) => set({ view: { ...get().view, ...patch } }),
  setUrlWarnings: (urlWarnings) => set({ urlWarnings }),
}));
