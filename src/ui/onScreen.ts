// Whether a chart card is on screen. A chart whose card is out of view (scrolled past,
// below the fold: with four runs most small multiples are) takes no turns in the frame
// loop, so the page does not lay out, paint and raster what nobody sees; when the card
// comes near the viewport again it takes its turn at once and draws what it missed (the
// charts' tasks compare what they drew with the history, so nothing is lost).
//
// "Near": within a tenth of a viewport above or below, so that a chart scrolled to is drawn
// before it shows. One IntersectionObserver serves every card. Where there is none
// (unit tests, old browsers) every card counts as on screen. Before printing, all are.

import { createContext, type RefObject, useContext, useEffect, useRef } from 'react';
import { frameLoop } from './frameLoop';

export interface OnScreen {
  /** Read by the frame loop before each turn. */
  readonly visible: boolean;
}

/** Outside a card (the run table, presentation slides without cards): always drawn. */
export const ALWAYS_ON_SCREEN: OnScreen = { visible: true };

export const CardOnScreen = createContext<OnScreen>(ALWAYS_ON_SCREEN);

/** The OnScreen of the chart card around the calling component. */
export function useOnScreen(): OnScreen {
  return useContext(CardOnScreen);
}

type Watch = { visible: boolean };
const watched = new Map<Element, Watch>();
let observer: IntersectionObserver | null = null;

function sharedObserver(): IntersectionObserver | null {
  if (typeof IntersectionObserver === 'undefined') return null;
  observer ??= new IntersectionObserver(
    (entries) => {
      let cameIntoView = false;
      for (const entry of entries) {
        const w = watched.get(entry.target);
        if (!w) continue;
        if (entry.isIntersecting && !w.visible) cameIntoView = true;
        w.visible = entry.isIntersecting;
      }
      if (cameIntoView) frameLoop.wake();
    },
    { rootMargin: '10% 0px 10% 0px' },
  );
  return observer;
}

/** Printing shows every chart: each is brought up to date first, whatever the budget. */
function drawAllForPrint(): void {
  for (const w of watched.values()) w.visible = true;
  for (let i = 0; i < 200; i++) frameLoop.runFrame();
}
/** After printing, the observer says again which cards are in view (a new observation reports each at once). */
function observeAgain(): void {
  if (!observer) return;
  for (const el of watched.keys()) {
    observer.unobserve(el);
    observer.observe(el);
  }
}
if (typeof window !== 'undefined') {
  window.addEventListener('beforeprint', drawAllForPrint);
  window.addEventListener('afterprint', observeAgain);
}

/**
 * Watches `ref`'s element (a chart card) and returns its OnScreen, to provide through
 * CardOnScreen. It starts visible, so the first draw never waits for the observer.
 */
export function useWatchOnScreen(ref: RefObject<Element | null>): OnScreen {
  const state = useRef<Watch>({ visible: true });
  useEffect(() => {
    const el = ref.current;
    const io = sharedObserver();
    if (!el || !io) return;
    const w = state.current;
    watched.set(el, w);
    io.observe(el);
    return () => {
      io.unobserve(el);
      watched.delete(el);
      if (!w.visible) {
        w.visible = true;
        frameLoop.wake();
      }
    };
  }, [ref]);
  return state.current;
}
