import { useStore } from '../store/store';

/** The run history; re-renders when a frame lands (at most once per animation frame). */
export function useHistory() {
  const history = useStore((s) => s.history);
  const version = useStore((s) => s.historyVersion);
  return { history, version };
}
