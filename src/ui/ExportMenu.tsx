// "Export JSON" / "Export CSV": the run's history (config, seed, backend, and per step
// the loss, accuracy, health and per-layer gradient statistics) as a file. With a run
// set, every run: JSON `{ runs: [...] }` (A first, each with its label), CSV with a
// `run` column.
import { runLabel, selectRunConfigs, useStore } from '../store/store';
import { downloadBlob } from './download';
import { type ExportInput, exportFilename, type LabelledExportInput, runSetToCsv, runSetToJson, runToCsv, runToJson } from './exportRun';
import { useHistory } from './useHistory';
import { useT } from './useT';

export function ExportMenu() {
  const { history } = useHistory();
  const runCount = useStore((s) => s.runs.length);
  const empty = history.length === 0;

  const save = (format: 'json' | 'csv') => {
    const state = useStore.getState();
    const backend = state.backendInfo?.backend ?? null;
    const configs = selectRunConfigs(state);
    // Each run's own history and the config it runs with now (live changes included).
    const inputs: LabelledExportInput[] = state.runs.map((run, i) => ({
      label: runLabel(run.letter, state.variants),
      history: run.history,
      config: configs[i] ?? run.meta?.config ?? state.config,
      initialConfig: run.meta?.config ?? null,
      backend,
      exportedAt: new Date(),
    }));
    const first: ExportInput = inputs[0];
    const single = inputs.length === 1;
    const text =
      format === 'json' ? (single ? runToJson(first) : runSetToJson(inputs)) : single ? runToCsv(first) : runSetToCsv(inputs, first.exportedAt);
    const type = format === 'json' ? 'application/json' : 'text/csv';
    const seed = first.initialConfig?.seed ?? first.config.seed;
    downloadBlob(new Blob([text], { type }), exportFilename(seed, first.history.lastStep, format));
  };

  const t = useT();
  const why = empty ? t('export.wait') : undefined;
  const what = runCount > 1 ? t('export.allRuns', { count: runCount }) : t('export.theRun');
  return (
    <fieldset className="export-menu" style={{ display: 'inline-flex', gap: 6, border: 'none', margin: 0, padding: 0 }} aria-label={t('export.label')}>
      <button
        type="button"
        className="small"
        disabled={empty}
        title={why ?? t('export.json.hint', { what })}
        data-testid="export-json"
        onClick={() => save('json')}
      >
        {t('export.json')}
      </button>
      <button
        type="button"
        className="small"
        disabled={empty}
        title={why ?? t('export.csv.hint', { what })}
        data-testid="export-csv"
        onClick={() => save('csv')}
      >
        {t('export.csv')}
      </button>
    </fieldset>
  );
}
