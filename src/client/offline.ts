// The service worker vite-plugin-pwa builds (Workbox, vite.config.ts): after the first
// visit the page, its scripts, the wasm binaries and fonts come from the cache, so the lab
// works with no network. A newer deployment installs in the background and waits; the
// page offers to reload into it (ui/UpdatePrompt.tsx) rather than switching under a lesson.
import { registerSW } from 'virtual:pwa-register';
import { useStore } from '../store/store';

export function startOffline(): void {
  if (!('serviceWorker' in navigator)) return;
  const updateSW = registerSW({
    onOfflineReady: () => useStore.setState((s) => ({ offline: { ...s.offline, ready: true } })),
    onNeedRefresh: () => useStore.setState((s) => ({ offline: { ...s.offline, update } })),
  });
  // Workbox reloads once the new version takes over a page it already served; a first
  // visit's page (not served by a worker when it registered) reloads on the same change.
  const update = () => {
    navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
    void updateSW(true);
  };
}
