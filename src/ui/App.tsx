// The page: header, settings on the left, run bar and health banner, then the charts.
// The URL's view options shape it: presentation mode, embed (no chrome), hidden parts.
import { type CSSProperties, type ReactNode, useRef } from 'react';
import type { PhaseClient } from '../client/phaseClient';
import type { TrainingClient } from '../client/trainingClient';
import type { ModelFamily } from '../core/config';
import { useFamily, useStore } from '../store/store';
import type { HideablePart } from '../url/presetCodec';
import { ChartSummary } from './charts/ChartSummary';
import { DataPlot } from './charts/DataPlot';
import { GlobalNormChart } from './charts/GlobalNormChart';
import { GradientFlowChart } from './charts/GradientFlowChart';
import { HeatmapChart } from './charts/HeatmapChart';
import { LayerNormsChart } from './charts/LayerNormsChart';
import { LossChart } from './charts/LossChart';
import { GroupRatioChart, SpectralChart, TimeFlowChart } from './charts/RecurrentCharts';
import { UpdateRatioChart } from './charts/UpdateRatioChart';
import { CopyLinkButton, LessonPanel, NothingShownNotice, PresentButton, PresetMenu, UrlNotice, useKeyboardShortcuts } from './Classroom';
import { Controls } from './Controls';
import { ExportMenu } from './ExportMenu';
import { BackendNotice, Header } from './Header';
import { HealthBanner } from './HealthBanner';
import { LossLog } from './LossLog';
import { PageSwitch } from './PageSwitch';
import { PhaseView } from './phase/PhaseView';
import { ShowCodeButton } from './ShowCode';
import { RunBar } from './RunBar';
import { RunTable } from './RunTable';
import { GuideBoundary, GuideSide, LearnButton } from './lessons/Guide';
import { QrButton } from './QrCode';
import { UpdatePrompt } from './UpdatePrompt';
import { PresentChartsMenu } from './PresentCharts';
import { CardOnScreen, useWatchOnScreen } from './onScreen';
import { presentedCharts, usePresentSizes } from './presentation';
import { useT } from './useT';

type ChartList = { id: HideablePart; render: () => ReactNode }[];

/** Each model family's charts, in page order (the per-site ones speak of layers or time steps); the ids are CHART_PARTS_OF's. */
export const CHARTS: Record<ModelFamily, ChartList> = {
  mlp: [
    { id: 'flow', render: () => <GradientFlowChart /> },
    { id: 'loss', render: () => <LossChart /> },
    { id: 'layer-norms', render: () => <LayerNormsChart /> },
    { id: 'heatmap', render: () => <HeatmapChart /> },
    { id: 'update-ratio', render: () => <UpdateRatioChart /> },
    { id: 'global-norm', render: () => <GlobalNormChart /> },
    { id: 'data', render: () => <DataPlot /> },
  ],
  rnn: [
    { id: 'flow', render: () => <TimeFlowChart /> },
    { id: 'loss', render: () => <LossChart /> },
    { id: 'heatmap', render: () => <HeatmapChart /> },
    { id: 'spectral', render: () => <SpectralChart /> },
    { id: 'global-norm', render: () => <GlobalNormChart /> },
    { id: 'update-ratio', render: () => <GroupRatioChart /> },
    { id: 'layer-norms', render: () => <LayerNormsChart /> },
  ],
};

