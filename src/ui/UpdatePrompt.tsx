// The offline copy speaks up twice: once when this version works with no network, and
// when a newer deployed version waits (reload into it, or keep the lesson going).
import { useEffect, useState } from 'react';
import { useStore } from '../store/store';
import { useT } from './useT';

/** How long "works offline" stays on screen. */
const READY_MS = 8000;

export function UpdatePrompt() {
  const t = useT();
  const { ready, update } = useStore((s) => s.offline);
  const [later, setLater] = useState(false);
  const [readyShown, setReadyShown] = useState(false);
  useEffect(() => {
    if (!ready) return;
    setReadyShown(true);
    const timer = setTimeout(() => setReadyShown(false), READY_MS);
    return () => clearTimeout(timer);
  }, [ready]);
  if (update && !later) {
    return (
      <div className="app-toast" role="alert" data-testid="update-prompt">
        <span>{t('offline.update')}</span>
        <button type="button" className="primary" onClick={update}>
          {t('offline.reload')}
        </button>
        <button type="button" onClick={() => setLater(true)}>
          {t('offline.later')}
        </button>
      </div>
    );
  }
  return (
    <div className="app-toast-status" role="status" data-testid="offline-ready" data-ready={ready}>
      {readyShown && (
        <div className="app-toast">
          <span>{t('offline.ready')}</span>
          <button type="button" className="small" onClick={() => setReadyShown(false)}>
            {t('offline.dismiss')}
          </button>
        </div>
      )}
    </div>
  );
}
