// Boot: URL -> store, then the training client (worker and run) and the phase-diagram client, the offline copy, then the page.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startOffline } from './client/offline';
import { createPhaseClient } from './client/phaseClient';
import { createTrainingClient } from './client/trainingClient';
import { useStore } from './store/store';
import { App } from './ui/App';
import { frameLoop } from './ui/frameLoop';
import { applyQuery, startUrlSync } from './url/urlSync';
import './ui/styles.css';

applyQuery(window.location.search);
startUrlSync();
// The document speaks the page's language (screen readers, fonts, line breaking).
const setDocumentLang = () => {
  document.documentElement.lang = useStore.getState().view.lang;
};
setDocumentLang();
useStore.subscribe((s, prev) => s.view.lang !== prev.view.lang && setDocumentLang());
// Frames from the worker land at the start of the frame loop's frame, inside its budget.
const client = createTrainingClient(undefined, frameLoop.first);
// The phase-diagram worker starts when the phase diagram is first opened.
const phase = createPhaseClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
startOffline();
createRoot(root).render(
  <StrictMode>
    <App client={client} phase={phase} />
  </StrictMode>,
);
