import { runAt, useStore } from '../store/store';

/** Run `run`'s history (0 = A); re-renders when a frame lands (at most once per animation frame). */
export function useHistory(run = 0) {
  const history = useStore((s) => runAt(s, run).history);
  const version = useStore((s) => s.historyVersion);
  return { history, version };
}
