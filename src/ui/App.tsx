// The page: header, settings on the left, run bar and health banner, then the charts.
import type { TrainingClient } from '../client/trainingClient';
import { DataPlot } from './charts/DataPlot';
import { GlobalNormChart } from './charts/GlobalNormChart';
import { GradientFlowChart } from './charts/GradientFlowChart';
import { HeatmapChart } from './charts/HeatmapChart';
import { LayerNormsChart } from './charts/LayerNormsChart';
import { LossChart } from './charts/LossChart';
import { UpdateRatioChart } from './charts/UpdateRatioChart';
import { Controls } from './Controls';
import { ExportMenu } from './ExportMenu';
import { Header } from './Header';
import { HealthBanner } from './HealthBanner';
import { RunBar } from './RunBar';

export function App({ client }: { client: TrainingClient }) {
  return (
    <div className="app">
      <Header>
        <ExportMenu />
      </Header>
      <div className="layout">
        <aside className="sidebar">
          <Controls />
        </aside>
        <main className="main">
          <RunBar client={client} />
          <HealthBanner client={client} />
          <div className="chart-grid">
            <GradientFlowChart />
            <LossChart />
            <LayerNormsChart />
            <HeatmapChart />
            <UpdateRatioChart />
            <GlobalNormChart />
            <DataPlot />
          </div>
        </main>
      </div>
    </div>
  );
}
