// The page: header, settings on the left, run bar and health banner, then the charts.
import type { TrainingClient } from '../client/trainingClient';
import { LossChart } from './charts/LossChart';
import { Controls } from './Controls';
import { Header } from './Header';
import { HealthBanner } from './HealthBanner';
import { RunBar } from './RunBar';

export function App({ client }: { client: TrainingClient }) {
  return (
    <div className="app">
      <Header />
      <div className="layout">
        <aside className="sidebar">
          <Controls />
        </aside>
        <main className="main">
          <RunBar client={client} />
          <HealthBanner client={client} />
          <div className="chart-grid">
            <LossChart />
          </div>
        </main>
      </div>
    </div>
  );
}
