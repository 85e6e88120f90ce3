// What a person has done in the guided lessons, kept in this browser (localStorage): the
// chapter they were last on and which questions they answered, and whether right. A
// browser that refuses storage (private mode, a sandboxed frame) simply forgets.

import { useSyncExternalStore } from 'react';
import type { ChapterId } from './chapters';

export interface GuideProgress {
  /** The chapter last open (1-based), 0 for none yet. */
  last: number;
  /** Chapters whose question was answered: true when the person's answer was the runs'. */
  answered: Partial<Record<ChapterId, boolean>>;
}

const KEY = 'gradscope.guide.v1';

let cached: GuideProgress | null = null;
const listeners = new Set<() => void>();

export function loadProgress(): GuideProgress {
  if (cached) return cached;
  cached = readProgress();
  return cached;
}

function readProgress(): GuideProgress {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<GuideProgress> | null;
    return {
      last: typeof raw?.last === 'number' && Number.isInteger(raw.last) ? raw.last : 0,
      answered: raw?.answered && typeof raw.answered === 'object' ? raw.answered : {},
    };
  } catch {
    return { last: 0, answered: {} };
  }
}

export function saveProgress(patch: Partial<GuideProgress>): GuideProgress {
  const next = { ...loadProgress(), ...patch };
  cached = next;
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage refused: progress lasts as long as the page.
  }
  for (const l of listeners) l();
  return next;
}

/** The progress, for components: re-renders when it changes. */
export function useProgress(): GuideProgress {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    loadProgress,
  );
}