export function App({ client, phase }: { client: TrainingClient; phase: PhaseClient }) {
  useKeyboardShortcuts(client);
  const view = useStore((s) => s.view);
  const depth = useStore((s) => s.config.depth);
  // The charts follow the family of the runs on screen (a switch shows the new charts once its runs start).
  const family = useFamily();
  const runCount = useStore((s) => s.runs.length);
  const hidden = new Set<string>(view.hide);
  const chrome = !view.embed;
  // A guided lesson takes the side column (in presentation mode too); its settings are a click away.
  const guided = chrome && view.guide > 0;
  const showControls = chrome && !view.present && !hidden.has('controls') && !guided;
  const classes = ['app', view.present ? 'present' : '', view.embed ? 'embed' : '', showControls || guided ? '' : 'no-sidebar', guided ? 'guided' : ''].filter(Boolean).join(' ');
  const onPhase = view.page === 'phase';
  // Presentation mode sizes type and lines from the screen's height (presentation.ts).
  const sizes = usePresentSizes();
  const style = sizes ? ({ '--base-size': `${sizes.base}px`, '--chart-font': `${sizes.chartFont}px`, '--line-scale': String(sizes.lineScale) } as CSSProperties) : undefined;
  return (
    <div className={classes} style={style} data-testid="app" data-run-count={runCount} data-model={family} data-page={view.page}>
      {chrome && !hidden.has('header') && (
        <Header>
          <PageSwitch />
          <LearnButton />
          <PresetMenu />
          <CopyLinkButton />
          <QrButton />
          <PresentButton />
          {view.present && !onPhase && <PresentChartsMenu />}
          {!view.present && !onPhase && <ShowCodeButton />}
          {!view.present && !onPhase && <ExportMenu />}
        </Header>
      )}
      <div className="layout">
        {showControls && (
          <aside className="sidebar" data-testid="controls">
            <Controls />
          </aside>
        )}
        {guided && (
          <GuideBoundary>
            <GuideSide />
          </GuideBoundary>
        )}
        <main className="main">
          <UrlNotice />
          <LessonPanel />
          {onPhase ? (
            <PhaseView client={phase} />
          ) : (
            <LabMain client={client} family={family} depth={depth} runCount={runCount} hidden={hidden} present={view.present} picked={view.charts} />
          )}
        </main>
      </div>
      {chrome && <UpdatePrompt />}
    </div>
  );
}

interface LabMainProps {
  client: TrainingClient;
  family: ModelFamily;
  depth: number;
  runCount: number;
  hidden: Set<string>;
  /** Presentation mode: only the picked charts (2 to 4), filling the screen. */
  present: boolean;
  picked: HideablePart[];
}

/** The lab: the run bar, the health banner, the runs' table and the charts. */
function LabMain({ client, family, depth, runCount, hidden, present, picked }: LabMainProps) {
  // A lesson's chart comes first and is marked; the chart of the formula symbol under the pointer is lit.
  const look = useStore((s) => s.lessonLook);
  const symbolPart = useStore((s) => s.lessonSymbol?.part ?? null);
  const t = useT();
  const charts = present
    ? presentedCharts(family, picked, hidden, look).flatMap((id) => CHARTS[family].filter((c) => c.id === id))
    : lessonOrder(CHARTS[family], look).filter((c) => !hidden.has(c.id));
  return (
    <>
          <NothingShownNotice />
          <BackendNotice />
          {!hidden.has('runbar') && <RunBar client={client} />}
          <HealthBanner client={client} />
          <RunTable />
          <div className="chart-grid" data-count={present ? charts.length : undefined}>
            {!present && family === 'mlp' && depth === 0 && runCount === 1 && <LossLog />}
            {charts.map((c, i) => (
              <ChartSlot key={c.id} id={c.id} look={c.id === look} symHot={c.id === symbolPart}>
                {c.id === look && <span className="look-badge">{t('guide.lookHere')}</span>}
                {c.render()}
                <ChartSummary part={c.id} family={family} live={i === 0} />
              </ChartSlot>
            ))}
          </div>
    </>
  );
}

/** One chart's place in the grid; the chart inside draws only while it is on screen (ui/onScreen.ts). */
function ChartSlot({ id, look, symHot, children }: { id: HideablePart; look: boolean; symHot: boolean; children: ReactNode }) {
  const slot = useRef<HTMLDivElement>(null);
  const onScreen = useWatchOnScreen(slot);
  return (
    <div ref={slot} className="chart-slot" data-slot={id} data-look={look ? '' : undefined} data-sym-hot={symHot ? '' : undefined}>
      <CardOnScreen.Provider value={onScreen}>{children}</CardOnScreen.Provider>
    </div>
  );
}

/** The charts in page order, the lesson's chart (if any) moved first. */
function lessonOrder(charts: ChartList, look: string | null): ChartList {
  const i = charts.findIndex((c) => c.id === look);
  return i <= 0 ? charts : [charts[i], ...charts.slice(0, i), ...charts.slice(i + 1)];
}
