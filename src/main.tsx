// Boot: render the app, then start the training client (the worker and its run).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createTrainingClient } from './client/trainingClient';
import { App } from './ui/App';
import './ui/styles.css';

const client = createTrainingClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
